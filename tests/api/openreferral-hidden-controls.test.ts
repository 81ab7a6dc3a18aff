import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, organisations, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Audit finding F1: a feed's hidden control characters (NUL, ESC, C1 controls, bidirectional
// overrides and isolates) are taken out of what is imported, and the run's notes say where.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

describe('an import with hidden control characters', () => {
  it('removes them, keeps direction marks and line breaks, and notes the fields once per record', async () => {
    const { zone } = await createZone(s.db, 'hidden-controls', []);
    const [record, clean] = generateFeed(2, { prefix: 'hidden-controls', brokenEvery: 1000 }).services as Json[];
    record.name = 'Youth club \u202Egnp.exe';
    record.description = 'Open\u0000 to all\u001B[2J.\nArabic: \u200Fمرحبا\u200E \u0085done';
    record.organization.name = 'Hidden\u2066 org\u2069';
    const summary = await runImport(s.db, memoryFeed([record, clean]), { zoneId: zone.id, location: 'hidden' });
    expect(summary).toMatchObject({ created: 2, skipped: 0 });
    const note = {
      id: record.id,
      reason: 'hidden control characters removed from name, description, organization.name',
    };
    expect(summary.notes).toEqual([note]);

    const [row] = await s.db.select().from(services).where(eq(services.externalId, record.id));
    expect(row!.name).toBe('Youth club gnp.exe');
    expect(row!.description).toBe('Open to all[2J.\nArabic: \u200Fمرحبا\u200E done');
    const [org] = await s.db.select().from(organisations).where(eq(organisations.id, row!.organisationId));
    expect(org!.name).toBe('Hidden org');
    const [source] = await s.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(source!.lastNotes).toEqual([note]);

    // What the portal publishes again is clean too.
    const published = await (await fetch(`${s.url}/openreferral/hidden-controls/services/${row!.uuid}`)).json();
    expect(published.name).toBe('Youth club gnp.exe');

    // A second run of the same feed finds nothing changed, and says so again.
    const again = await runImport(s.db, memoryFeed([record, clean]), { zoneId: zone.id, location: 'hidden' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.notes).toEqual([note]);
  });

  it('a name of invisible characters only is no name; half a surrogate pair becomes U+FFFD, noted', async () => {
    const { zone } = await createZone(s.db, 'invisible-names', []);
    const [blank, halved] = generateFeed(2, { prefix: 'invisible-names', brokenEvery: 1000 }).services as Json[];
    blank.name = '\u200B\u200B';
    halved.description = 'half \uD83D pair';
    halved.organization.name = '\u200D';
    const summary = await runImport(s.db, memoryFeed([blank, halved]), { zoneId: zone.id, location: 'invisible' });
    expect(summary).toMatchObject({ created: 1, skipped: 1 });
    expect(summary.problems).toEqual([{ id: blank.id, reason: 'the service has no name' }]);
    expect(summary.notes).toEqual([
      { id: halved.id, reason: 'half a surrogate pair (no such character) replaced with \uFFFD in description' },
    ]);
    const [row] = await s.db.select().from(services).where(eq(services.externalId, halved.id));
    expect(row!.description).toBe('half \uFFFD pair');
    const [org] = await s.db.select().from(organisations).where(eq(organisations.id, row!.organisationId));
    expect(org!.name).toBe('Unnamed organisation');
  });
});
