import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { OrganisationFields, organisationInput, organisationStore } from '../../components/OrganisationFields';
import { graphql } from '../../lib/graphql';

const Partnerships = graphql(`query JoinPartnerships { partnerships { slug name } }`);
const RequestToJoin = graphql(`
  mutation RequestToJoin($input: RequestToJoinInput!) {
    requestToJoin(input: $input) {
      __typename
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/** Public: a provider asks to add their organisation to a partnership's directory. */
export default function JoinPage() {
  const [partnerships] = createQuery({ query: Partnerships });
  const [, send] = createMutation(RequestToJoin);
  const [details, setDetails] = organisationStore();
  const [zone, setZone] = createSignal('');
  const [contactName, setContactName] = createSignal('');
  const [contactEmail, setContactEmail] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [sent, setSent] = createSignal(false);
  const zoneSlug = () =>
    zone() || (partnerships.data?.partnerships.length === 1 ? partnerships.data.partnerships[0]!.slug : '');

  const submit = async (e: Event) => {
    e.preventDefault();
    const input = {
      zoneSlug: zoneSlug(),
      ...organisationInput(details),
      contactName: contactName(),
      contactEmail: contactEmail().trim(),
    };
    const r = (await send({ input })).data?.requestToJoin;
    settleResult(r, setErrors, () => setSent(true));
  };

  return (
    <>
      <Title>{sent() ? 'Request sent' : 'Ask to join the directory'}</Title>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <Show
            when={!sent()}
            fallback={
              <>
                <div class="govuk-panel govuk-panel--confirmation">
                  <h1 class="govuk-panel__title">Request sent</h1>
                  <div class="govuk-panel__body">We have emailed {contactEmail().trim()}</div>
                </div>
                <p class="govuk-body">
                  An administrator of the partnership will look at your request. We will email the contact with their
                  decision; if it is approved, the email has a link to choose a password and add your listings.
                </p>
              </>
            }
          >
            <ErrorSummary errors={errors()} />
            <h1 class="govuk-heading-xl">Ask to join the directory</h1>
            <p class="govuk-body">
              Tell us about your organisation. An administrator checks each request before the organisation can add
              listings.
            </p>
            <form novalidate onSubmit={submit}>
              <Show when={(partnerships.data?.partnerships.length ?? 0) > 1}>
                <SelectField
                  id="zoneSlug"
                  label="Partnership"
                  value={zone()}
                  onChange={setZone}
                  error={errorFor(errors(), 'zoneSlug')}
                  options={[
                    { value: '', label: 'Choose a partnership' },
                    ...(partnerships.data?.partnerships ?? []).map((p) => ({ value: p.slug, label: p.name })),
                  ]}
                />
              </Show>
              <OrganisationFields details={details} set={setDetails} errors={errors()} />
              <h2 class="govuk-heading-m">First contact</h2>
              <p class="govuk-body">This person gets the organisation’s first account when the request is approved.</p>
              <TextField
                id="contactName"
                label="Full name"
                autocomplete="name"
                value={contactName()}
                onInput={setContactName}
                error={errorFor(errors(), 'contactName')}
              />
              <TextField
                id="contactEmail"
                label="Email address"
                type="email"
                autocomplete="email"
                inputmode="email"
                value={contactEmail()}
                onInput={setContactEmail}
                error={errorFor(errors(), 'contactEmail')}
              />
              <button type="submit" class="govuk-button">
                Send request
              </button>
            </form>
          </Show>
        </div>
      </div>
    </>
  );
}
