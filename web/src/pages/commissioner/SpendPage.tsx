import { A, useSearchParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { For } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { SpendChart, type SpendRow, SpendTable } from '../../components/SpendFigures';
import { label } from '../../lib/format';
import { describeWindow, SpendPeriodForm } from './SpendPeriodForm';
import { SpendQuery } from './spend-query';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** Funding sources are codes (COUNCIL) shown as words; every other name is shown as entered. */
const nameFor = (key: string) => (row: SpendRow) => (key === 'source' ? label(row.label) : row.label);

export default function SpendPage() {
  // The window lives in the address (?period=2026-27&from=2026-10-01&to=2026-10-31): linkable, and
  // the CSV download follows it. No period means the zone's current one.
  const [params, setParams] = useSearchParams();
  const asked = () => ({ period: one(params.period), from: one(params.from), to: one(params.to) });
  const [result, refetch] = createQuery({
    query: SpendQuery,
    variables: () => asked(),
    requestPolicy: 'cache-and-network',
  });
  const csvHref = () => {
    const q = new URLSearchParams(Object.entries(asked()).filter((e): e is [string, string] => Boolean(e[1])));
    return `/exports/commissions.csv${q.size ? `?${q}` : ''}`;
  };
  const sections = [
    ['source', 'By funding source', 'Source'],
    ['provider', 'By provider', 'Provider'],
    ['category', 'By category', 'Category'],
    ['school', 'By school', 'School'],
    ['district', 'By district', 'District'],
  ] as const;
  return (
    <>
      <Title>Spend</Title>
      <h1 class="govuk-heading-xl">Where the money goes</h1>
      <p class="govuk-body">
        Committed is raised, approved or accepted but not yet delivered; spent is delivered and completed. Spend by
        source is shared across each child’s funders in proportion to what each allocated to that child, in whole pence,
        so the sources add up exactly to every other view.
      </p>
      <p class="govuk-body">
        This is children’s budgets. A place under a block contract is paid for from the contract’s pot, not the child’s
        budget, so it counts here at £0; what contracts cost is on the{' '}
        <A class="govuk-link" href="/contracts">
          Contracts
        </A>{' '}
        and{' '}
        <A class="govuk-link" href="/payment-runs">
          Payment runs
        </A>{' '}
        pages.
      </p>
      <QueryView result={result} what="the spend report" retry={() => refetch()}>
        {(data) => (
          <>
            <SpendPeriodForm
              periods={data.spendPeriods}
              value={{ ...asked(), period: asked().period ?? data.viewer?.zone.currentPeriod ?? '' }}
              onChange={(w) => setParams({ period: w.period, from: w.from, to: w.to })}
            />
            <p class="govuk-body govuk-!-font-weight-bold" id="spend-window">
              {describeWindow({
                ...asked(),
                period: asked().period ?? (asked().from || asked().to ? undefined : data.viewer?.zone.currentPeriod),
              })}
            </p>
            <a class="govuk-button govuk-button--secondary" href={csvHref()} download="commissions.csv">
              Download commissions (CSV)
            </a>
            <For each={sections}>
              {([key, caption, header]) => (
                <section>
                  <h2 class="govuk-heading-l">{caption}</h2>
                  <SpendChart rows={data[key]} name={nameFor(key)} />
                  <SpendTable
                    rows={data[key]}
                    caption={caption}
                    rowHeader={header}
                    name={nameFor(key)}
                    counts={key !== 'source'}
                  />
                  {key === 'source' ? (
                    <p class="govuk-body-s">
                      No commission counts here: a commission paid from several funders would count once under each.
                    </p>
                  ) : null}
                </section>
              )}
            </For>
          </>
        )}
      </QueryView>
    </>
  );
}
