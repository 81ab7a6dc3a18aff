import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Text search ignores accents both ways ("cafe" finds Café, "café" finds Cafe) and reads text in
// one form: a name another directory sends decomposed ("e" + U+0301) is stored composed (NFC), and
// found by the "café" people type, decomposed or not. The directory (GraphQL) and the published
// feed's search share one vector, so both are asked.

let s: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: ORUK records are read dynamically.
type Json = any;

const SIOBHAN = 'Caf\u00e9 Siobh\u00e1n'; // composed, as typed
const NOEL = 'Cafe\u0301 Noe\u0308l'; // decomposed, as some feeds send it
const PLAIN = 'Cafe plain';
const NOEL_STORED = NOEL.normalize('NFC');

beforeAll(async () => {
  s = await startServer();
  const { zone } = await createZone(s.db, 'accents', []);
  const records = generateFeed(3, { prefix: 'accents', brokenEvery: 1000 }).services as Json[];
  for (const [i, name] of [SIOBHAN, NOEL, PLAIN].entries()) {
    Object.assign(records[i], { name, description: 'A drop-in.', status: 'active' });
  }
  const summary = await runImport(s.db, memoryFeed(records), { zoneId: zone.id, location: 'accents' });
  expect(summary).toMatchObject({ created: 3, skipped: 0 });
});
afterAll(() => s.close());

const SEARCH = `query($filter: ServiceFilter!) { services(first: 20, filter: $filter) { edges { node { name } } } }`;
const directory = async (text: string, choosing = false) => {
  const res = await s.gql(SEARCH, { filter: { text, choosing, zoneSlug: 'accents' } });
  expect(res.errors).toBeUndefined();
  return (res.data.services.edges as { node: { name: string } }[]).map((e) => e.node.name).sort();
};
const feed = async (search: string) => {
  const res = await fetch(`${s.url}/openreferral/accents/services?search=${encodeURIComponent(search)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Json).contents.map((c: Json) => c.name as string).sort();
};

const ALL = [PLAIN, SIOBHAN, NOEL_STORED].sort();
const CASES: [string, string[]][] = [
  ['cafe', ALL],
  ['caf\u00e9', ALL],
  ['CAF\u00c9', ALL],
  ['cafe\u0301', ALL],
  ['Siobhan', [SIOBHAN]],
  ['siobh\u00e1n', [SIOBHAN]],
  ['noel', [NOEL_STORED]],
  ['Cafe\u0301 Noe\u0308l', [NOEL_STORED]],
];

describe('text search ignores accents and the form text is written in', () => {
  it('stores a decomposed imported name composed (NFC), as the feed publishes it', async () => {
    expect(await feed('plain')).toEqual([PLAIN]);
    const names = (await directory('noel')).concat(await feed('noel'));
    expect(names).toEqual([NOEL_STORED, NOEL_STORED]);
    expect(names[0]).not.toBe(NOEL);
  });

  it('finds the same listings in the directory search, accented or not, either way round', async () => {
    for (const [text, expected] of CASES) expect(await directory(text), JSON.stringify(text)).toEqual(expected);
  });

  it('finds them through the published feed’s search parameter too', async () => {
    for (const [text, expected] of CASES) expect(await feed(text), JSON.stringify(text)).toEqual(expected);
  });

  it('matches a picker’s typed prefix without its accents', async () => {
    expect(await directory('Siobh\u00e1', true)).toEqual([SIOBHAN]);
    expect(await directory('caf\u00e9 no\u00eb', true)).toEqual([NOEL_STORED]);
    expect(await directory('Noe\u0308', true)).toEqual([NOEL_STORED]);
  });
});
