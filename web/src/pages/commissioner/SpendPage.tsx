import { createQuery } from '@urql/solid';
import { For } from 'solid-js';
import { QueryView } from '../../components/Bits';
import { Title } from '../../components/Layout';
import { SpendChart, type SpendRow, SpendTable } from '../../components/SpendFigures';
import { label } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const SpendQuery = graphql(`
  query Spend {
    source: spendReport(by: source) { label committedPence spentPence commissions }
    school: spendReport(by: school) { label committedPence spentPence commissions }
    district: spendReport(by: district) { label committedPence spentPence commissions }
    category: spendReport(by: category) { label committedPence spentPence commissions }
    provider: spendReport(by: provider) { label committedPence spentPence commissions }
  }
`);

/** Funding sources are codes (COUNCIL) shown as words; every other name is shown as entered. */
const nameFor = (key: string) => (row: SpendRow) => (key === 'source' ? label(row.label) : row.label);

export default function SpendPage() {
  const [result, refetch] = createQuery({ query: SpendQuery, requestPolicy: 'cache-and-network' });
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
        source is shared across each child’s funders in proportion to what each allocated to that child.
      </p>
      <a class="govuk-button govuk-button--secondary" href="/exports/commissions.csv" download="commissions.csv">
        Download commissions (CSV)
      </a>
      <QueryView result={result} what="the spend report" retry={() => refetch()}>
        {(data) => (
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
        )}
      </QueryView>
    </>
  );
}
