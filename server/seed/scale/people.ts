import { type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../../schema/domain/transaction';
import type { ScaleZone } from './directory';
import { caseOf, pick, type ScalePlan, vocabulary as v, word } from './plan';

const NEEDS = [
  `'{anxiety,attendance}'`,
  `'{family-conflict,sleep}'`,
  `'{bereavement,anxiety}'`,
  `'{learning,confidence}'`,
  `'{young-carer,isolation}'`,
];
const SCHOOL_KINDS = ['Primary School', 'Academy', 'Church of England Primary', 'High School', 'Community College'];

/**
 * Districts, schools, staff (one provider account per organisation, all sharing one password
 * hash: hashing a million passwords would take hours) and children on link workers' caseloads.
 */
export async function seedPeople(tx: Tx, zone: ScaleZone, plan: ScalePlan['perZone'], passwordHash: string) {
  const { latitude, longitude, outward } = zone.place;
  await tx.execute(sql`
    insert into "districts" ("zoneId", "name")
    select ${zone.id}, ${zone.place.name} || ' ' || (array['North','South','East','West','Central','Rural'])[i + 1]
    from generate_series(0, ${plan.districts - 1}) i order by i`);
  const i = sql`${zone.slug} || ':' || i`;
  await tx.execute(sql`
    with d as (select "id", row_number() over (order by "id") - 1 as k from "districts" where "zoneId" = ${zone.id})
    insert into "schools" ("zoneId", "districtId", "name", "postcode", "latitude", "longitude")
    select ${zone.id}, d."id", ${word(v.places, i, 50)} || ' ' || ${word(SCHOOL_KINDS, i, 51)} || ' ' || (i + 1),
      ${outward} || ' ' || (1 + ${pick(i, 52, 9)}) || chr(65 + ${pick(i, 53, 26)}) || chr(65 + ${pick(i, 54, 26)}),
      ${latitude} + (${pick(i, 55, 1000)} / 1000.0 - 0.5) * 0.3, ${longitude} + (${pick(i, 56, 1000)} / 1000.0 - 0.5) * 0.45
    from generate_series(0, ${plan.schools - 1}) i join d on d.k = mod(i, ${plan.districts}) order by i`);
  const email = (who: SQL | string) => sql`${who} || '@' || ${zone.slug} || '.scale.test'`;
  await tx.execute(sql`
    insert into "users" ("zoneId", "email", "name", "role", "passwordHash") values
      (${zone.id}, ${email('admin')}, 'Scale Admin', 'ADMIN', ${passwordHash}),
      (${zone.id}, ${email('commissioner')}, 'Scale Commissioner', 'COMMISSIONER', ${passwordHash})`);
  await tx.execute(sql`
    insert into "users" ("zoneId", "email", "name", "role", "passwordHash")
    select ${zone.id}, ${email(sql`'lw' || i`)}, ${word(v.firstNames, i, 57)} || ' ' || ${word(v.lastNames, i, 58)},
      'LINK_WORKER', ${passwordHash}
    from generate_series(0, ${plan.linkWorkers - 1}) i order by i`);
  await tx.execute(sql`
    with o as (select "id", row_number() over (order by "id") - 1 as k from "organisations" where "zoneId" = ${zone.id})
    insert into "users" ("zoneId", "email", "name", "role", "organisationId", "passwordHash")
    select ${zone.id}, ${email(sql`'provider' || o.k`)}, 'Provider ' || (o.k + 1), 'PROVIDER', o."id", ${passwordHash}
    from o order by o.k`);
  if (plan.children === 0) return;
  const zoneNo = zone.slug.slice(-3);
  await tx.execute(sql`
    with s as (select "id", row_number() over (order by "id") - 1 as k from "schools" where "zoneId" = ${zone.id}),
    w as (select "id", row_number() over (order by "id") - 1 as k from "users" where "zoneId" = ${zone.id} and "role" = 'LINK_WORKER'),
    g as (select i, 1 + ${pick(i, 60, 11)} as year from generate_series(0, ${plan.children - 1}) i)
    insert into "children" ("zoneId", "reference", "firstName", "lastName", "dateOfBirth", "yearGroup", "schoolId",
      "linkWorkerId", "programmeStart", "programmeEnd", "needs", "status")
    select ${zone.id}, 'SC' || ${zoneNo} || '-' || lpad(g.i::text, 6, '0'),
      ${word(v.firstNames, sql`${i} || 'f'`, 61)}, ${word(v.lastNames, sql`${i} || 'l'`, 62)},
      make_date(2021 - g.year, 9, 1) + ${pick(i, 63, 365)},
      g.year, s."id", w."id",
      make_date(2025, 9, 1) + ${pick(i, 64, 300)}, make_date(2027, 9, 1) + ${pick(i, 64, 300)},
      ${caseOf(NEEDS, i, 65)}::text[],
      (case when ${pick(i, 66, 20)} = 0 then 'WITHDRAWN' else 'ACTIVE' end)::child_status
    from g join s on s.k = mod(g.i, ${plan.schools}) join w on w.k = mod(g.i, ${plan.linkWorkers}) order by g.i`);
  // Every family agreed to share its child's details with providers (needed to raise a commission),
  // recorded by the child's link worker when the programme started.
  await tx.execute(sql`
    insert into "child_consents" ("zoneId", "childId", "action", "givenBy", "method", "purposes", "effectiveOn",
      "recordedById")
    select c."zoneId", c."id", 'GIVEN', (case when c."yearGroup" >= 9 then 'YOUNG_PERSON' else 'PARENT_OR_CARER' end)::consent_giver,
      'IN_PERSON', '{SHARE_WITH_PROVIDERS,OUTCOME_REPORTING}'::consent_purpose[], c."programmeStart", c."linkWorkerId"
    from "children" c where c."zoneId" = ${zone.id} order by c."id"`);
}
