import { A } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { graphql } from '../lib/graphql';
import { ErrorSummary, errorFor, type FormError, settleResult } from './ErrorSummary';
import { SelectField, TextField } from './Fields';

const ListsQuery = graphql(`query ShortlistChoices { shortlists { id name } }`);
const Save = graphql(`
  mutation SaveToShortlist($input: SaveToShortlistInput!) {
    saveToShortlist(input: $input) {
      __typename ... on SaveToShortlistSuccess { shortlist { id name } } ... on Error { message } ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

/** "Save to shortlist" for link workers: an existing list, or a new named one for a family. */
export function SaveToShortlist(props: {
  serviceId: string;
  childId?: string;
  idSuffix?: string;
  serviceName?: string;
}) {
  // Several on one page (each search result): every id gets the result's suffix.
  const id = (base: string) => (props.idSuffix ? `${base}-${props.idSuffix}` : base);
  const [lists, refetch] = createQuery({ query: ListsQuery });
  const [saving, save] = createMutation(Save);
  const [choice, setChoice] = createSignal(props.childId ? 'child' : '');
  const [name, setName] = createSignal('');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [saved, setSaved] = createSignal<{ id: string; name: string } | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const c = choice();
    if (!c) return setErrors([{ field: id('shortlist'), message: 'Choose a list, or a new list' }]);
    if (c === 'new' && !name().trim())
      return setErrors([{ field: id('shortlistName'), message: 'Enter a name for the new list' }]);
    const input =
      c === 'new'
        ? { serviceId: props.serviceId, name: name() }
        : c === 'child'
          ? { serviceId: props.serviceId, childId: props.childId }
          : { serviceId: props.serviceId, shortlistId: c };
    // A second click while the first is on its way would make a second list of the same name.
    if (saving.fetching) return;
    const r = (await save({ input })).data?.saveToShortlist;
    settleResult(
      r,
      setErrors,
      () => {
        if (r?.__typename === 'SaveToShortlistSuccess') setSaved(r.shortlist);
        refetch({ requestPolicy: 'network-only' });
      },
      { name: id('shortlistName'), shortlistId: id('shortlist'), childId: id('shortlist') },
    );
  };
  return (
    <section aria-labelledby={id('shortlist-heading')}>
      <h2 class={props.idSuffix ? 'govuk-visually-hidden' : 'govuk-heading-m'} id={id('shortlist-heading')}>
        Save {props.serviceName ?? ''} to shortlist
      </h2>
      <Show when={saved()} keyed>
        {(l) => (
          <p class="govuk-body" role="status">
            Saved to{' '}
            <A href={`/shortlists/${encodeURIComponent(l.id)}`} class="govuk-link">
              {l.name}
            </A>
            .
          </p>
        )}
      </Show>
      <ErrorSummary errors={errors()} />
      <form onSubmit={submit} novalidate>
        <SelectField
          id={id('shortlist')}
          label="List"
          value={choice()}
          onChange={setChoice}
          error={errorFor(errors(), id('shortlist'))}
          options={[
            { value: '', label: 'Choose a list' },
            ...(props.childId ? [{ value: 'child', label: 'This child’s list' }] : []),
            ...(lists.data?.shortlists ?? []).map((l) => ({ value: l.id, label: l.name })),
            { value: 'new', label: 'A new list to share with a family' },
          ]}
        />
        <Show when={choice() === 'new'}>
          <TextField
            id={id('shortlistName')}
            label="Name of the new list"
            hint="For example, Ideas for the family. Do not use the child’s name: families and providers may see this."
            value={name()}
            onInput={setName}
            error={errorFor(errors(), id('shortlistName'))}
          />
        </Show>
        <button type="submit" class="govuk-button govuk-button--secondary" disabled={saving.fetching}>
          Save to shortlist
          <Show when={props.serviceName}>
            <span class="govuk-visually-hidden"> {props.serviceName}</span>
          </Show>
        </button>
      </form>
    </section>
  );
}
