import { sql } from 'drizzle-orm';
import type { Tx } from '../../../schema/domain/transaction';
import { caseOf, pick, textArray, vocabulary as v, word } from './plan';

export type ScaleZone = {
  id: number;
  slug: string;
  name: string;
  place: { name: string; outward: string; latitude: number; longitude: number };
};
export type Leaf = { id: number; name: string };

const VENUES = ['Community Centre', 'Library', 'Family Hub', 'Sports Centre', 'Church Hall', 'Youth Centre', 'School'];
const ACCESS = [
  `'{}'`,
  `'{WHEELCHAIR,STEP_FREE}'`,
  `'{WHEELCHAIR,STEP_FREE,ACCESSIBLE_TOILET}'`,
  `'{HEARING_LOOP}'`,
  `'{WHEELCHAIR,HEARING_LOOP,QUIET_SPACE}'`,
  `'{STEP_FREE,ACCESSIBLE_PARKING}'`,
];
const DAYS = [`'{MO,TU,WE,TH,FR}'`, `'{SA}'`, `'{SA,SU}'`, `'{MO,WE}'`, `'{TU,TH}'`, `'{FR}'`, `'{WE}'`];
const HOURS: [string, string][] = [
  ['09:00', '15:00'],
  ['15:30', '18:00'],
  ['10:00', '16:00'],
  ['16:00', '19:30'],
  ['18:00', '20:00'],
  ['09:30', '12:00'],
];
const MODES = [`'{COMMUNITY_VENUE}'`, `'{IN_SCHOOL}'`, `'{COMMUNITY_VENUE,ONLINE}'`, `'{HOME}'`, `'{ONLINE}'`];
const AGES: [number, number][] = [
  [0, 5],
  [5, 11],
  [7, 13],
  [11, 18],
  [13, 19],
  [5, 18],
  [0, 25],
  [16, 25],
];

/** Organisations for a zone: a council's voluntary sector, with some council and NHS teams. */
export async function seedOrganisations(tx: Tx, zone: ScaleZone, count: number): Promise<number> {
  const i = sql`${zone.slug} || ':' || i`;
  await tx.execute(sql`
    insert into "organisations" ("uuid", "zoneId", "kind", "name", "description", "email", "phone")
    select md5('scale-organisation:' || ${i})::uuid, ${zone.id},
      ${caseOf([`'VCSE'`, `'VCSE'`, `'VCSE'`, `'SOCIAL_ENTERPRISE'`, `'LOCAL_AUTHORITY'`, `'NHS'`, `'OTHER'`], i, 1)}::organisation_kind,
      ${word(v.places, i, 2)} || ' ' || initcap(${word(v.topics, i, 3)}) || ' ' || ${word(v.orgKinds, i, 4)},
      'A local organisation working with ' || ${word(v.audiences, i, 5)} || '.',
      'hello' || i || '@' || ${zone.slug} || '.scale.test',
      '0113 496 ' || lpad(mod(i, 10000)::text, 4, '0')
    from generate_series(0, ${count - 1}) i order by i`);
  return count;
}

/**
 * Listings with their organisations, categories, venues, opening times and languages. Topics
 * are skewed towards the first in the vocabulary, so some words match many listings and some few.
 */
export async function seedServices(tx: Tx, zone: ScaleZone, count: number, leaves: Leaf[]): Promise<number> {
  const i = sql`${zone.slug} || ':' || i`;
  const topic = sql`(${textArray(v.topics)})[1 + floor(${v.topics.length} * power(${pick(i, 6, 1000)} / 1000.0, 2))::int]`;
  const leaf = pick(i, 9, leaves.length);
  const [minAge, maxAge] = [0, 1].map((n) =>
    caseOf(
      AGES.map((a) => String(a[n])),
      i,
      10,
    ),
  );
  const priced = sql`${pick(i, 11, 10)} >= 4`;
  await tx.execute(sql`
    with o as (select "id", "name", row_number() over (order by "id") - 1 as k from "organisations" where "zoneId" = ${zone.id})
    insert into "services" ("uuid", "zoneId", "organisationId", "name", "description", "eligibility", "minAge", "maxAge",
      "deliveryModes", "unitPricePence", "unitName", "commissionable", "capacity", "evidenceLevel", "contactEmail",
      "contactPhone", "status", "lastReviewedAt", "searchTerms")
    select md5('scale-service:' || ${i})::uuid, ${zone.id}, o."id",
      initcap(${topic}) || ' at ' || ${word(v.places, i, 7)},
      initcap(${topic}) || ' for ' || ${word(v.audiences, i, 8)} || ', through ' || ${word(v.approaches, i, 12)}
        || '. It ' || ${word(v.outcomes, i, 13)} || ' and ' || ${word(v.outcomes, i, 14)} || '.',
      'Referral by a link worker or self-referral',
      ${minAge}, ${maxAge}, ${caseOf(MODES, i, 15)}::delivery_mode[],
      case when ${priced} then 1500 + 500 * ${pick(i, 16, 16)} end,
      case when ${priced} then ${word(v.units, i, 17)} end,
      ${priced} and ${pick(i, 18, 10)} < 8,
      case when ${pick(i, 19, 10)} < 3 then null else ${pick(i, 20, 21)} end,
      ${caseOf([`'NONE'`, `'EMERGING'`, `'PROMISING'`, `'ESTABLISHED'`, `'PROVEN'`], i, 21)}::evidence_level,
      'referrals' || i || '@' || ${zone.slug} || '.scale.test', '0113 496 ' || lpad(mod(i, 10000)::text, 4, '0'),
      (case when ${pick(i, 22, 100)} < 92 then 'PUBLISHED' when ${pick(i, 22, 100)} < 96 then 'DRAFT' else 'ARCHIVED' end)::service_status,
      now() - make_interval(days => ${pick(i, 23, 200)}),
      o."name" || ' ' || (${textArray(leaves.map((l) => l.name))})[${leaf} + 1]
    from generate_series(0, ${count - 1}) i join o on o.k = mod(i, (select count(*) from o))
    order by i`);
  await seedListingDetails(tx, zone, leaves);
  return count;
}

/** Categories, venues, opening times and languages for a zone's listings (k: the listing's index). */
async function seedListingDetails(tx: Tx, zone: ScaleZone, leaves: Leaf[]) {
  const services = sql`(select "id", row_number() over (order by "id") - 1 as k from "services" where "zoneId" = ${zone.id})`;
  const i = sql`${zone.slug} || ':' || s.k`;
  const leafIds = sql`(array[${sql.raw(leaves.map((l) => l.id).join(','))}]::int[])`;
  await tx.execute(sql`
    insert into "service_categories" ("serviceId", "categoryId")
    select s."id", ${leafIds}[${pick(i, 9, leaves.length)} + 1] from ${services} s
    union
    select s."id", ${leafIds}[mod(${pick(i, 9, leaves.length)} + 1 + ${pick(i, 24, leaves.length - 1)}, ${leaves.length}) + 1]
      from ${services} s where ${pick(i, 25, 10)} < 3`);
  // One venue for most listings, two for some, none for online and home-visit ones.
  const { latitude, longitude, outward } = zone.place;
  const j = sql`${i} || ':' || j`;
  await tx.execute(sql`
    insert into "service_locations" ("uuid", "serviceId", "name", "address", "postcode", "latitude", "longitude", "accessibility")
    select md5('scale-location:' || ${j})::uuid, s."id",
      ${word(v.places, j, 26)} || ' ' || ${word(VENUES, j, 27)},
      (1 + ${pick(j, 28, 200)}) || ' ' || ${word(v.places, j, 29)} || ' Road, ' || ${zone.place.name},
      ${outward} || ' ' || (1 + ${pick(j, 30, 9)}) || chr(65 + ${pick(j, 31, 26)}) || chr(65 + ${pick(j, 32, 26)}),
      ${latitude} + (${pick(j, 33, 10000)} / 10000.0 - 0.5) * 0.36,
      ${longitude} + (${pick(j, 34, 10000)} / 10000.0 - 0.5) * 0.56,
      ${caseOf(ACCESS, j, 35)}::accessibility_feature[]
    from ${services} s
    cross join lateral generate_series(1, case ${pick(i, 36, 10)} when 0 then 0 when 1 then 2 else 1 end) j`);
  const [opens, closes] = [0, 1].map((n) =>
    caseOf(
      HOURS.map((h) => `'${h[n]}'`),
      i,
      37,
    ),
  );
  await tx.execute(sql`
    insert into "service_schedules" ("uuid", "serviceId", "byDay", "opensAt", "closesAt", "description")
    select md5('scale-schedule:' || ${i})::uuid, s."id", ${caseOf(DAYS, i, 38)}::text[], (${opens})::time, (${closes})::time,
      'Term time'
    from ${services} s where ${pick(i, 39, 10)} < 7`);
  const languages = v.languages;
  await tx.execute(sql`
    insert into "service_languages" ("uuid", "serviceId", "name", "code")
    select md5('scale-language:' || ${i} || ':en')::uuid, s."id", 'English', 'en' from ${services} s
    union all
    select md5('scale-language:' || ${i} || ':other')::uuid, s."id",
      ${word(
        languages.map((l) => l[0] ?? ''),
        i,
        40,
      )}, ${word(
        languages.map((l) => l[1] ?? ''),
        i,
        40,
      )}
    from ${services} s where ${pick(i, 41, 10)} < 2`);
}
