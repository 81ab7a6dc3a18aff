import { A } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For, Show } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { MeasureName } from '../../components/MeasureName';
import { SpendTable } from '../../components/SpendFigures';
import { TableBox } from '../../components/TableBox';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const Overview = graphql(`
  query SchoolOverview {
    schoolOverview {
      schoolName districtId districtName childrenInProgramme childReferences
      byYearGroup { yearGroup children }
      spend { label committedPence spentPence commissions }
      byCategory { label committedPence spentPence commissions }
      byProvider { label committedPence spentPence commissions }
      outcomes { measure { name shortName } suppressed children reliablyImproved shareImproved }
    }
  }
`);

/** A head teacher's school in aggregate: counts and references, never a child's name. */
export default function SchoolOverviewPage() {
  const [result, refetch] = createQuery({ query: Overview });
  return (
    <>
      <Title>Your school</Title>
      <QueryView result={result} what="your school" retry={() => refetch({ requestPolicy: 'network-only' })}>
        {(data) => (
          <Show
            when={data.schoolOverview}
            fallback={<p class="govuk-body">Your account is not linked to a school. Ask your administrator.</p>}
          >
            {(o) => (
              <>
                <span class="govuk-caption-l">{o().districtName}</span>
                <h1 class="govuk-heading-xl">{o().schoolName}</h1>
                <p class="govuk-body">
                  <A class="govuk-link" href={`/?district=${encodeURIComponent(o().districtId)}`}>
                    The local offer for {o().districtName}
                  </A>{' '}
                  (services that serve your district), or{' '}
                  <A class="govuk-link" href="/local-offer">
                    the printable local offer digest
                  </A>{' '}
                  with what is new or changed.
                </p>
                <h2 class="govuk-heading-l">Children in the programme</h2>
                <p class="govuk-body" data-testid="children-count">
                  <strong>{o().childrenInProgramme}</strong> children from your school are in the programme.
                </p>
                <TableBox label="Children by year group">
                  <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--m">By year group</caption>
                    <thead class="govuk-table__head">
                      <tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">
                          Year group
                        </th>
                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                          Children
                        </th>
                      </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                      <For each={o().byYearGroup}>
                        {(y) => (
                          <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">
                              {y.yearGroup === 0 ? 'Reception' : `Year ${y.yearGroup}`}
                            </th>
                            <Num>{y.children}</Num>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </TableBox>
                <details class="govuk-details">
                  <summary class="govuk-details__summary">
                    <span class="govuk-details__summary-text">Their references</span>
                  </summary>
                  <div class="govuk-details__text">
                    <p class="govuk-body">Pseudonymous references, for talking to the link-worker team.</p>
                    <ul class="govuk-list" data-testid="references">
                      <For each={o().childReferences}>{(r) => <li>{r}</li>}</For>
                    </ul>
                  </div>
                </details>
                <h2 class="govuk-heading-l">Spend this budget period</h2>
                <dl class="govuk-summary-list">
                  <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">Spent</dt>
                    <dd class="govuk-summary-list__value">{money(o().spend.spentPence)}</dd>
                  </div>
                  <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">Committed</dt>
                    <dd class="govuk-summary-list__value">{money(o().spend.committedPence)}</dd>
                  </div>
                  <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">Commissions</dt>
                    <dd class="govuk-summary-list__value">{o().spend.commissions}</dd>
                  </div>
                </dl>
                <p class="govuk-body">
                  A category or provider with fewer than 10 of your school’s children is not named (it could tell you
                  what help a child gets): they are added together as “Other”.
                </p>
                <SpendTable
                  rows={o().byCategory}
                  caption="Commissions by category"
                  rowHeader="Category"
                  name={(r) => r.label}
                  counts
                />
                <SpendTable
                  rows={o().byProvider}
                  caption="Commissions by provider"
                  rowHeader="Provider"
                  name={(r) => r.label}
                  counts
                />
                <h2 class="govuk-heading-l">Outcomes</h2>
                <Show
                  when={!o().outcomes.suppressed}
                  fallback={
                    <p class="govuk-body" data-testid="outcomes">
                      Fewer than 10 of your school’s children have a baseline and a follow-up on the{' '}
                      <MeasureName measure={o().outcomes.measure} />, so no figure is shown: a child could be
                      recognised.
                    </p>
                  }
                >
                  <p class="govuk-body" data-testid="outcomes">
                    {o().outcomes.reliablyImproved} of {o().outcomes.children} children with a baseline and a follow-up
                    on the <MeasureName measure={o().outcomes.measure} /> reliably improved (
                    {Math.round(100 * (o().outcomes.shareImproved ?? 0))}%).
                  </p>
                </Show>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}
