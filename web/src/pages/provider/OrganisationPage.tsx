import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextArea, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { ResponseRecord } from '../../components/ResponseRecord';
import { label } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const OrganisationQuery = graphql(`
  query MyOrganisation {
    viewer { id organisation { id name kind description charityNumber companyNumber email phone website services(first: 100) { totalCount } responseRecord { requests enough expired acceptedShare medianWorkingDays windowMonths } } }
  }
`);
const UpdateOrganisation = graphql(`
  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {
    updateOrganisation(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

type Profile = {
  name: string;
  description: string;
  charityNumber: string;
  companyNumber: string;
  email: string;
  phone: string;
  website: string;
};

/** The provider's own organisation: how it appears beside every listing in the directory. */
export default function OrganisationPage() {
  const [result, refetch] = createQuery({ query: OrganisationQuery });
  const [state, update] = createMutation(UpdateOrganisation);
  const [errors, setErrors, message, setMessage] = createFeedback();

  const ProfileForm = (props: { initial: Profile }) => {
    const [v, setV] = createSignal<Profile>({ ...props.initial });
    const set = (key: keyof Profile) => (value: string) => setV({ ...v(), [key]: value });
    const submit = async (e: Event) => {
      e.preventDefault();
      const r = (await update({ input: v() })).data?.updateOrganisation;
      settleResult(r, setErrors, () => {
        setMessage('Your organisation’s profile is saved.');
        refetch({ requestPolicy: 'network-only' });
      });
    };
    return (
      <form onSubmit={submit} novalidate>
        <TextField id="name" label="Name" value={v().name} onInput={set('name')} error={errorFor(errors(), 'name')} />
        <TextArea
          id="description"
          label="Description"
          hint="Shown beside each of your listings"
          value={v().description}
          onInput={set('description')}
          error={errorFor(errors(), 'description')}
        />
        <TextField
          id="charityNumber"
          label="Charity number (optional)"
          value={v().charityNumber}
          onInput={set('charityNumber')}
          width="govuk-input--width-10"
          error={errorFor(errors(), 'charityNumber')}
        />
        <TextField
          id="companyNumber"
          label="Company number (optional)"
          value={v().companyNumber}
          onInput={set('companyNumber')}
          width="govuk-input--width-10"
          error={errorFor(errors(), 'companyNumber')}
        />
        <TextField
          id="email"
          label="Email (optional)"
          hint="Like name@example.org"
          type="email"
          value={v().email}
          onInput={set('email')}
          error={errorFor(errors(), 'email')}
        />
        <TextField
          id="phone"
          label="Phone (optional)"
          type="tel"
          value={v().phone}
          onInput={set('phone')}
          width="govuk-input--width-20"
          error={errorFor(errors(), 'phone')}
        />
        <TextField
          id="website"
          label="Website (optional)"
          hint="Starting https:// or http://, like https://example.org"
          value={v().website}
          onInput={set('website')}
          error={errorFor(errors(), 'website')}
        />
        <button type="submit" class="govuk-button" disabled={state.fetching}>
          Save profile
        </button>
      </form>
    );
  };

  return (
    <QueryView result={result} what="your organisation" retry={() => refetch()}>
      {(data) => (
        <Show
          when={data.viewer?.organisation}
          fallback={<p class="govuk-body">You are not linked to an organisation.</p>}
        >
          {(org) => (
            <>
              <Title>{org().name}</Title>
              <Show when={message()} keyed>
                <Banner success>{message()}</Banner>
              </Show>
              <ErrorSummary errors={errors()} />
              <span class="govuk-caption-l">
                Your organisation · {label(org().kind)} · {org().services.totalCount} listings
              </span>
              <h1 class="govuk-heading-xl">{org().name}</h1>
              <Show when={org().responseRecord}>
                <div class="govuk-inset-text">
                  <h2 class="govuk-heading-s govuk-!-margin-bottom-1">How link workers see your answers to requests</h2>
                  <ResponseRecord record={org().responseRecord} class="govuk-body govuk-!-margin-bottom-0" />
                </div>
              </Show>
              <ProfileForm
                initial={{
                  name: org().name,
                  description: org().description,
                  charityNumber: org().charityNumber ?? '',
                  companyNumber: org().companyNumber ?? '',
                  email: org().email ?? '',
                  phone: org().phone ?? '',
                  website: org().website ?? '',
                }}
              />
            </>
          )}
        </Show>
      )}
    </QueryView>
  );
}
