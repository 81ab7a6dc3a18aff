import type { Client } from '@urql/solid';
import { graphql } from '../../lib/graphql';

const AllRows = graphql(`
  query ServiceOutcomesCsv($measure: String!, $limit: Int!, $offset: Int!) {
    serviceOutcomes(measure: $measure, limit: $limit, offset: $offset) {
      service { id name organisation { name } }
      suppressed children reliablyImproved shareImproved shareLower shareUpper spendPence costPerImprovedChildPence
      comparisonSuppressed comparisonChildren comparisonImproved comparisonShare comparisonLower comparisonUpper
    }
  }
`);

export type Row = {
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
/** CSV cells that a spreadsheet would run as a formula are prefixed with ' (as the server's exports do). */
const cell = (v: string | number | null) => {
  const s = v == null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const FEWER = 'fewer than 10';
// In the units of the page and the other exports: pounds (amountPounds), and percentages to 0.1.
const pounds = (pence: number | null) => (pence == null ? null : (pence / 100).toFixed(2));
const percent = (share: number | null) => (share == null ? null : (share * 100).toFixed(1));
/** Excel reads a UTF-8 file without a byte-order mark as Windows-1252 ("Children’s" as "Childrenâ€™s"). */
const BOM = '\uFEFF';

export function outcomesCsv(rows: Row[]): string {
  const head = [
    'service',
    'provider',
    'suppressed',
    'children',
    'reliablyImproved',
    'percentImproved',
    'percentLower',
    'percentUpper',
    'comparisonSuppressed',
    'comparisonChildren',
    'comparisonPercent',
    'comparisonPercentLower',
    'comparisonPercentUpper',
    'spendPounds',
    'costPerImprovedChildPounds',
  ];
  const lines = rows.map((r) =>
    [
      r.service.name,
      r.service.organisation.name,
      r.suppressed ? 'yes' : 'no',
      // As the page says it: the count itself is withheld, not missing.
      r.suppressed ? FEWER : r.children,
      r.reliablyImproved,
      percent(r.shareImproved),
      percent(r.shareLower),
      percent(r.shareUpper),
      r.comparisonSuppressed ? 'yes' : 'no',
      r.comparisonSuppressed ? FEWER : r.comparisonChildren,
      percent(r.comparisonShare),
      percent(r.comparisonLower),
      percent(r.comparisonUpper),
      pounds(r.spendPence),
      pounds(r.costPerImprovedChildPence),
    ]
      .map(cell)
      .join(','),
  );
  return BOM + [head.join(','), ...lines].join('\r\n');
}

/** The largest page the API gives (MAX_LIST): the download reads the whole report in pages of it. */
const CHUNK = 200;

/** Every row of the report, by name, read a page at a time (only when someone asks to download it). */
export async function downloadOutcomesCsv(client: Client, measure: string): Promise<void> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const r = await client
      .query(AllRows, { measure, limit: CHUNK, offset }, { requestPolicy: 'network-only' })
      .toPromise();
    if (!r.data) throw r.error ?? new Error('No data');
    rows.push(...r.data.serviceOutcomes);
    if (r.data.serviceOutcomes.length < CHUNK) break;
  }
  const url = URL.createObjectURL(new Blob([outcomesCsv(rows)], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `outcomes-${measure}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
