import { createQuery, useClient } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { SelectField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { useSortParam } from '../../components/sort-param';
import { TableBox } from '../../components/TableBox';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { downloadOutcomesCsv } from './outcomes-csv';

const MeasuresQuery = graphql(`query OutcomeMeasureList { measures { code name } }`);

const OutcomesQuery = graphql(`
  query ServiceOutcomes($measure: String!, $orderBy: OutcomeOrder, $descending: Boolean, $limit: Int, $offset: Int, $providerLimit: Int, $providerOffset: Int) {
    serviceOutcomes(measure: $measure, orderBy: $orderBy, descending: $descending, limit: $limit, offset: $offset) {
      service { id name organisation { name } }
      suppressed children reliablyImproved shareImproved shareLower shareUpper spendPence costPerImprovedChildPence
      comparisonSuppressed comparisonChildren comparisonImproved comparisonShare comparisonLower comparisonUpper
    }
    providerOutcomes(measure: $measure, limit: $providerLimit, offset: $providerOffset) {
      organisation { id name }
      suppressed complementarySuppressed children reliablyImproved shareImproved shareLower shareUpper spendPence
      costPerImprovedChildPence
    }
  }
`);

type Key = 'name' | 'children' | 'shareImproved' | 'comparisonShare' | 'spendPence' | 'costPerImprovedChildPence';
/** The server's order for each column. */
const ORDER = {
  name: 'NAME',
  children: 'CHILDREN',
  shareImproved: 'SHARE_IMPROVED',
  comparisonShare: 'COMPARISON_SHARE',
  spendPence: 'SPEND',
  costPerImprovedChildPence: 'COST_PER_IMPROVED',
} as const;

const FEWER = 'fewer than 10';
/** A provider row hidden although it has 10 or more children: it would give a suppressed service back. */
const COMPLEMENTARY = 'hidden: would reveal a service with fewer than 10';
const hiddenAs = (r: { complementarySuppressed: boolean }) => (r.complementarySuppressed ? 'hidden' : FEWER);
const pct = (x: number | null) => (x == null ? '' : `${Math.round(x * 100)}%`);
const share = (x: number | null, lo: number | null, hi: number | null, suppressed: boolean) =>
  suppressed || x == null ? FEWER : `${pct(x)} (${pct(lo)} to ${pct(hi)})`;

export default function OutcomesPage() {
  const [measures] = createQuery({ query: MeasuresQuery });
  const [measure, setMeasure] = createSignal('SDQ_TOTAL');
  const [page, setPage] = usePage();
  const [providerPage, setProviderPage] = usePage('providers');
  // The order is in the address (?sort=children&dir=desc): reload and back keep it. A figure sorts
  // highest first; the name A to Z.
  const [sort, sortBy] = useSortParam(Object.keys(ORDER) as Key[], 'name', (key) => (key === 'name' ? 1 : -1));
  // Sorted and paged on the server (one row per service: a national zone has thousands); suppressed
  // rows come last, by name, whatever the figure sorted by.
  const [result, refetch] = createQuery({
    query: OutcomesQuery,
    variables: () => {
      const providers = pageVars(providerPage());
      return {
        measure: measure(),
        orderBy: ORDER[sort().key],
        descending: sort().dir === -1,
        ...pageVars(page()),
        providerLimit: providers.limit,
        providerOffset: providers.offset,
      };
    },
    requestPolicy: 'cache-and-network',
  });
  const client = useClient();
  const [downloading, setDownloading] = createSignal(false);
  const [downloadFailed, setDownloadFailed] = createSignal(false);
  const download = async () => {
    setDownloading(true);
    setDownloadFailed(false);
    try {
      await downloadOutcomesCsv(client, measure());
    } catch {
      setDownloadFailed(true);
    } finally {
      setDownloading(false);
    }
  };
  const Header = (h: { key: Key; text: string; numeric?: boolean }) => (
    <th
      scope="col"
      class={`govuk-table__header${h.numeric ? ' govuk-table__header--numeric' : ''}`}
      aria-sort={sort().key === h.key ? (sort().dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" class="app-sort-button" onClick={() => sortBy(h.key)}>
        {h.text}
      </button>
    </th>
  );
  return (
    <>
      <Title>Outcomes by service</Title>
      <h1 class="govuk-heading-xl">Outcomes by service</h1>
      <div class="govuk-inset-text">
        These figures are an association, not proof of effect: children who were commissioned a service may differ from
        those who were not in ways the portal does not see, and other help may have made the difference.
      </div>
      <p class="govuk-body">
        For each service: the children commissioned for it (accepted or completed) with a baseline and a follow-up
        score; how many reliably improved from their first score to their latest, as each child’s page shows it
        (Jacobson–Truax reliable change index); the share with its Wilson 95% interval; the same share for the zone’s
        other children with a baseline and a follow-up, as a comparison; spend on those children’s commissions for the
        service (completed: units delivered at the agreed price; accepted: the full amount reserved; a place from a
        block contract: the contract’s price per place); and spend per reliably improved child.
      </p>
      <p class="govuk-body">
        Fewer than 10 children: no figure is shown, so that no child can be identified, and neither is that row’s
        comparison (the zone’s total less the comparison would give the row back). A provider’s row is hidden too when
        it, less the provider’s services shown here, would give back the figures of one of its services with fewer than
        10 children.
      </p>
      <SelectField
        id="measure"
        label="Measure"
        value={measure()}
        options={(measures.data?.measures ?? [{ code: 'SDQ_TOTAL', name: 'SDQ total difficulties' }]).map((m) => ({
          value: m.code,
          label: m.name,
        }))}
        onChange={(m) => {
          setMeasure(m);
          setPage(0);
          setProviderPage(0);
        }}
      />
      <QueryView result={result} what="the outcomes report" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.serviceOutcomes.length > 0}
            fallback={<p class="govuk-body">No service has children commissioned and measured on this measure yet.</p>}
          >
            <button
              type="button"
              class="govuk-button govuk-button--secondary"
              disabled={downloading()}
              onClick={download}
            >
              Download the whole table (CSV)
            </button>
            <Show when={downloadFailed()}>
              <p class="govuk-error-message" role="alert">
                The download failed. Try again.
              </p>
            </Show>
            <TableBox label="Outcomes by service">
              <table class="govuk-table">
                <caption class="govuk-visually-hidden">Outcomes by service</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <Header key="name" text="Service" />
                    <Header key="children" text="Children" numeric />
                    <Header key="shareImproved" text="Reliably improved (95% interval)" numeric />
                    <Header key="comparisonShare" text="Comparison: not commissioned for it" numeric />
                    <Header key="spendPence" text="Spend" numeric />
                    <Header key="costPerImprovedChildPence" text="Spend per improved child" numeric />
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={pageRows(data.serviceOutcomes)}>
                    {(r) => (
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          {r.service.name}
                          <span class="govuk-body-s govuk-!-display-block">{r.service.organisation.name}</span>
                        </th>
                        <Num>{r.suppressed ? FEWER : r.children}</Num>
                        <Num>
                          {r.suppressed
                            ? FEWER
                            : `${r.reliablyImproved}: ${share(r.shareImproved, r.shareLower, r.shareUpper, false)}`}
                        </Num>
                        <Num>
                          {share(r.comparisonShare, r.comparisonLower, r.comparisonUpper, r.comparisonSuppressed)}
                        </Num>
                        <Num>{r.spendPence == null ? FEWER : money(r.spendPence)}</Num>
                        <Num>
                          {r.suppressed
                            ? FEWER
                            : r.costPerImprovedChildPence == null
                              ? 'none improved'
                              : money(r.costPerImprovedChildPence)}
                        </Num>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Pager page={page()} rows={data.serviceOutcomes} label="Services" onPage={setPage} />
            <h2 class="govuk-heading-l">By provider</h2>
            <p class="govuk-body">
              All of a provider’s services together: each child counted once. “{COMPLEMENTARY}”: the row has 10 or more
              children, but it less the services shown above would give away a service with fewer than 10.
            </p>
            <TableBox label="Outcomes by provider">
              <table class="govuk-table">
                <caption class="govuk-visually-hidden">Outcomes by provider</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      Provider
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Children
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Reliably improved (95% interval)
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Spend
                    </th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                      Spend per improved child
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  <For each={pageRows(data.providerOutcomes)}>
                    {(r) => (
                      <tr class="govuk-table__row">
                        <th scope="row" class="govuk-table__header">
                          {r.organisation.name}
                        </th>
                        <Num>{r.complementarySuppressed ? COMPLEMENTARY : r.suppressed ? FEWER : r.children}</Num>
                        <Num>
                          {r.suppressed
                            ? hiddenAs(r)
                            : `${r.reliablyImproved}: ${share(r.shareImproved, r.shareLower, r.shareUpper, false)}`}
                        </Num>
                        <Num>{r.spendPence == null ? hiddenAs(r) : money(r.spendPence)}</Num>
                        <Num>
                          {r.suppressed
                            ? hiddenAs(r)
                            : r.costPerImprovedChildPence == null
                              ? 'none improved'
                              : money(r.costPerImprovedChildPence)}
                        </Num>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableBox>
            <Pager page={providerPage()} rows={data.providerOutcomes} label="Providers" onPage={setProviderPage} />
          </Show>
        )}
      </QueryView>
    </>
  );
}
