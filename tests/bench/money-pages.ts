import { performance } from 'node:perf_hooks';
import { print } from 'graphql';
import { QueueQuery } from '../../web/src/pages/commissioner/approvals-query';
import { SpendQuery } from '../../web/src/pages/commissioner/spend-query';
import { CommissionsQuery } from '../../web/src/pages/commissions/commissions-query';
import { DashboardQuery } from '../../web/src/pages/dashboard/dashboard-query';
import { percentile as pct } from './measure';

// The commissioner's pages at scale, each as the web app asks for it (web/src/pages: the home
// page's dashboard, Spend, Approvals, Commissions with each sort and filter), for bench:money.

// biome-ignore lint/suspicious/noExplicitAny: a benchmark reads a few known fields of each answer
export type Ask = (query: string, variables: object) => Promise<{ data?: Record<string, any>; errors?: unknown }>;

// The pages' own documents (web/src/pages), printed: what the bench times cannot drift from what they ask.
const DASHBOARD = print(DashboardQuery);
const SPEND_PAGE = print(SpendQuery);
const APPROVALS = print(QueueQuery);
const COMMISSIONS = print(CommissionsQuery);
const DIMENSIONS = ['source', 'school', 'district', 'category', 'provider'] as const;

const SORTS = ['RAISED_NEWEST', 'RAISED_OLDEST', 'RESPOND_BY_SOONEST', 'VALUE_HIGHEST', 'VALUE_LOWEST', 'STATUS'];

export type Page = { name: string; query: string; variables: object };

/** Every page, with filter values taken from the zone's own newest commission. */
export async function commissionerPages(ask: Ask): Promise<Page[]> {
  const sample = await ask(
    `{ commissions(first: 1, filter: { status: [ACCEPTED] }) { edges { node { reference createdAt service { id } organisation { id } child { reference } } } } }`,
    {},
  );
  const c = sample.data?.commissions.edges[0]?.node;
  if (!c) throw new Error(`No accepted commission to take filter values from: ${JSON.stringify(sample)}`);
  const day = String(c.createdAt).slice(0, 10);
  const monthBefore = new Date(Date.parse(day) - 30 * 86_400_000).toISOString().slice(0, 10);
  const list = (name: string, filter: object, orderBy = 'RAISED_NEWEST'): Page => ({
    name,
    query: COMMISSIONS,
    variables: { filter, orderBy, after: null, provider: false, names: false },
  });
  return [
    { name: 'home dashboard', query: DASHBOARD, variables: {} },
    { name: 'spend page (all 5)', query: SPEND_PAGE, variables: {} },
    ...DIMENSIONS.map((by) => ({
      name: `spend by ${by}`,
      query: `{ spendReport(by: ${by}) { label committedPence spentPence commissions } }`,
      variables: {},
    })),
    { name: 'approval queue', query: APPROVALS, variables: { first: 25 } },
    ...SORTS.map((order) => list(`list ${order}`, {}, order)),
    list('list status ACCEPTED', { status: ['ACCEPTED'] }),
    list('list status 2', { status: ['ACCEPTED', 'DECLINED'] }),
    list('list reference', { reference: c.reference }),
    list('list provider', { organisationId: c.organisation.id }),
    list('list service', { serviceId: c.service.id }),
    list('list child ref', { childReference: c.child.reference }),
    list('list raised month', { raisedFrom: monthBefore, raisedTo: day }),
    list('list service+value', { serviceId: c.service.id }, 'VALUE_HIGHEST'),
  ];
}

/** p50/p95 of each page over `runs` requests (after 3 to warm up); prints a table. */
export async function measurePages(pages: Page[], runs: number, ask: (i: number) => Ask): Promise<void> {
  console.log(`\nThe commissioner's pages, ${runs} requests each; ms`);
  console.log(`${'page'.padEnd(24)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}`);
  for (const page of pages) {
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t = performance.now();
      const res = await ask(i)(page.query, page.variables);
      if (!res.data || res.errors) throw new Error(`${page.name}: ${JSON.stringify(res.errors)}`);
      if (i >= 3) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${page.name.padEnd(24)} ${pct(times, 0.5).toFixed(1).padStart(7)} ${pct(times, 0.95).toFixed(1).padStart(7)}`,
    );
  }
}
