import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../schema/domain/rows';
import type { Tx } from '../../../schema/domain/transaction';
import type { ScaleZone } from './directory';
import { pick, type ScalePlan } from './plan';

// Commission states in roughly the shares a partnership sees over a year.
const STATUS = sql.raw(`(case
  when s < 8 then 'REQUESTED' when s < 18 then 'APPROVED' when s < 33 then 'ACCEPTED' when s < 78 then 'COMPLETED'
  when s < 84 then 'DECLINED' when s < 89 then 'REJECTED' else 'CANCELLED' end)::commission_status`);
// A reference per commission from its index in the zone: (i * 1000003) mod 30^5 is one-to-one (as
// in the migration that gave existing commissions theirs), in the references' 30-letter alphabet.
const REFERENCE = sql.raw(`'CR-' || (select string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ',
  (((g.i::bigint * 1000003) % 24300000) / (30 ^ p)::bigint % 30)::int + 1, 1), '' order by p desc)
  from generate_series(0, 4) as p)`);
const LIVE = `('REQUESTED', 'APPROVED', 'ACCEPTED')`;
const POTS: [string, string][] = [
  ['Council early help grant', 'COUNCIL'],
  ['Schools forum top-slice (DSG)', 'SCHOOLS_DSG'],
  ['Family Hubs programme', 'CENTRAL_GOVERNMENT'],
  ['Community foundation', 'PHILANTHROPY'],
];

/**
 * Budgets, pots, commissions in every state and the ledger that explains them, written the way
 * the application would have: each child allocated at least £900 (more where its commissions
 * need it), a RESERVE per commission, SPEND and RELEASE when it settled. The stored figures are
 * then summed from the ledger, so `npm run reconcile` agrees by construction and checks it.
 */
export async function seedMoney(tx: Tx, zone: ScaleZone, plan: ScalePlan['perZone'], period: string) {
  if (plan.children === 0) return;
  const commissioner = sql`(select "id" from "users" where "zoneId" = ${zone.id} and "role" = 'COMMISSIONER' limit 1)`;
  await tx.execute(sql`
    insert into "child_budgets" ("zoneId", "childId", "period")
    select ${zone.id}, "id", ${period} from "children" where "zoneId" = ${zone.id} order by "id"`);
  await tx.execute(sql`
    insert into "funding_pots" ("zoneId", "period", "name", "source", "totalPence")
    values ${sql.join(
      POTS.map(([name, source]) => sql`(${zone.id}, ${period}, ${name}, ${source}::funding_source, 0)`),
      sql`, `,
    )}`);
  const i = sql`${zone.slug} || ':' || i`;
  const [{ n: commissionable }] = rowsOf(
    await tx.execute(sql`select count(*)::int as n from "services"
      where "zoneId" = ${zone.id} and "commissionable" and "status" = 'PUBLISHED'`),
  ) as [{ n: number }];
  if (plan.commissions > 0 && Number(commissionable) > 0) {
    await tx.execute(sql`
      with c as (select ch."id", ch."linkWorkerId", b."id" as "budgetId", row_number() over (order by ch."id") - 1 as k
          from "children" ch join "child_budgets" b on b."childId" = ch."id" where ch."zoneId" = ${zone.id}),
        sv as (select "id", "organisationId", "unitPricePence", row_number() over (order by "id") - 1 as k
          from "services" where "zoneId" = ${zone.id} and "commissionable" and "status" = 'PUBLISHED'),
        g as (select i, ${pick(i, 70, 100)} as s, 1 + ${pick(i, 71, 4)} as units,
          now() - make_interval(days => ${pick(i, 72, 330)}, hours => ${pick(i, 73, 24)}) as at
          from generate_series(0, ${plan.commissions - 1}) i)
      insert into "commissions" ("reference", "zoneId", "childId", "budgetId", "serviceId", "organisationId", "linkWorkerId", "units",
        "unitPricePence", "amountPence", "unitsDelivered", "rationale", "requestToProvider", "status", "approvedAt", "createdAt")
      select ${REFERENCE}, ${zone.id}, c."id", c."budgetId", sv."id", sv."organisationId", c."linkWorkerId", g.units, sv."unitPricePence",
        g.units * sv."unitPricePence",
        case when g.s >= 33 and g.s < 78 then (case when mod(g.s, 5) = 0 then 1 else g.units end)
             when g.s >= 18 and g.s < 33 then mod(g.s, g.units) else 0 end,
        'Recommended at the team around the child meeting.', 'Sessions as described in your listing.',
        ${STATUS}, case when g.s >= 8 and g.s < 84 then g.at + interval '1 day' end, g.at
      from g
      join c on c.k = ${pick(sql`${zone.slug} || ':c' || g.i`, 74, plan.children)}
      join sv on sv.k = ${pick(sql`${zone.slug} || ':s' || g.i`, 75, 1_000_000)} % (select count(*) from sv)
      order by g.at`);
  }
  // What each child's commissions hold or spent, rounded up to £50: its allocation, at least £900,
  // pooled from one, two or three pots as budgets are (so reports split each commission's money).
  // Every pot but the first gives an equal share in whole £50s; the first gives the rest.
  await tx.execute(sql`
    with need as (select b."id" as "budgetId", b."childId",
        greatest(90000, ceil(coalesce(sum(case when c."status" in ${sql.raw(LIVE)} then c."amountPence"
          when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else 0 end), 0) / 5000.0) * 5000)::bigint as pence,
        1 + mod(b."childId", 3) as pots
        from "child_budgets" b left join "commissions" c on c."budgetId" = b."id"
        where b."zoneId" = ${zone.id} group by b."id"),
      p as (select "id", row_number() over (order by "id") - 1 as k from "funding_pots" where "zoneId" = ${zone.id}),
      share as (select need.*, j, floor(need.pence / need.pots / 5000) * 5000 as even
        from need cross join generate_series(0, 2) j where j < need.pots)
    insert into "allocations" ("fundingPotId", "childId", "budgetId", "amountPence", "createdById")
    select p."id", share."childId", share."budgetId",
      case when share.j = 0 then share.pence - (share.pots - 1) * share.even else share.even end, ${commissioner}
    from share join p on p.k = mod(share."childId" + share.j, ${POTS.length}) order by share."budgetId", share.j`);
  await tx.execute(sql`
    insert into "ledger_entries" ("zoneId", "budgetId", "kind", "amountPence", "fundingPotId", "allocationId", "actorId", "reason")
    select ${zone.id}, a."budgetId", 'ALLOCATE', a."amountPence", a."fundingPotId", a."id", a."createdById", 'Allocation for the year'
    from "allocations" a join "child_budgets" b on b."id" = a."budgetId" where b."zoneId" = ${zone.id} order by a."id"`);
  await tx.execute(sql`
    with c as (select * from "commissions" where "zoneId" = ${zone.id}),
      provider as (select distinct on ("organisationId") "organisationId", "id" from "users"
        where "zoneId" = ${zone.id} and "role" = 'PROVIDER' order by "organisationId", "id"),
      moves as (
        select c."id", c."budgetId", c."linkWorkerId" as actor, 'RESERVE'::ledger_kind as kind, c."amountPence" as amount,
          'Commission raised' as reason, c."createdAt" as at, 0 as step from c
        union all
        select c."id", c."budgetId", provider."id", 'SPEND', c."unitsDelivered" * c."unitPricePence", 'Commission completed',
          c."createdAt" + interval '30 days', 1
        from c join provider on provider."organisationId" = c."organisationId"
        where c."status" = 'COMPLETED' and c."unitsDelivered" > 0
        union all
        select c."id", c."budgetId", c."linkWorkerId", 'RELEASE',
          c."amountPence" - case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else 0 end,
          'Released when the commission ended', c."createdAt" + interval '30 days', 2
        from c where c."status" not in ${sql.raw(LIVE)}
          and c."amountPence" > case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else 0 end)
    insert into "ledger_entries" ("zoneId", "budgetId", "kind", "amountPence", "commissionId", "actorId", "reason", "createdAt")
    select ${zone.id}, "budgetId", kind, amount, "id", actor, reason, at from moves order by at, "id", step`);
  await tx.execute(sql`
    update "child_budgets" b set "allocatedPence" = l.allocated, "reservedPence" = l.reserved, "spentPence" = l.spent
    from (select "budgetId",
        coalesce(sum("amountPence") filter (where "kind" = 'ALLOCATE'), 0) as allocated,
        coalesce(sum("amountPence") filter (where "kind" = 'RESERVE'), 0)
          - coalesce(sum("amountPence") filter (where "kind" in ('RELEASE', 'SPEND')), 0) as reserved,
        coalesce(sum("amountPence") filter (where "kind" = 'SPEND'), 0) as spent
      from "ledger_entries" where "zoneId" = ${zone.id} group by "budgetId") l
    where l."budgetId" = b."id"`);
  // Accepted commissions hold a place on their listing; a listing never holds more than it offers.
  await tx.execute(sql`
    update "services" s set "placesTaken" = a.n,
      "capacity" = case when s."capacity" is null then null else greatest(s."capacity", a.n) end
    from (select "serviceId", count(*)::int as n from "commissions"
      where "zoneId" = ${zone.id} and "status" = 'ACCEPTED' group by "serviceId") a
    where a."serviceId" = s."id"`);
  // Pots hold a quarter more than was allocated from them, rounded to £1,000.
  await tx.execute(sql`
    update "funding_pots" p set "allocatedPence" = a.pence, "totalPence" = ceil(a.pence * 1.25 / 100000.0) * 100000
    from (select "fundingPotId", sum("amountPence") as pence from "allocations" group by "fundingPotId") a
    where a."fundingPotId" = p."id" and p."zoneId" = ${zone.id}`);
  // Each pot's total is credited in the ledger, as createFundingPot does (npm run reconcile checks it).
  await tx.execute(sql`
    insert into "ledger_entries" ("zoneId", "kind", "amountPence", "fundingPotId", "actorId", "reason")
    select p."zoneId", 'FUND', p."totalPence", p."id", ${commissioner}, 'Pot created'
    from "funding_pots" p where p."zoneId" = ${zone.id} and p."totalPence" > 0 order by p."id"`);
  // The timeline: raised, approved, accepted, and how it ended, as the application writes it.
  await tx.execute(sql`
    insert into "commission_events" ("commissionId", "action", "fromStatus", "toStatus", "actorId", "note", "at")
    select c."id", e.action, e.from_status::commission_status, e.to_status::commission_status, c."linkWorkerId",
      e.note, c."createdAt" + make_interval(days => e.step)
    from "commissions" c cross join lateral (values
        ('RAISED', null, 'REQUESTED', c."requestToProvider", 0, true),
        ('APPROVED', 'REQUESTED', 'APPROVED', '', 1, c."approvedAt" is not null),
        ('ACCEPTED', 'APPROVED', 'ACCEPTED', '', 2, c."status" in ('ACCEPTED', 'COMPLETED')),
        (c."status"::text, case when c."approvedAt" is null then 'REQUESTED'
            when c."status" = 'COMPLETED' then 'ACCEPTED' else 'APPROVED' end, c."status"::text, '', 30,
          c."status" not in ${sql.raw(LIVE)})
      ) e(action, from_status, to_status, note, step, happened)
    where c."zoneId" = ${zone.id} and e.happened
    order by c."id", e.step`);
}
