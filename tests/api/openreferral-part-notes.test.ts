import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../schema/domain/openreferral/import-page';
import { runImport } from '../../schema/domain/openreferral/importer';
import { quoted } from '../../schema/domain/openreferral/record-notes';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// The notes an import gives for a contact's email, a cost option, a taxonomy term and the
// organisation a record embeds, one record each (the others: openreferral-cut-notes.test.ts).

let s: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;
let records: Json[];
let summary: ImportSummary;
const noted = (r: Json) => summary.notes.filter((n) => n.id === r.id).map((n) => n.reason);
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const ORG_ID = '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a01';
const TERM_ID = '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a02';
// Valid to the standard's schema (its email format has no length limit) but longer than an address may be.
const LONG_EMAIL = `${'a'.repeat(64)}@${Array.from({ length: 4 }, () => 'b'.repeat(60)).join('.')}.org`;

beforeAll(async () => {
  s = await startServer();
  const { zone } = await createZone(s.db, 'part-notes', []);
  records = generateFeed(7, { prefix: 'part-notes', brokenEvery: 1000 }).services as Json[];
  const [email, option, term, orgCut, orgUnusable, dated] = records;
  email.contacts[0].email = 'front desk@example.org';
  option.cost_options = [{ id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a03', amount: 2, option: words(100) }];
  const given = term.attributes[0].taxonomy_term;
  term.attributes = [
    {
      id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a04',
      taxonomy_term_id: TERM_ID,
      taxonomy_term: {
        ...given,
        id: TERM_ID,
        name: words(40),
        description: words(200),
        term_uri: 'urn:isbn:0451450523',
      },
    },
  ];
  orgCut.organization = {
    ...orgCut.organization,
    id: ORG_ID,
    name: words(40),
    organization_identifiers: [
      {
        id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a05',
        identifier_scheme: 'GB-CHC',
        identifier_type: 'Charity number',
        identifier: `1123456 ${words(10)}`,
      },
    ],
  };
  orgCut.organization_id = ORG_ID;
  Object.assign(orgUnusable.organization, { email: LONG_EMAIL, website: 'ftp://files.example.org' });
  dated.cost_options = [
    { id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a06', amount: 35, valid_from: '2020-01-01', valid_to: '2022-12-31' },
    { id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a07', amount: 2 },
    { id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a08', amount: 5, valid_to: '2027-03-31' },
  ];
  // A venue named by id alone (a CSV package's service_at_location whose location row is missing).
  records[6].service_at_locations = [
    { id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a09', location_id: '2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a0a' },
  ];
  summary = await runImport(s.db, memoryFeed(records), { zoneId: zone.id, location: 'part-notes' });
  expect(summary.problems).toEqual([]);
  expect(summary).toMatchObject({ created: 7, skipped: 0 });
});
afterAll(() => s.close());

describe('an import says what it cut or left out of a record’s parts', () => {
  it('a venue the feed names but does not give (audit 62: it vanished without a word)', () => {
    expect(noted(records[6])).toEqual([
      'service_at_location 1, location "2e1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a0a" not imported: the feed does not give it',
    ]);
  });
  it('a contact’s email we could not publish', () => {
    expect(noted(records[0])).toEqual([
      'contact 1: email "front desk@example.org" not imported: not a usable email address',
    ]);
  });
  it('a cost option’s option text cut', () => {
    expect(noted(records[1])).toEqual([
      expect.stringMatching(/^cost option 1: option "word0 .*…" cut to 500 characters$/),
    ]);
  });
  it('a taxonomy term’s name and description cut, and its term_uri not usable', () => {
    expect(noted(records[2])).toEqual([
      expect.stringMatching(/^taxonomy term 1: name "word0 .*…" cut to 200 characters$/),
      expect.stringMatching(/^taxonomy term 1: description "word0 .*…" cut to 1000 characters$/),
      'taxonomy term 1: term_uri "urn:isbn:0451450523" not imported: not a usable web address (http or https, at most 300 characters)',
    ]);
  });
  it('an organisation’s name and identifier cut', () => {
    expect(noted(records[3])).toEqual([
      expect.stringMatching(/^organization name "word0 .*…" cut to 200 characters$/),
      expect.stringMatching(/^organization identifier GB-CHC "1123456 word0 .*" cut to 40 characters$/),
    ]);
  });
  it('an organisation’s email and website we could not publish', () => {
    expect(noted(records[4])).toEqual([
      `organization email ${quoted(LONG_EMAIL)} not imported: not a usable email address`,
      'organization website "ftp://files.example.org" not imported: not a usable web address (http or https, at most 300 characters)',
    ]);
  });
  it('a cost option’s valid_from and valid_to not kept, said once for the record', () => {
    expect(noted(records[5])).toEqual([
      "cost option valid_from/valid_to not kept: a listing's cost options have no dates (cost options 1, 3)",
    ]);
  });
});
