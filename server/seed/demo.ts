import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import {
  categories,
  children,
  districts,
  emailOutbox,
  fundingPots,
  organisations,
  outcomeMeasures,
  postcodeOutwards,
  postcodes,
  schools,
  services,
  users,
  zones,
} from '../../drizzle/schema';
import type { Role, Viewer } from '../../schema/context';
import { allocateFunds } from '../../schema/domain/allocations';
import { hashPassword } from '../../schema/domain/auth';
import { checkNewChild, insertChildren, loadJoinContext } from '../../schema/domain/child-join';
import type { CommissionAction } from '../../schema/domain/commission-machine';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import { creditPots } from '../../schema/domain/funding-pots';
import { parseListing, saveListing } from '../../schema/domain/listing';
import { inTransaction, type Tx } from '../../schema/domain/transaction';
import NEW_CHILDREN from './data/demo-new-children.json';
import { birthYear, DISTRICTS, FIRST_NAMES, LAST_NAMES, NEEDS, SCHOOLS, yearsTaken } from './demo-borough';
import { seedConsents } from './demo-consents';
import { seedContracts } from './demo-contracts';
import { importDemoDirectory } from './demo-directory';
import { seedDistrictFund } from './demo-districts';
import { seedEvidence } from './demo-evidence';
import { seedLocalOfferDigests } from './demo-local-offer';
import { seedOrganisationRequests } from './demo-organisation-requests';
import { seedOutcomeHistories } from './demo-outcomes';
import { seedPreviousPeriod } from './demo-previous-period';
import { seedResponseHistory } from './demo-response-record';
import { seedUnmetNeed } from './demo-unmet-need';
import { seededRandom } from './random';
import { TAXONOMY } from './taxonomy';

export const DEMO_PASSWORD = 'demo-password-123';
export const DEMO_PERIOD = '2026-27';
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const DIRECTORY_DRAWS = 686;

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(zones);
  return (row?.n ?? 0) === 0;
}

/** Seeds the national taxonomy if it is missing (every deployment needs it); returns slug -> id. */
export async function ensureTaxonomy(tx: Tx): Promise<Map<string, number>> {
  const existing = await tx.select({ id: categories.id, slug: categories.slug }).from(categories);
  if (existing.length > 0) return new Map(existing.map((c) => [c.slug, c.id]));
  const ids = new Map<string, number>();
  for (const [i, top] of TAXONOMY.entries()) {
    const [parent] = await tx.insert(categories).values({ slug: top.slug, name: top.name, position: i }).returning();
    ids.set(top.slug, parent!.id);
    const rows = await tx
      .insert(categories)
      .values(top.children.map(([slug, name], j) => ({ slug, name, parentId: parent!.id, position: j })))
      .returning();
    for (const row of rows) ids.set(row.slug, row.id);
  }
  return ids;
}

type Person = { email: string; name: string; role: Role; organisationId?: number };

async function createUsers(tx: Tx, zoneId: number, period: string, people: Person[]): Promise<Map<string, Viewer>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rows = await tx
    .insert(users)
    .values(people.map((p) => ({ ...p, zoneId, passwordHash, organisationId: p.organisationId ?? null })))
    .returning();
  return new Map(
    rows.map((u) => [
      u.email,
      { id: u.id, zoneId, role: u.role, organisationId: u.organisationId, sessionId: 0, period },
    ]),
  );
}

/** Seeds the demo zone, the second zone "other" and the taxonomy into an empty database. */
export async function seedDemo(db: Db): Promise<void> {
  const rnd = seededRandom(20261123);
  await inTransaction(db, async (tx) => {
    const categoryIds = await ensureTaxonomy(tx);

    const [zone] = await tx
      .insert(zones)
      .values({
        slug: 'demo',
        name: 'Ravensbourne Early Help Partnership',
        delegatedLimitPence: 25000,
        currentPeriod: DEMO_PERIOD,
      })
      .returning();
    const zoneId = zone!.id;

    // Postcodes: eight per locality around its centre, plus the outward-code centroid.
    const postcodeRows: { postcode: string; latitude: number; longitude: number; district: string }[] = [];
    for (const d of DISTRICTS) {
      for (let i = 0; i < 8; i++) {
        const inward = `${rnd.int(1, 9)}${rnd.pick([...INWARD_LETTERS])}${rnd.pick([...INWARD_LETTERS])}`;
        const postcode = `${d.outward} ${inward}`;
        if (postcodeRows.some((p) => p.postcode === postcode)) continue;
        postcodeRows.push({
          postcode,
          latitude: +(d.latitude + (rnd.next() - 0.5) * 0.012).toFixed(5),
          longitude: +(d.longitude + (rnd.next() - 0.5) * 0.018).toFixed(5),
          district: d.name,
        });
      }
    }
    await tx.insert(postcodes).values(postcodeRows.map(({ district: _, ...p }) => p));
    await tx
      .insert(postcodeOutwards)
      .values(DISTRICTS.map((d) => ({ outward: d.outward, latitude: d.latitude, longitude: d.longitude })))
      // A database started first with SEED=none already has the national centroids.
      .onConflictDoUpdate({
        target: postcodeOutwards.outward,
        set: { latitude: sql`excluded."latitude"`, longitude: sql`excluded."longitude"` },
      });

    const districtRows = await tx
      .insert(districts)
      .values(DISTRICTS.map((d) => ({ zoneId, name: d.name })))
      .returning();
    const districtId = new Map(districtRows.map((d) => [d.name, d.id]));
    const postcodesIn = (district: string) => postcodeRows.filter((p) => p.district === district);

    const schoolRows = await tx
      .insert(schools)
      .values(
        SCHOOLS.map(([name, district, phase]) => {
          const p = rnd.pick(postcodesIn(district));
          return {
            zoneId,
            districtId: districtId.get(district)!,
            name,
            phase,
            postcode: p.postcode,
            latitude: p.latitude,
            longitude: p.longitude,
          };
        }),
      )
      .returning();

    // Organisations and their listings: an Open Referral UK file, through the importer.
    await importDemoDirectory(tx, zoneId);
    // Making the directory in code used to draw this many numbers here; drawing them still keeps
    // every child, score and commission below exactly as they were (tests know some by value).
    for (let i = 0; i < DIRECTORY_DRAWS; i++) rnd.next();
    const orgId = async (name: string) =>
      (
        await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.zoneId, zoneId), eq(organisations.name, name)))
      )[0]!.id;

    const people = await createUsers(tx, zoneId, DEMO_PERIOD, [
      { email: 'linkworker@demo.test', name: 'Priya Sharma', role: 'LINK_WORKER' },
      { email: 'linkworker2@demo.test', name: 'Tom Okoro', role: 'LINK_WORKER' },
      {
        email: 'provider@demo.test',
        name: 'Helen Marsh',
        role: 'PROVIDER',
        organisationId: await orgId('Riverside Family Therapy'),
      },
      {
        email: 'provider2@demo.test',
        name: 'Sam Adebayo',
        role: 'PROVIDER',
        organisationId: await orgId('Catford Circus Collective'),
      },
      { email: 'commissioner@demo.test', name: 'Grace Whitfield', role: 'COMMISSIONER' },
      { email: 'admin@demo.test', name: 'Alex Morgan', role: 'ADMIN' },
    ]);
    const lw1 = people.get('linkworker@demo.test')!;
    const lw2 = people.get('linkworker2@demo.test')!;
    const commissioner = people.get('commissioner@demo.test')!;

    // Children: 12 on the first caseload, 8 (and one who has completed) on the second.
    const caseloads: [Viewer, number, 'ACTIVE' | 'COMPLETED'][] = [
      [lw1, 12, 'ACTIVE'],
      [lw2, 8, 'ACTIVE'],
      [lw2, 1, 'COMPLETED'],
    ];
    const childRows: (typeof children.$inferSelect)[] = [];
    let n = 0;
    for (const [worker, howMany, status] of caseloads) {
      for (let i = 0; i < howMany; i++, n++) {
        const school = schoolRows[(n * 3) % (schoolRows.length - 1)]!;
        const yearGroup = rnd.int(...yearsTaken(school.phase, 1, 9));
        const [child] = await tx
          .insert(children)
          .values({
            zoneId,
            reference: `RVB-${Array.from({ length: 5 }, () => rnd.pick([...'23456789ABCDEFGHJKLMNPQRSTUVWXYZ'])).join('')}`,
            firstName: FIRST_NAMES[n % FIRST_NAMES.length]!,
            lastName: LAST_NAMES[(n * 7) % LAST_NAMES.length]!,
            dateOfBirth: `${birthYear(yearGroup)}-${String(rnd.int(9, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`,
            yearGroup,
            schoolId: school.id,
            linkWorkerId: worker.id,
            programmeStart: status === 'ACTIVE' ? '2025-09-01' : '2023-09-01',
            programmeEnd: status === 'ACTIVE' ? '2027-08-31' : '2025-08-31',
            needs: [rnd.pick(NEEDS), rnd.pick(NEEDS)].filter((v, j, a) => a.indexOf(v) === j),
            status,
          })
          .returning();
        childRows.push(child!);
        if (worker === lw1) {
          await tx.insert(outcomeMeasures).values([
            {
              childId: child!.id,
              measure: 'SDQ_TOTAL',
              score: rnd.int(16, 28),
              measuredOn: '2025-09-15',
              recordedById: worker.id,
              note: 'Baseline',
            },
            {
              childId: child!.id,
              measure: 'SDQ_TOTAL',
              score: rnd.int(9, 20),
              measuredOn: '2026-09-15',
              recordedById: worker.id,
              note: '12 months',
            },
          ]);
        }
      }
    }

    await seedConsents(tx, childRows, [lw1, lw2]);

    // Funding: 30% raised locally, 70% brought in; each active child gets £950 this period.
    const pots = await tx
      .insert(fundingPots)
      .values([
        {
          zoneId,
          period: DEMO_PERIOD,
          name: 'Council early help fund',
          source: 'COUNCIL' as const,
          totalPence: 4_000_000,
        },
        {
          zoneId,
          period: DEMO_PERIOD,
          name: 'Schools DSG contribution',
          source: 'SCHOOLS_DSG' as const,
          totalPence: 2_000_000,
        },
        {
          zoneId,
          period: DEMO_PERIOD,
          name: 'Department for Education pilot grant',
          source: 'CENTRAL_GOVERNMENT' as const,
          totalPence: 8_000_000,
        },
        {
          zoneId,
          period: DEMO_PERIOD,
          name: 'Ravensbourne Community Foundation',
          source: 'PHILANTHROPY' as const,
          totalPence: 5_000_000,
        },
      ])
      .returning();
    await creditPots(tx, zoneId, commissioner.id, pots, 'Pot created');
    const active = childRows.filter((c) => c.status === 'ACTIVE').map((c) => c.id);
    const split = [15000, 13500, 45000, 21500];
    for (const [i, pot] of pots.entries()) {
      await allocateFunds(tx, commissioner, {
        fundingPotId: pot.id,
        childIds: active,
        amountPence: split[i]!,
        idempotencyKey: `seed-allocation-${i}`,
      });
    }

    await seedDistrictFund(tx, commissioner, await hashPassword(DEMO_PASSWORD));

    await seedOutcomeHistories(tx, {
      zoneId,
      schools: schoolRows,
      people,
      commissioner,
      caseload: childRows.filter((c) => c.linkWorkerId === lw1.id),
      rnd,
    });

    // Some commissions in flight so every role has something to act on.
    const serviceId = async (name: string) =>
      (await tx.select({ id: services.id }).from(services).where(eq(services.name, name)))[0]!.id;
    const provider = people.get('provider@demo.test')!;
    const provider2 = people.get('provider2@demo.test')!;
    const flow: [Viewer, number, string, number, [Viewer, CommissionAction, { note?: string; units?: number }][]][] = [
      [lw1, 0, 'Family therapy sessions', 8, []],
      [
        lw1,
        1,
        'Child play therapy',
        4,
        [
          [provider, 'accept', {}],
          [provider, 'recordDelivery', { units: 2, note: 'Settling in well' }],
        ],
      ],
      [
        lw1,
        2,
        'After-school circus club',
        1,
        [
          [provider2, 'accept', {}],
          [provider2, 'recordDelivery', { units: 1 }],
          [provider2, 'complete', {}],
        ],
      ],
      [lw1, 3, '1:1 maths tuition', 6, []],
      [lw1, 4, 'Child play therapy', 3, []],
      [
        lw2,
        12,
        'Family therapy sessions',
        4,
        [[provider, 'decline', { note: 'No therapist free in that area until spring' }]],
      ],
    ];
    for (const [i, [worker, childIndex, service, units, steps]] of flow.entries()) {
      const { commissionId } = await raiseCommission(tx, worker, {
        childId: childRows[childIndex]!.id,
        serviceId: await serviceId(service),
        units,
        rationale: 'Agreed with the family at the last review; fits the child’s plan.',
        idempotencyKey: `seed-commission-${i}`,
      });
      for (const [actor, action, input] of steps)
        await transitionCommission(tx, actor, action, { commissionId, ...input });
    }
    await seedEvidence(tx, { zoneId, commissioner, people, children: childRows });

    await seedNewChildren(tx, zoneId, people);
    // Before the contracts' payment run, which then pays what 2025-26 completed.
    await seedPreviousPeriod(tx, { zoneId, people, commissioner, children: childRows });
    await seedContracts(tx, { people, commissioner, children: childRows });
    await seedLocalOfferDigests(tx, zoneId);
    await seedUnmetNeed(tx, zoneId, childRows);
    await seedOrganisationRequests(tx, zoneId);
    await seedResponseHistory(tx, zoneId);

    await seedOtherZone(tx, categoryIds);
    // The demo's made-up history queued emails (approvals, notices, invitations) to its made-up
    // people: kept, but never sent, so starting the demo with SMTP_URL set mails nobody.
    await tx
      .update(emailOutbox)
      .set({ status: 'SKIPPED', lastError: 'Written by the demo seed: not sent' })
      .where(inArray(emailOutbox.status, ['PENDING', 'DIGEST']));
  });
}

/** Children who joined recently, through the same checks and insert as the Add a child form. */
async function seedNewChildren(tx: Tx, zoneId: number, people: Map<string, Viewer>) {
  const join = await loadJoinContext(tx, zoneId, new Date('2026-11-20T09:00:00Z'));
  const schoolId = new Map([...join.schools].map(([id, s]) => [s.name, id]));
  const rows = NEW_CHILDREN.children.map((c) => {
    const { child, errors } = checkNewChild(join, {
      ...c,
      schoolId: schoolId.get(c.school) ?? null,
      linkWorkerId: people.get(c.linkWorkerEmail)?.id ?? null,
    });
    if (!child) throw new Error(`demo-new-children.json: ${JSON.stringify(errors)}`);
    return child;
  });
  const added = await insertChildren(tx, zoneId, people.get(NEW_CHILDREN.addedBy)!.id, rows, 'ADD_CHILD');
  // Their families' consent, as for every demo child, recorded by their link workers.
  const kids = added.map((a, i) => ({ id: a.id, linkWorkerId: rows[i]!.linkWorkerId }));
  await seedConsents(tx, kids, [...people.values()]);
}

/** A second zone with its own people, children, money and drafts, to prove isolation. */
async function seedOtherZone(tx: Tx, categoryIds: Map<string, number>) {
  const [zone] = await tx
    .insert(zones)
    .values({ slug: 'other', name: 'Northfield Partnership', delegatedLimitPence: 10000, currentPeriod: DEMO_PERIOD })
    .returning();
  const zoneId = zone!.id;
  const [district] = await tx.insert(districts).values({ zoneId, name: 'Northfield' }).returning();
  const [school] = await tx
    .insert(schools)
    .values({
      zoneId,
      districtId: district!.id,
      name: 'Northfield Primary School',
      phase: 'PRIMARY',
      postcode: 'B31 2AA',
      latitude: 52.4152,
      longitude: -1.9686,
    })
    .returning();
  const [org] = await tx
    .insert(organisations)
    .values({ zoneId, kind: 'VCSE', name: 'Northfield Youth Trust', description: 'Youth work in Northfield.' })
    .returning();
  for (const [name, status] of [
    ['Northfield family therapy', 'PUBLISHED'],
    ['Northfield youth club', 'PUBLISHED'],
    ['Northfield secret draft', 'DRAFT'],
  ] as const) {
    await saveListing(
      tx,
      { zoneId, organisationId: org!.id },
      parseListing({
        name,
        description: `${name} for children in Northfield.`,
        categoryIds: [categoryIds.get('family-therapy')!],
        minAge: 5,
        maxAge: 16,
        deliveryModes: ['COMMUNITY_VENUE'],
        unitPricePence: 5000,
        unitName: 'session',
        commissionable: true,
        evidenceLevel: 'EMERGING',
        locations: [
          {
            name: 'Northfield Hub',
            address: '1 Bristol Road South, Birmingham',
            postcode: 'B31 2AA',
            latitude: 52.4152,
            longitude: -1.9686,
          },
        ],
        districtIds: [district!.id],
      }),
      undefined,
      { status },
    );
  }
  const people = await createUsers(tx, zoneId, DEMO_PERIOD, [
    { email: 'commissioner@other.test', name: 'Olu Bennett', role: 'COMMISSIONER' },
    { email: 'linkworker@other.test', name: 'Kate Doyle', role: 'LINK_WORKER' },
    { email: 'provider@other.test', name: 'Ian Fox', role: 'PROVIDER', organisationId: org!.id },
  ]);
  const worker = people.get('linkworker@other.test')!;
  const kids = await tx
    .insert(children)
    .values(
      ['Ella', 'Noah', 'Zara'].map((firstName, i) => ({
        zoneId,
        reference: `NFD-${i + 1}0K7${i}`,
        firstName,
        lastName: 'Other',
        dateOfBirth: '2017-05-01', // Year 5 in 2026-27: born Sep 2016 to Aug 2017
        yearGroup: 5,
        schoolId: school!.id,
        linkWorkerId: worker.id,
        programmeStart: '2025-09-01',
        programmeEnd: '2027-08-31',
      })),
    )
    .returning();
  await seedConsents(tx, kids, [worker]);
  const [pot] = await tx
    .insert(fundingPots)
    .values({ zoneId, period: DEMO_PERIOD, name: 'Northfield fund', source: 'COUNCIL', totalPence: 1_000_000 })
    .returning();
  await creditPots(tx, zoneId, people.get('commissioner@other.test')!.id, [pot!], 'Pot created');
  await allocateFunds(tx, people.get('commissioner@other.test')!, {
    fundingPotId: pot!.id,
    childIds: kids.map((k) => k.id),
    amountPence: 90000,
    idempotencyKey: 'seed-other-allocation',
  });
}
