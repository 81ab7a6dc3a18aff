import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, users } from '../../drizzle/schema';
import { startServer, type TestServer } from '../setup/server';

// People type the start of a word into a service picker: "Sunr" must find Sunrise Family Support,
// though the directory's full-text search (whole words, stemmed) would not. Whatever is typed, the
// answer is matches or none, never an error.

let s: TestServer;
let token = '';
beforeAll(async () => {
  s = await startServer();
  const [commissioner] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
  const [service] = await s.db
    .select({ id: services.id })
    .from(services)
    .where(eq(services.zoneId, commissioner!.zoneId))
    .limit(1);
  await s.db
    .update(services)
    .set({ name: 'Sunrise Family Support', status: 'PUBLISHED' })
    .where(eq(services.id, service!.id));
  token = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const PICK = `query($filter: ServiceFilter!) { services(first: 20, filter: $filter) {
  totalCount edges { node { name } } } }`;
const names = async (text: string, choosing = true) => {
  const res = await s.gql(PICK, { filter: { text, choosing } }, token);
  expect(res.errors).toBeUndefined();
  return {
    names: res.data.services.edges.map((e: { node: { name: string } }) => e.node.name) as string[],
    total: res.data.services.totalCount as number,
  };
};

describe('a service picker matches the start of the last word typed', () => {
  it('finds Sunrise Family Support from "Sunr", "sunrise fam" and "Family Supp"', async () => {
    for (const typed of ['Sunr', 'sunrise fam', 'Family Supp', '  SUNRISE  ']) {
      const found = await names(typed);
      expect(found.names, typed).toContain('Sunrise Family Support');
      expect(found.total, typed).toBeGreaterThanOrEqual(1);
    }
    // The earlier words still count: no service is about "zzqx" and the start of "family".
    expect((await names('zzqx fam')).names).toEqual([]);
  });

  it('leaves the directory search to whole words (its ranking and counts unchanged)', async () => {
    expect((await names('Sunr', false)).names).not.toContain('Sunrise Family Support');
    expect((await names('Sunrise', false)).names).toContain('Sunrise Family Support');
  });

  it('answers hostile text with matches or none, never an error', async () => {
    const hostile = [
      "Sunr'",
      'Sunr\\',
      'sunr:*',
      "'sunr':*",
      'sunr & | ! ( )',
      '!(sunr',
      '%',
      '_',
      '%_%',
      '\\',
      '"unterminated',
      ':*',
      '&|!()',
      "o'brien's",
      '<->',
      'a:*b',
      '日本',
      '-',
    ];
    for (const typed of hostile) {
      const res = await s.gql(PICK, { filter: { text: typed, choosing: true } }, token);
      expect(res.errors, typed).toBeUndefined();
    }
    // Punctuation around the word is not syntax: it is still the start of Sunrise.
    for (const typed of ["'sunr':*", 'sunr & | ! ( )', '!(sunr', 'Sunr\\']) {
      expect((await names(typed)).names, typed).toContain('Sunrise Family Support');
    }
    // Wildcards are not wildcards.
    expect((await names('%')).names).toEqual([]);
    expect((await names('_')).names).toEqual([]);
  });
});
