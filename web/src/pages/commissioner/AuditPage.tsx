import { A, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { createDateRange, DateRangeInputs, isoParts } from '../../components/DateRange';
import { ErrorSummary, type FormError } from '../../components/ErrorSummary';
import { TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { commissionHref, commissionName } from '../../components/Timeline';
import { dateTime, label } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { one, realDay } from '../../lib/url-params';

const AuditQuery = graphql(`
  query Audit($after: String, $filter: AuditFilter) {
    auditEvents(first: 50, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id at action entityType actor { name } commission { id service { name } child { reference } } } }
    }
  }
`);

/** A record's type in words: FundingPot is "Funding pot". */
const recordName = (type: string) => type.replace(/(?<=[a-z])([A-Z])/g, (c) => ` ${c.toLowerCase()}`);

// The shape of a commission reference (schema/domain/commission-reference.ts), as people type it.
const REFERENCE = /^\s*(cr)?[\s-]*[2-9a-hjkmnp-tv-z]{5}\s*$/i;
const MAX_WHO = 100;
const LIKE = { from: '1 9 2026', to: '30 11 2026' };

/** What is wrong with the typed filters (or the address's), in the form's words. */
function textErrors(who: string, ref: string): FormError[] {
  const found: FormError[] = [];
  if (who.trim().length > MAX_WHO)
    found.push({ field: 'who', message: `Enter at most ${MAX_WHO} characters for who acted` });
  if (ref.trim() && !REFERENCE.test(ref)) found.push({ field: 'ref', message: 'Enter a reference like CR-7KQ2M' });
  return found;
}

/** Who did what, when: every change, and every read of a child's full record; filtered through the address. */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const asked = () => ({ who: one(params.who), from: one(params.from), to: one(params.to), ref: one(params.ref) });
  // The page is in the address (?after=<cursor>): Back from a commission and a reload keep it.
  const after = () => one(params.after) || null;
  const [who, setWho] = createSignal(asked().who ?? '');
  const [ref, setRef] = createSignal(asked().ref ?? '');
  const [errors, setErrors] = createSignal<FormError[]>([]);
  const range = createDateRange(asked());
  // Back, forward and links change the address: the boxes follow it. A value
  // typed into the address that the form would refuse (2026-13-45) is shown at its box, not asked for.
  createEffect(
    on(asked, (a) => {
      setWho(a.who ?? '');
      setRef(a.ref ?? '');
      range.setFrom(isoParts(a.from));
      range.setTo(isoParts(a.to));
      setErrors(textErrors(a.who ?? '', a.ref ?? ''));
      range.check(LIKE, true);
    }),
  );
  const usable = () => {
    const a = asked();
    const from = realDay(a.from);
    const to = realDay(a.to) && !(from && from > a.to!) ? a.to : undefined;
    const bad = (field: string) => textErrors(a.who ?? '', a.ref ?? '').some((e) => e.field === field);
    return { who: bad('who') ? undefined : a.who, ref: bad('ref') ? undefined : a.ref, from, to };
  };
  const filtered = () => Object.values(asked()).some(Boolean);
  const [result, refetch] = createQuery({
    query: AuditQuery,
    variables: () => {
      const a = usable();
      return {
        after: after(),
        filter: Object.values(a).some(Boolean)
          ? { actor: a.who ?? null, from: a.from ?? null, to: a.to ?? null, commissionReference: a.ref ?? null }
          : null,
      };
    },
    requestPolicy: 'cache-and-network',
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = textErrors(who(), ref());
    const days = range.check(LIKE, true);
    setErrors(found);
    if (found.length || !days) return;
    // New filters start again at the first page.
    setParams({
      who: who().trim() || undefined,
      ref: ref().trim() || undefined,
      from: days.from,
      to: days.to,
      after: undefined,
    });
  };
  /** The filters in force, in words, for the empty state. */
  const inForce = () => {
    const a = asked();
    return [
      a.who && `who acted (“${a.who}”)`,
      (a.from || a.to) && 'the dates',
      a.ref && `the commission reference (${a.ref})`,
    ].filter(Boolean);
  };
  return (
    <>
      <Title>Audit trail</Title>
      <h1 class="govuk-heading-xl">Audit trail</h1>
      <form onSubmit={submit} novalidate aria-label="Filter the audit trail">
        <ErrorSummary errors={[...errors(), ...range.errors()]} />
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <TextField
              id="who"
              label="Who acted"
              hint="Part of a name or email address"
              labelClass="govuk-label--s"
              value={who()}
              onInput={setWho}
              error={errors().find((e) => e.field === 'who')?.message}
              autocomplete="off"
            />
          </div>
          <div class="govuk-grid-column-one-half">
            <TextField
              id="ref"
              label="Commission reference"
              hint="For example, CR-7KQ2M"
              labelClass="govuk-label--s"
              width="govuk-input--width-10"
              value={ref()}
              onInput={setRef}
              error={errors().find((e) => e.field === 'ref')?.message}
              autocomplete="off"
            />
          </div>
        </div>
        <DateRangeInputs range={range} hints={{ from: 'For example, 1 9 2026', to: 'For example, 30 11 2026' }} />
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button govuk-button--secondary">
            Filter events
          </button>
          <Show when={filtered()}>
            <A class="govuk-link" href="/audit">
              Clear filters
            </A>
          </Show>
        </div>
      </form>
      <QueryView result={result} what="the audit trail" retry={() => refetch()}>
        {(data) => (
          <>
            <p class="govuk-body" role="status" data-testid="audit-count">
              {data.auditEvents.totalCount} {data.auditEvents.totalCount === 1 ? 'event matches' : 'events match'}
            </p>
            <Show when={data.auditEvents.totalCount === 0 && filtered()}>
              <p class="govuk-body" data-testid="audit-empty">
                No events match. Remove the filter on {inForce().join(' or ')} to see more.
              </p>
            </Show>
            <TableBox label="Audit log">
              <table class="govuk-table">
                <caption class="govuk-table__caption govuk-table__caption--m">Newest first</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      When
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Who
                    </th>
                    <th scope="col" class="govuk-table__header">
                      What
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Record
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={data.auditEvents.edges.map((e) => e.node)}>
                    {(event) => (
                      <tr class="govuk-table__row">
                        <td class="govuk-table__cell app-nowrap">{dateTime(event.at)}</td>
                        <td class="govuk-table__cell">{event.actor?.name ?? 'System'}</td>
                        <td class="govuk-table__cell">{label(event.action)}</td>
                        <td class="govuk-table__cell">
                          <Show when={event.commission} fallback={recordName(event.entityType)}>
                            {(c) => (
                              <A class="govuk-link" href={commissionHref(c().id)}>
                                {commissionName(c())}
                              </A>
                            )}
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Show when={data.auditEvents.pageInfo.hasNextPage}>
              <button
                type="button"
                class="govuk-button govuk-button--secondary"
                onClick={() => setParams({ after: data.auditEvents.pageInfo.endCursor ?? undefined })}
              >
                Older events
              </button>
            </Show>
          </>
        )}
      </QueryView>
    </>
  );
}
