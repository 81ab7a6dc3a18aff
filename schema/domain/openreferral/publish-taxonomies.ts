import { asc, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { categories, taxonomies, taxonomyTerms } from '../../../drizzle/schema';
import { rowsOf } from '../rows';
import { publishableUrl } from './formats';
import { PORTAL_TAXONOMY } from './ids';
import type { OrukQuery } from './params';
import { page } from './publish';
import { categoryTerm, externalTerm } from './to-oruk';

// The taxonomies and terms one zone's Open Referral feed publishes. Our categories are the
// built-in national taxonomy (the same in every portal), so every zone publishes all of them.
// Other taxonomies' rows are national too (an import stores a term once, whichever zone brought
// it), but they are the zones' data: a zone publishes only the terms its own published listings
// carry (and those terms' parents), and only the taxonomies of those terms. A parent a feed named
// but never sent is not ours to publish, so such a term goes out with no parent_id.

/** Ids of the terms zone `zoneId` publishes: used by its published listings, plus their ancestors. */
const zoneTermIds = (zoneId: number): SQL => sql`(with recursive used as (
    select t."id", t."parentUuid" from ${taxonomyTerms} t
      where exists (select 1 from "service_attributes" sa join "services" s on s."id" = sa."serviceId"
        where sa."taxonomyTermId" = t."id" and s."zoneId" = ${zoneId} and s."status" = 'PUBLISHED')
    union
    select p."id", p."parentUuid" from ${taxonomyTerms} p join used u on p."uuid" = u."parentUuid"
  ) select "id" from used)`;

/** A taxonomy's uri when it is (or can be encoded as) a valid one; else left out. */
function uriOf(value: string | null): { uri?: string } {
  const uri = publishableUrl(value, { web: false });
  return uri ? { uri } : {};
}

type TaxonomyOut = { id: string; name: string; description: string; uri?: string; version?: string };

async function zoneTaxonomies(db: Db, zoneId: number): Promise<TaxonomyOut[]> {
  const rows = await db
    .select()
    .from(taxonomies)
    .where(
      sql`exists (select 1 from ${taxonomyTerms} t where t."taxonomyId" = ${taxonomies.id} and t."id" in ${zoneTermIds(zoneId)})`,
    )
    .orderBy(asc(taxonomies.name), asc(taxonomies.id));
  return [
    { id: PORTAL_TAXONOMY.id, name: PORTAL_TAXONOMY.name, description: PORTAL_TAXONOMY.description },
    ...rows.map((t) => ({
      id: t.uuid,
      name: t.name,
      description: t.description || t.name,
      ...uriOf(t.uri),
      ...(t.version ? { version: t.version } : {}),
    })),
  ];
}

export async function taxonomiesPage(db: Db, zoneId: number, q: OrukQuery) {
  const all = await zoneTaxonomies(db, zoneId);
  return page(all.slice((q.page - 1) * q.perPage, q.page * q.perPage), all.length, q);
}

export async function taxonomyById(db: Db, zoneId: number, id: string) {
  if (id === PORTAL_TAXONOMY.id) {
    const terms = await db.query.categories.findMany({
      with: { parent: { columns: { uuid: true } } },
      orderBy: (c) => [sql`${c.parentId} nulls first`, asc(c.position), asc(c.name), asc(c.slug)],
    });
    return {
      id: PORTAL_TAXONOMY.id,
      name: PORTAL_TAXONOMY.name,
      description: PORTAL_TAXONOMY.description,
      taxonomy_terms: terms.map(categoryTerm),
    };
  }
  const row = await db.query.taxonomies.findFirst({
    where: { uuid: id },
    with: {
      terms: {
        where: { RAW: (t) => sql`${t.id} in ${zoneTermIds(zoneId)}` },
        with: { parent: { columns: { uuid: true } } },
        orderBy: { name: 'asc', id: 'asc' },
      },
    },
  });
  // Another zone's taxonomy is not this feed's: not found here.
  if (!row?.terms.length) return null;
  const taxonomy = { uuid: row.uuid, name: row.name };
  return {
    id: row.uuid,
    name: row.name,
    description: row.description || row.name,
    ...uriOf(row.uri),
    ...(row.version ? { version: row.version } : {}),
    taxonomy_terms: row.terms.map((t) => externalTerm({ ...t, taxonomy })),
  };
}

/** Our categories and the zone's terms of other taxonomies, as one list (two statements). */
function termsSql(zoneId: number, q: Pick<OrukQuery, 'taxonomyId'>) {
  const portal = !q.taxonomyId || q.taxonomyId === PORTAL_TAXONOMY.id;
  const other = !q.taxonomyId || q.taxonomyId !== PORTAL_TAXONOMY.id;
  return sql`select * from (
    ${
      portal
        ? sql`select c."uuid"::text as id, c."name", c."name" as description, p."uuid"::text as parent_id,
        ${PORTAL_TAXONOMY.name} as taxonomy, ${PORTAL_TAXONOMY.id} as taxonomy_id, null as term_uri, c."slug" as term,
        0 as k, coalesce(p."position", c."position") as p1, (c."parentId" is not null)::int as p2, c."position" as p3
        from ${categories} c left join ${categories} p on p."id" = c."parentId"`
        : // No rows, but the columns named: the outer query orders by them.
          sql`select null::text as id, null::text as name, null::text as description, null::text as parent_id,
        null::text as taxonomy, null::text as taxonomy_id, null::text as term_uri, null::text as term,
        0 as k, 0 as p1, 0 as p2, 0 as p3 where false`
    }
    union all
    select t."uuid"::text, t."name", coalesce(nullif(t."description", ''), t."name"), tp."uuid"::text,
      x."name", x."uuid"::text, t."termUri", t."code", 1, x."id", 0, t."id"
      from ${taxonomyTerms} t join ${taxonomies} x on x."id" = t."taxonomyId"
        left join ${taxonomyTerms} tp on tp."uuid" = t."parentUuid"
      where ${other ? (q.taxonomyId ? sql`x."uuid" = ${q.taxonomyId}` : sql`true`) : sql`false`}
        and t."id" in ${zoneTermIds(zoneId)}
  ) terms`;
}

export async function taxonomyTermsPage(db: Db, zoneId: number, q: OrukQuery) {
  const [count] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from (${termsSql(zoneId, q)}) c`),
  );
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`${termsSql(zoneId, q)} order by k, p1, p2, p3, name, id limit ${q.perPage} offset ${(q.page - 1) * q.perPage}`,
    ),
  );
  return page(rows.map(termOut), Number(count?.n ?? 0), q);
}

export async function taxonomyTermById(db: Db, zoneId: number, id: string) {
  const [row] = rowsOf<Record<string, unknown>>(await db.execute(sql`${termsSql(zoneId, {})} where id = ${id}`));
  return row ? termOut(row) : null;
}

function termOut(r: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  const row: Record<string, unknown> = { ...r, term_uri: publishableUrl(r.term_uri as string | null, { web: false }) };
  for (const key of ['id', 'name', 'description', 'parent_id', 'taxonomy', 'taxonomy_id', 'term_uri', 'term'])
    if (row[key] != null && row[key] !== '') out[key] = row[key];
  return out;
}
