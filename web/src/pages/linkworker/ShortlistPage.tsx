import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { BackLink, Banner, QueryView } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';

const ShortlistQuery = graphql(`
  query ShortlistPage($id: ID!) {
    shortlist(id: $id) { id name sharedName forChild services { id name organisation description contact openingTimes howToRefer } }
  }
`);
const Email = graphql(`
  mutation EmailShortlist($input: EmailShortlistInput!) {
    emailShortlist(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

const Remove = graphql(`
  mutation RemoveFromShortlist($input: RemoveFromShortlistInput!) {
    removeFromShortlist(input: $input) { __typename ... on Error { message } }
  }
`);

/** A shortlist as a family would read it: printable (print stylesheet), and emailed from here. */
export default function ShortlistPage() {
  const id = useRouteId();
  const [result, refetch] = createQuery({ query: ShortlistQuery, variables: () => ({ id: id() ?? '' }) });
  const [, send] = createMutation(Email);
  const [, remove] = createMutation(Remove);
  const removeService = async (serviceId: string, name: string) => {
    const r = (await remove({ input: { shortlistId: id()!, serviceId } })).data?.removeFromShortlist;
    settleResult(r, setErrors, () => {
      setMessage(`${name} removed from the list.`);
      refetch({ requestPolicy: 'network-only' });
    });
  };
  const [email, setEmail] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!email().trim()) return setErrors([{ field: 'email', message: 'Enter the family’s email address' }]);
    const r = (await send({ input: { shortlistId: id()!, email: email() } })).data?.emailShortlist;
    settleResult(r, setErrors, () => setMessage(`The list is on its way to ${email().trim()}.`), { email: 'email' });
  };
  return (
    <>
      <div class="app-no-print">
        <BackLink href="/shortlists">Back to shortlists</BackLink>
      </div>
      <Title>Shortlist</Title>
      <QueryView result={result} what="the shortlist" retry={() => refetch()}>
        {(data) => (
          <Show when={data.shortlist} fallback={<h1 class="govuk-heading-l">Shortlist not found</h1>}>
            {(list) => (
              <>
                {/* One heading: what the link worker typed stays theirs on screen; the printed copy reads
                    the shared name, with no child's name (audit F8). */}
                <h1 class="govuk-heading-xl">
                  <Show when={list().sharedName} fallback={list().name}>
                    {(shared) => (
                      <>
                        Services for you: <span class="app-no-print">{list().name}</span>
                        <span class="app-print-only">{shared()}</span>
                      </>
                    )}
                  </Show>
                </h1>
                <Show when={list().sharedName !== list().name && list().sharedName}>
                  {(shared) => <p class="govuk-body app-no-print">Printed as “Services for you: {shared()}”.</p>}
                </Show>
                <Show when={message()} keyed>
                  <div class="app-no-print">
                    <Banner success>{message()}</Banner>
                  </div>
                </Show>
                <Show when={!list().services.length}>
                  <p class="govuk-body">
                    No services yet.{' '}
                    <A href="/" class="govuk-link">
                      Find services
                    </A>{' '}
                    and save them to this list.
                  </p>
                </Show>
                <For each={list().services}>
                  {(svc) => (
                    <section class="app-shortlist-item" aria-label={svc.name}>
                      <h2 class="govuk-heading-m">{svc.name}</h2>
                      <p class="govuk-body-s">{svc.organisation}</p>
                      <p class="govuk-body">{svc.description}</p>
                      <dl class="govuk-summary-list">
                        <div class="govuk-summary-list__row">
                          <dt class="govuk-summary-list__key">Contact</dt>
                          <dd class="govuk-summary-list__value">{svc.contact.join(' · ') || 'See the listing'}</dd>
                        </div>
                        <div class="govuk-summary-list__row">
                          <dt class="govuk-summary-list__key">Opening times</dt>
                          <dd class="govuk-summary-list__value">{svc.openingTimes.join('; ') || 'Ask the service'}</dd>
                        </div>
                        <div class="govuk-summary-list__row">
                          <dt class="govuk-summary-list__key">How to refer</dt>
                          <dd class="govuk-summary-list__value">{svc.howToRefer}</dd>
                        </div>
                      </dl>
                      <div class="app-no-print">
                        <button
                          type="button"
                          class="govuk-button govuk-button--warning"
                          onClick={() => removeService(svc.id, svc.name)}
                        >
                          Remove<span class="govuk-visually-hidden"> {svc.name}</span> from this list
                        </button>
                      </div>
                    </section>
                  )}
                </For>
                <div class="app-no-print">
                  <button type="button" class="govuk-button govuk-button--secondary" onClick={() => window.print()}>
                    Print this list
                  </button>
                  <Show when={!list().forChild && list().services.length}>
                    <h2 class="govuk-heading-m">Email this list to a family</h2>
                    <ErrorSummary errors={errors()} />
                    <form onSubmit={submit} novalidate>
                      <TextField
                        id="email"
                        label="Email address"
                        hint="The email has the services’ public details only: nothing about any child."
                        value={email()}
                        onInput={setEmail}
                        type="email"
                        autocomplete="off"
                        error={errorFor(errors(), 'email')}
                      />
                      <button type="submit" class="govuk-button">
                        Send the list
                      </button>
                    </form>
                  </Show>
                </div>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}
