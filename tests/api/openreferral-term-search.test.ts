import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Another directory's tags (its taxonomy terms, such as "Widget therapy") are searched as our
// categories are (one search vector serves the published feed's search and the portal's): a
// search for "widget" finds the listing tagged with it.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK records are read dynamically.
type Json = any;

describe('an imported taxonomy term', () => {
  it('finds the listing tagged with it by a word of the term’s name', async () => {
    const { zone } = await createZone(s.db, 'term-search', []);
    const [tagged, other] = generateFeed(2, { prefix: 'term-search', brokenEvery: 1000 }).services as Json[];
    const term = tagged.attributes[0].taxonomy_term;
    Object.assign(term, { id: 'bbbbbbbb-0000-4000-8000-00000000000a', name: 'Widget therapy' });
    tagged.attributes[0].taxonomy_term_id = term.id;
    const summary = await runImport(s.db, memoryFeed([tagged, other]), { zoneId: zone.id, location: 'term-search' });
    expect(summary).toMatchObject({ created: 2, skipped: 0 });

    const feed = (await (await fetch(`${s.url}/openreferral/term-search/services?search=widget`)).json()) as Json;
    expect(feed.contents.map((c: Json) => c.name)).toEqual([tagged.name]);
  });
});
