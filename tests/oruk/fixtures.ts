import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { categories, organisations, zones } from '../../drizzle/schema';
import { type Listing, parseListing, saveListing } from '../../schema/domain/listing';
import type { FeedReader } from '../../schema/domain/openreferral/importer';
import { inTransaction } from '../../schema/domain/transaction';
import { generateListings } from './generate-listings';

/** A new empty zone (a partnership) with one organisation. */
export async function createZone(db: Db, slug: string, orgNames: string[] = ['Test organisation']) {
  const [zone] = await db
    .insert(zones)
    .values({ slug, name: `Zone ${slug}`, currentPeriod: '2026-27' })
    .returning();
  const orgs =
    orgNames.length === 0
      ? []
      : await db
          .insert(organisations)
          .values(
            orgNames.map((name) => ({
              zoneId: zone!.id,
              kind: 'VCSE' as const,
              name,
              description: `${name} does good`,
            })),
          )
          .returning();
  return { zone: zone!, orgs };
}

export async function categoryIdsBySlug(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ id: categories.id, slug: categories.slug }).from(categories);
  return new Map(rows.map((c) => [c.slug, c.id]));
}

export async function saveListings(
  db: Db,
  owner: { zoneId: number; organisationId: number },
  listings: unknown[],
  status: 'DRAFT' | 'PUBLISHED' = 'PUBLISHED',
): Promise<number[]> {
  return inTransaction(db, async (tx) => {
    const ids: number[] = [];
    for (const l of listings) ids.push(await saveListing(tx, owner, parseListing(l), undefined, { status }));
    return ids;
  });
}

/** A zone of `count` generated published listings with every Open Referral part. */
export async function generatedZone(db: Db, slug: string, count: number) {
  const { zone, orgs } = await createZone(db, slug, ['Generated one', 'Generated two']);
  const cats = [...(await categoryIdsBySlug(db)).values()];
  const listings: Listing[] = generateListings(count, cats);
  await saveListings(db, { zoneId: zone.id, organisationId: orgs[0]!.id }, listings.slice(0, count / 2));
  await saveListings(db, { zoneId: zone.id, organisationId: orgs[1]!.id }, listings.slice(count / 2));
  return zone;
}

export async function zoneId(db: Db, slug: string) {
  const [z] = await db.select().from(zones).where(eq(zones.slug, slug));
  return z!.id;
}

/** A feed of one page holding `records`, read from memory as the importer reads a file or URL. */
export const memoryFeed = (records: unknown[]): FeedReader => ({
  incremental: false,
  async *pages() {
    yield { number: 1, totalPages: 1, totalItems: records.length, records };
  },
});
