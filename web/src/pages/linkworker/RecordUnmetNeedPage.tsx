import { useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { BackLink, Banner, QueryView } from '../../components/Bits';
import { ChildPicker } from '../../components/ChildPicker';
import { ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { SelectField, TextArea } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { graphql } from '../../lib/graphql';

const RecordQuery = graphql(`
  query RecordUnmetNeedPage {
    viewer { id zone { needTags } }
  }
`);
const RecordMutation = graphql(`
  mutation RecordUnmetNeed($input: RecordUnmetNeedInput!) {
    recordUnmetNeed(input: $input) {
      __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }
      ... on RecordUnmetNeedSuccess { unmetNeed { needTag } }
    }
  }
`);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || '';

/** What the search tried, as a first draft of "what was tried" (the link worker edits it). */
function triedFrom(p: { q: string; category: string; district: string }): string {
  const bits = [
    p.q && `searched the directory for “${p.q}”`,
    p.category && `in the category ${p.category.replace(/-/g, ' ')}`,
    p.district && `serving ${p.district}`,
  ].filter(Boolean);
  return bits.length ? `${bits.join(' ')}: no results.`.replace(/^./, (c) => c.toUpperCase()) : '';
}

/**
 * "No suitable service was found" against one of a child's needs (link workers): from the child's page
 * (?child=) or from a search with no results (?q=&category=&district=, carried into what was tried;
 * the district recorded is the child's school's).
 */
export default function RecordUnmetNeedPage() {
  const [params] = useSearchParams();
  const [result, refetch] = createQuery({ query: RecordQuery });
  const [recording, record] = createMutation(RecordMutation);
  const [child, setChild] = createSignal(one(params.child));
  const [need, setNeed] = createSignal(one(params.need) || one(params.category).replace(/-/g, ' '));
  const [tried, setTried] = createSignal(
    triedFrom({ q: one(params.q), category: one(params.category), district: one(params.district) }),
  );
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const [recorded, setRecorded] = createSignal<string | null>(null);

  const submit = async (event: SubmitEvent, needTags: readonly string[]) => {
    event.preventDefault();
    setRecorded(null);
    const problems: FormError[] = [];
    if (!child()) problems.push({ field: 'child', message: 'Choose the child' });
    if (!needTags.includes(need())) problems.push({ field: 'need', message: 'Choose the need no service met' });
    if (!tried().trim()) problems.push({ field: 'tried', message: 'Say what was tried' });
    setErrors(problems);
    if (problems.length) return;
    const res = await record({ input: { childId: child(), needTag: need(), tried: tried() } });
    const r = res.data?.recordUnmetNeed;
    if (r?.__typename === 'RecordUnmetNeedSuccess') {
      setRecorded(r.unmetNeed.needTag);
      setTried('');
      return;
    }
    setErrors(
      r
        ? formErrors(r as never, { childId: 'child', needTag: 'need' })
        : [{ message: 'We could not save this just now. Try again.' }],
    );
  };

  return (
    <>
      <Title>Record that no suitable service was found</Title>
      <BackLink href={child() ? `/children/${encodeURIComponent(child())}` : '/'}>Back</BackLink>
      <Show when={recorded()}>
        {(tag) => (
          <Banner success title="Recorded">
            <p class="govuk-notification-banner__heading">
              Recorded that no suitable service was found for the need “{tag()}”.
            </p>
            <p class="govuk-body">Commissioners see it in the unmet-need report, without the child’s name.</p>
          </Banner>
        )}
      </Show>
      <ErrorSummary errors={errors()} />
      <h1 class="govuk-heading-l">Record that no suitable service was found</h1>
      <QueryView result={result} what="your caseload" retry={() => refetch()}>
        {(data) => (
          <form onSubmit={(e) => submit(e, data.viewer?.zone.needTags ?? [])} novalidate>
            <ChildPicker
              id="child"
              label="Child"
              value={child()}
              onChange={(c) => setChild(c?.id ?? '')}
              error={errorFor(errors(), 'child')}
            />
            <SelectField
              id="need"
              label="The need no service met"
              value={(data.viewer?.zone.needTags ?? []).includes(need()) ? need() : ''}
              onChange={setNeed}
              error={errorFor(errors(), 'need')}
              options={[
                { value: '', label: 'Choose a need' },
                ...(data.viewer?.zone.needTags ?? []).map((t) => ({ value: t, label: t })),
              ]}
            />
            <TextArea
              id="tried"
              label="What was tried"
              hint="The searches, services contacted and why none fitted. Do not include the child’s name."
              value={tried()}
              onInput={setTried}
              error={errorFor(errors(), 'tried')}
            />
            <button type="submit" class="govuk-button" disabled={recording.fetching}>
              Record it
            </button>
          </form>
        )}
      </QueryView>
    </>
  );
}
