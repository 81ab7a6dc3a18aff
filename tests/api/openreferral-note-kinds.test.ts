import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { formatSummary } from '../../server/openreferral/summary';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A run keeps 1,000 of its notes (the terminal shows 200): a note said of every record must not
// fill them and hide a record that lost something else (audit 61 F4).
let handle: DbHandle;
beforeAll(async () => {
  handle = await freshDatabase();
});
afterAll(() => handle.close());

type Json = Record<string, unknown>;

describe('a run with more notes than its report keeps', () => {
  it('keeps every kind of note, not only the first 1,000 of the commonest', async () => {
    const records = generateFeed(1100, { prefix: 'note-kinds', brokenEvery: 1_000_000 }).services as Json[];
    // Every address gives a region (noted on each record); the last record alone loses an alert.
    for (const r of records) {
      const location = (r.service_at_locations as Json[])[0]!.location as Json;
      (location.addresses as Json[])[0]!.region = 'London';
    }
    const last = records.at(-1)!;
    last.alert = 'Closed for repairs';
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-note-kinds-'));
    const file = path.join(dir, 'feed.json');
    await writeFile(file, JSON.stringify(records));
    const { zone } = await createZone(handle.db, 'note-kinds', []);
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
    expect(summary.notes.length).toBe(1101);
    const alert = { id: last.id, reason: 'alert "Closed for repairs" not imported: a listing has no place for it' };
    expect(summary.notes).toContainEqual(alert);
    const [source] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(source!.lastNotes).toHaveLength(1000);
    expect(source!.lastNotes).toContainEqual(alert);
    // One of each kind first, so the imports page's first page shows the alert (audit 62: it was
    // the 1,000th, on the last of 20 pages), and the total the run made is kept beside them.
    expect(source!.lastNotes.slice(0, 2)).toEqual([summary.notes[0], alert]);
    expect(source!.lastCounts.notes).toBe(1101);
    // The terminal's 200 show it too.
    expect(formatSummary(summary, { dryRun: false })).toContain(`  ${last.id}: ${alert.reason}`);
  }, 300_000);
});
