import { createQuery } from '@urql/solid';
import { createMemo, createSignal, For, Show } from 'solid-js';
import { Num, QueryView } from '../../components/Bits';
import { SelectField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { money } from '../../lib/format';
import { graphql } from '../../lib/graphql';

const MeasuresQuery = graphql(`query OutcomeMeasureList { measures { code name } }`);

const OutcomesQuery = graphql(`
  query ServiceOutcomes($measure: String!) {
    serviceOutcomes(measure: $measure) {
      service { id name organisation { name } }
      suppressed children reliablyImproved shareImproved shareLower shareUpper spendPence costPerImprovedChildPence
      comparisonSuppressed comparisonChildren comparisonImproved comparisonShare comparisonLower comparisonUpper
    }
    providerOutcomes(measure: $measure) {
      organisation { id name }
      suppressed complementarySuppressed children reliablyImproved shareImproved shareLower shareUpper spendPence
      costPerImprovedChildPence
    }
  }
`);

type Row = {
  service: { id: string; name: string; organisation: { name: string } };
  suppressed: boolean;
  children: number | null;
  reliablyImproved: number | null;
  shareImproved: number | null;
  shareLower: number | null;
  shareUpper: number | null;
  spendPence: number | null;
  costPerImprovedChildPence: number | null;
  comparisonSuppressed: boolean;
  comparisonShare: number | null;
  comparisonLower: number | null;
  comparisonUpper: number | null;
  comparisonChildren: number | null;
};
type Key = 'name' | 'children' | 'shareImproved' | 'comparisonShare' | 'spendPence' | 'costPerImprovedChildPence';

const FEWER = 'fewer than 10';
/** A provider row hidden although it has 10 or more children: it would give a suppressed service back. */
const COMPLEMENTARY = 'hidden: would reveal a service with fewer than 10';
const hiddenAs = (r: { complementarySuppressed: boolean }) => (r.complementarySuppressed ? 'hidden' : FEWER);
const pct = (x: number | null) => (x == null ? '' : `${Math.round(x * 100)}%`);
const share = (x: number | null, lo: number | null, hi: number | null, suppressed: boolean) =>
  suppressed || x == null ? FEWER : `${pct(x)} (${pct(lo)} to ${pct(hi)})`;

/** CSV cells that a spreadsheet would run as a formula are prefixed with ' (as the server's exports do). */
const cell = (v: string | number | null) => {
  const s = v == null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function outcomesCsv(rows: Row[]): string {
  const head = [
    'service',
    'provider',
    'suppressed',
    'children',
    'reliablyImproved',
    'shareImproved',
    'shareLower',
    'shareUpper',
    'comparisonSuppressed',
    'comparisonChildren',
    'comparisonShare',
    'comparisonLower',
    'comparisonUpper',
    'spendPence',
    'costPerImprovedChildPence',
  ];
  const lines = rows.map((r) =>
    [
      r.service.name,
      r.service.organisation.name,
      r.suppressed ? 'yes' : 'no',
      r.children,
      r.reliablyImproved,
      r.shareImproved,
      r.shareLower,
      r.shareUpper,
      r.comparisonSuppressed ? 'yes' : 'no',
      r.comparisonChildren,
      r.comparisonShare,
      r.comparisonLower,
      r.comparisonUpper,
      r.spendPence,
      r.costPerImprovedChildPence,
    ]
      .map(cell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\r\n');
}

export default function OutcomesPage() {
  const [measures] = createQuery({ query: MeasuresQuery });
  const [measure, setMeasure] = createSignal('SDQ_TOTAL');
  const [result, refetch] = createQuery({
    query: OutcomesQuery,
    variables: () => ({ measure: measure() }),
    requestPolicy: 'cache-and-network',
  });
  const [sort, setSort] = createSignal<{ key: Key; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const sorted = (rows: Row[]) => {
    const { key, dir } = sort();
    const value = (r: Row) => (key === 'name' ? r.service.name : r[key]);
    return [...rows].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1; // suppressed last
      return dir * (typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number));
    });
  };
  const csvHref = createMemo(() =>
    result.data
      ? `data:text/csv;charset=utf-8,${encodeURIComponent(outcomesCsv(result.data.serviceOutcomes))}`
      : undefined,
  );
  const Header = (h: { key: Key; text: string; numeric?: boolean }) => (
    <th
      scope="col"
      class={`govuk-table__header${h.numeric ? ' govuk-table__header--numeric' : ''}`}
      aria-sort={sort().key === h.key ? (sort().dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        class="app-sort-button"
        onClick={() =>
          setSort((s) => ({ key: h.key, dir: s.key === h.key ? (s.dir === 1 ? -1 : 1) : h.key === 'name' ? 1 : -1 }))
        }
      >
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
        onChange={setMeasure}
      />
      <QueryView result={result} what="the outcomes report" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.serviceOutcomes.length > 0}
            fallback={<p class="govuk-body">No service has children commissioned and measured on this measure yet.</p>}
          >
            <a class="govuk-button govuk-button--secondary" href={csvHref()} download={`outcomes-${measure()}.csv`}>
              Download this table (CSV)
            </a>
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
                  <For each={sorted(data.serviceOutcomes)}>
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
                  <For each={data.providerOutcomes}>
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
          </Show>
        )}
      </QueryView>
    </>
  );
}
