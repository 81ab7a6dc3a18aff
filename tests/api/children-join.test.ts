import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, commissions, ledgerEntries, notifications, schools, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { budgetOf, freeChildren, raiseMutation, serviceId, transitionMutation, userId } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Issue 13 point 9: children join (one by one, or a cohort from CSV with a preview), leave
// (withdrawn or completed) and change link worker; a leaver's account is deactivated only once
// their caseload has a new link worker.

let s: TestServer;
let lw: string;
let lw2: string;
let admin: string;
let lw1Id: number;
let lw2Id: number;
let primary: number;
let secondary: number;
beforeAll(async () => {
  s = await startServer();
  lw = await s.signIn('linkworker@demo.test');
  lw2 = await s.signIn('linkworker2@demo.test');
  admin = await s.signIn('admin@demo.test');
  lw1Id = await userId(s.db, 'linkworker@demo.test');
  lw2Id = await userId(s.db, 'linkworker2@demo.test');
  const rows = await s.db.select().from(schools).orderBy(schools.id);
  await s.db.update(schools).set({ phase: 'PRIMARY' }).where(eq(schools.name, 'Rushey Green Primary School'));
  primary = rows.find((r) => r.name === 'Rushey Green Primary School')!.id;
  secondary = rows.find((r) => r.name === 'Catford Park Secondary School')!.id;
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const ADD = `mutation($input: AddChildInput!) { addChild(input: $input) { ${RESULT}
  ... on AddChildSuccess { child { id reference yearGroup schoolName status } } } }`;
const IMPORT = `mutation($input: ImportChildrenInput!) { importChildren(input: $input) { ${RESULT}
  ... on ImportChildrenSuccess { import { dryRun added errorCount rows { row schoolName errors reference } } } } }`;
const WITHDRAW = `mutation($input: EndProgrammeInput!) { withdrawChild(input: $input) { ${RESULT}
  ... on WithdrawChildSuccess { child { reference status openCommissions } } } }`;
const COMPLETE = `mutation($input: EndProgrammeInput!) { completeChildProgramme(input: $input) { ${RESULT}
  ... on CompleteChildProgrammeSuccess { child { reference status } } } }`;
const MOVE = `mutation($input: MoveChildrenInput!) { moveChildren(input: $input) { ${RESULT}
  ... on MoveChildrenSuccess { children { id reference } } } }`;
const SET_ACTIVE = `mutation($input: SetUserActiveInput!) { setUserActive(input: $input) { ${RESULT}
  ... on SetUserActiveSuccess { user { id } } } }`;

const child = (over: Record<string, unknown> = {}) => ({
  firstName: 'Ada',
  lastName: 'Lovelace',
  dateOfBirth: '2017-03-14',
  schoolId: globalId('School', primary),
  yearGroup: 4,
  needs: ['anxiety', 'Literacy'],
  programmeStart: '2026-12-01',
  ...over,
});
const count = () => s.db.$count(children);

describe('adding a child', () => {
  it('a link worker adds a child to their own caseload, with a two-year programme by default', async () => {
    const res = await s.gql(ADD, { input: child() }, lw);
    const added = res.data.addChild;
    expect(added.__typename).toBe('AddChildSuccess');
    expect(added.child).toMatchObject({ yearGroup: 4, schoolName: 'Rushey Green Primary School', status: 'ACTIVE' });
    expect(added.child.reference).toMatch(/^CH-[2-9A-Z]{6}$/);
    const [row] = await s.db
      .select()
      .from(children)
      .where(eq(children.id, localId(added.child.id)));
    expect(row).toMatchObject({
      linkWorkerId: lw1Id,
      programmeStart: '2026-12-01',
      programmeEnd: '2028-11-30',
      needs: ['anxiety', 'literacy'],
    });
    const view = await s.gql(
      `query($id: ID!) { child(id: $id) { firstName lastName dateOfBirth needs programmeEnd } }`,
      { id: added.child.id },
      lw,
    );
    expect(view.data.child).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '2017-03-14',
      needs: ['anxiety', 'literacy'],
      programmeEnd: '2028-11-30',
    });
    const [entry] = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'ADD_CHILD'), eq(auditEvents.entityId, row!.id)));
    expect(JSON.stringify(entry!.detail)).not.toMatch(/Ada|Lovelace|2017/);
  });

  it('refuses what does not fit, field by field, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { schoolId: globalId('School', secondary), yearGroup: 4 },
        'yearGroup',
        /secondary school: year group must be from 7 to 13/,
      ],
      [{ yearGroup: 7 }, 'yearGroup', /primary school: year group must be from 0 to 6/],
      [{ needs: ['anxiety', 'astrology'] }, 'needs', /astrology/],
      [{ dateOfBirth: '2027-01-01' }, 'dateOfBirth', /in the past/],
      [{ dateOfBirth: '2025-01-01' }, 'dateOfBirth', /between 3 and 19/],
      [{ dateOfBirth: null }, 'dateOfBirth', /^Enter the date of birth$/],
      [{ programmeEnd: '2026-11-01' }, 'programmeEnd', /end after it starts/],
      [{ firstName: '  ' }, 'firstName', /first name/],
    ];
    for (const [over, field, message] of cases) {
      const res = await s.gql(ADD, { input: child(over) }, lw);
      expect(res.data.addChild.__typename, field).toBe('ValidationError');
      expect(res.data.addChild.fieldErrors).toContainEqual({
        path: ['input', field],
        message: expect.stringMatching(message),
      });
    }
    expect(await count()).toBe(before);
  });

  it('a link worker cannot add to another caseload; an administrator must say whose; others may not add', async () => {
    const before = await count();
    const other = await s.gql(ADD, { input: child({ linkWorkerId: globalId('User', lw2Id) }) }, lw);
    expect(other.data.addChild.__typename).toBe('ForbiddenError');
    const none = await s.gql(ADD, { input: child() }, admin);
    expect(none.data.addChild.fieldErrors[0].path).toEqual(['input', 'linkWorkerId']);
    for (const email of ['commissioner@demo.test', 'provider@demo.test']) {
      const res = await s.gql(ADD, { input: child() }, await s.signIn(email));
      expect(res.data.addChild.__typename).toBe('ForbiddenError');
    }
    expect(await count()).toBe(before);
  });

  it('an administrator adds a child to a link worker’s caseload, who is told without the name', async () => {
    const res = await s.gql(
      ADD,
      { input: child({ linkWorkerId: globalId('User', lw2Id), firstName: 'Grace' }) },
      admin,
    );
    expect(res.data.addChild.__typename).toBe('AddChildSuccess');
    const [note] = await s.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, lw2Id),
          eq(notifications.kind, 'CHILD_JOINED'),
          sql`${notifications.message} like ${`%${res.data.addChild.child.reference}`}`,
        ),
      );
    expect(note!.message).toBe(`A child joined your caseload: ${res.data.addChild.child.reference}`);
    // The administrator sees no names: ChildSummary has none, and the Child node is not theirs.
    const view = await s.gql(
      `query($id: ID!) { child(id: $id) { firstName } }`,
      { id: res.data.addChild.child.id },
      admin,
    );
    expect(view.data?.child ?? null).toBeNull();
  });
});

const HEADER = 'firstName,lastName,dateOfBirth,school,yearGroup,needs,programmeStart,programmeEnd,linkWorkerEmail';
const GOOD1 = 'Mo,Farah,2016-05-02,Rushey Green Primary School,5,anxiety;isolation,2027-01-04,,linkworker@demo.test';
const GOOD2 = 'Zara,Khan,2012-10-10,catford park secondary school,9,,2027-01-04,2028-07-31,linkworker2@demo.test';
const BAD = 'Sam,Lee,2016-05-02,Nowhere School,5,anxiety,2027-01-04,,nobody@demo.test';

describe('importing a cohort', () => {
  it('previews every row with its errors and writes nothing', async () => {
    const before = await count();
    const res = await s.gql(IMPORT, { input: { csv: [HEADER, GOOD1, BAD, GOOD2].join('\n'), dryRun: true } }, admin);
    const result = res.data.importChildren.import;
    expect(result).toMatchObject({ dryRun: true, added: 0, errorCount: 1 });
    expect(result.rows.map((r: { row: number; errors: string[] }) => [r.row, r.errors])).toEqual([
      [2, []],
      [
        3,
        [
          'No school called “Nowhere School” in your partnership',
          'No active link worker with the email “nobody@demo.test”',
        ],
      ],
      [4, []],
    ]);
    expect(await count()).toBe(before);
  });

  it('a commit with any bad row imports nothing and names the rows', async () => {
    const before = await count();
    const res = await s.gql(IMPORT, { input: { csv: [HEADER, GOOD1, BAD].join('\n'), dryRun: false } }, admin);
    expect(res.data.importChildren.__typename).toBe('ValidationError');
    expect(res.data.importChildren.message).toBe(
      '1 of 2 rows have errors; nothing was imported. Correct them and try again.',
    );
    expect(res.data.importChildren.fieldErrors[0].path).toEqual(['input', 'csv', '3']);
    expect(await count()).toBe(before);
  });

  it('refuses a file that is not the layout', async () => {
    for (const csv of ['name,school\nA,B', '', 'firstName,lastName\n"unclosed']) {
      const res = await s.gql(IMPORT, { input: { csv, dryRun: true } }, admin);
      expect(res.data.importChildren.__typename).toBe('ValidationError');
    }
    const lwTry = await s.gql(IMPORT, { input: { csv: HEADER, dryRun: true } }, lw);
    expect(lwTry.data.importChildren.__typename).toBe('ForbiddenError');
  });

  it('commits every row in one go, each child on its link worker’s caseload', async () => {
    const before = await count();
    const res = await s.gql(IMPORT, { input: { csv: [HEADER, GOOD1, GOOD2].join('\r\n'), dryRun: false } }, admin);
    const result = res.data.importChildren.import;
    expect(result).toMatchObject({ dryRun: false, added: 2, errorCount: 0 });
    expect(await count()).toBe(before + 2);
    const [zara] = await s.db.select().from(children).where(eq(children.reference, result.rows[1].reference));
    expect(zara).toMatchObject({
      linkWorkerId: lw2Id,
      schoolId: secondary,
      yearGroup: 9,
      programmeEnd: '2028-07-31',
      needs: [],
    });
  });
});

describe('importing a cohort: the same child twice, and rows of the wrong length', () => {
  const GRACE = 'Grace,Hopper,2015-12-09,Rushey Green Primary School,5,anxiety,2027-01-04,,linkworker@demo.test';
  const ROWS = (res: { data: { importChildren: { import: { rows: { row: number; errors: string[] }[] } } } }) =>
    res.data.importChildren.import.rows.map((r) => [r.row, r.errors]);

  it('refuses a row that repeats an earlier row of the file (names in any case), preview and commit alike', async () => {
    const before = await count();
    const again = ' grace , HOPPER,2015-12-09,rushey green primary school,6,,2027-02-01,,linkworker2@demo.test';
    const csv = [HEADER, GRACE, again].join('\n');
    const preview = await s.gql(IMPORT, { input: { csv, dryRun: true } }, admin);
    expect(preview.data.importChildren.import).toMatchObject({ added: 0, errorCount: 1 });
    expect(ROWS(preview)).toEqual([
      [2, []],
      [3, ['The same child as line 2 of this file']],
    ]);
    const commit = await s.gql(IMPORT, { input: { csv, dryRun: false } }, admin);
    expect(commit.data.importChildren.fieldErrors).toEqual([
      { path: ['input', 'csv', '3'], message: 'Row 3: The same child as line 2 of this file' },
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses a child already in the zone; another date of birth or school is another child', async () => {
    const first = await s.gql(IMPORT, { input: { csv: [HEADER, GRACE].join('\n'), dryRun: false } }, admin);
    expect(first.data.importChildren.import).toMatchObject({ added: 1, errorCount: 0 });
    const reference = first.data.importChildren.import.rows[0].reference;
    const before = await count();
    const twin = 'Grace,Hopper,2015-12-10,Rushey Green Primary School,5,,2027-01-04,,linkworker@demo.test';
    const elsewhere = 'Grace,Hopper,2011-12-09,Catford Park Secondary School,9,,2027-01-04,,linkworker@demo.test';
    const csv = [HEADER, GRACE, twin, elsewhere].join('\n');
    const preview = await s.gql(IMPORT, { input: { csv, dryRun: true } }, admin);
    expect(ROWS(preview)).toEqual([
      [2, [`This child is already in your partnership as ${reference}`]],
      [3, []],
      [4, []],
    ]);
    const commit = await s.gql(IMPORT, { input: { csv, dryRun: false } }, admin);
    expect(commit.data.importChildren.__typename).toBe('ValidationError');
    expect(commit.data.importChildren.fieldErrors).toEqual([
      { path: ['input', 'csv', '2'], message: `Row 2: This child is already in your partnership as ${reference}` },
    ]);
    expect(await count()).toBe(before);
  });

  it('a short or long row is an error on its own line; the rest of the file is still checked', async () => {
    const before = await count();
    const short = 'Ida,Wells,2016-07-16,Rushey Green Primary School,5,anxiety,2027-01-04,linkworker@demo.test';
    const long = `${GOOD1.replace('Mo,Farah', 'Ola,Ade')},extra`;
    const csv = [HEADER, GOOD1.replace('Mo,Farah', 'Kim,Lo'), '', short, long, BAD].join('\n');
    const preview = await s.gql(IMPORT, { input: { csv, dryRun: true } }, admin);
    expect(preview.data.importChildren.import).toMatchObject({ added: 0, errorCount: 3 });
    expect(ROWS(preview)).toEqual([
      [2, []],
      [4, ['Line 4 has 8 values where the header has 9']],
      [5, ['Line 5 has 10 values where the header has 9']],
      [6, expect.arrayContaining(['No school called “Nowhere School” in your partnership'])],
    ]);
    const commit = await s.gql(IMPORT, { input: { csv, dryRun: false } }, admin);
    expect(commit.data.importChildren.message).toBe(
      '3 of 4 rows have errors; nothing was imported. Correct them and try again.',
    );
    expect(commit.data.importChildren.fieldErrors.map((e: { path: string[] }) => e.path[2])).toEqual(['4', '5', '6']);
    expect(await count()).toBe(before);
  });
});

/** Demo children with a budget and no commissions yet (children added above have no budget). */
const funded = async () =>
  (await freeChildren(s.db, 'linkworker@demo.test')).filter((c) => !c.reference.startsWith('CH-'));

async function raised(childId: number, units: number, key: string) {
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', childId),
        serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
        units,
        rationale: 'Agreed at review.',
        idempotencyKey: `children-join-${key}`,
      },
    },
    lw,
  );
  if (!res.data?.raiseCommission?.commission) throw new Error(JSON.stringify(res));
  return res.data.raiseCommission.commission as { id: string; status: string; amountPence: number };
}

describe('leaving the programme', () => {
  it('withdrawing cancels requested and approved commissions and releases their money through the ledger', async () => {
    const [kid] = await funded();
    const small = await raised(kid!.id, 2, 'leave-1'); // £90, approved at once
    const big = await raised(kid!.id, 7, 'leave-2'); // £315, over the limit: requested
    expect([small.status, big.status]).toEqual(['APPROVED', 'REQUESTED']);
    const before = await budgetOf(s.db, kid!.id);
    expect(before.reservedPence).toBe(9000 + 31500);

    const res = await s.gql(WITHDRAW, { input: { childId: globalId('Child', kid!.id), reason: 'Moved away' } }, lw);
    expect(res.data.withdrawChild.child).toMatchObject({ status: 'WITHDRAWN', openCommissions: 0 });
    const after = await budgetOf(s.db, kid!.id);
    expect(after).toMatchObject({ reservedPence: 0, spentPence: 0, allocatedPence: before.allocatedPence });
    const statuses = await s.db
      .select({ status: commissions.status })
      .from(commissions)
      .where(eq(commissions.childId, kid!.id));
    expect(statuses.map((c) => c.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const releases = await s.db
      .select({ amount: ledgerEntries.amountPence })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.budgetId, before.id), eq(ledgerEntries.kind, 'RELEASE')));
    expect(releases.map((r) => r.amount).sort()).toEqual([31500, 9000]);
    expect((await reconcile(s.db)).differences).toEqual([]);

    const again = await s.gql(WITHDRAW, { input: { childId: globalId('Child', kid!.id), reason: 'Again' } }, lw);
    expect(again.data.withdrawChild.message).toMatch(/already withdrawn/);
  });

  it('is refused while a provider is delivering, and changes nothing', async () => {
    const [kid] = await funded();
    const c = await raised(kid!.id, 2, 'leave-3');
    const accept = await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: c.id } },
      await s.signIn('provider@demo.test'),
    );
    expect(accept.data.acceptCommission.commission.status).toBe('ACCEPTED');
    const ledger = await s.db.$count(ledgerEntries);
    const res = await s.gql(COMPLETE, { input: { childId: globalId('Child', kid!.id), reason: 'Finished' } }, lw);
    expect(res.data.completeChildProgramme.message).toMatch(/still delivering \(CR-/);
    expect((await s.db.select().from(children).where(eq(children.id, kid!.id)))[0]!.status).toBe('ACTIVE');
    expect(await s.db.$count(ledgerEntries)).toBe(ledger);
  });

  it('only the child’s own link worker or an administrator may end it', async () => {
    const [kid] = await funded();
    const input = { childId: globalId('Child', kid!.id), reason: 'Finished' };
    expect((await s.gql(COMPLETE, { input }, lw2)).data.completeChildProgramme.__typename).toBe('ForbiddenError');
    expect(
      (await s.gql(COMPLETE, { input }, await s.signIn('commissioner@demo.test'))).data.completeChildProgramme
        .__typename,
    ).toBe('ForbiddenError');
    const done = await s.gql(COMPLETE, { input }, admin);
    expect(done.data.completeChildProgramme.child.status).toBe('COMPLETED');
  });
});

describe('moving children', () => {
  it('a child moves with their budget and commissions; audited; both link workers told', async () => {
    const [kid] = await funded();
    const c = await raised(kid!.id, 2, 'move-1');
    const res = await s.gql(
      MOVE,
      { input: { childIds: [globalId('Child', kid!.id)], toLinkWorkerId: globalId('User', lw2Id) } },
      admin,
    );
    expect(res.data.moveChildren.children).toEqual([{ id: globalId('Child', kid!.id), reference: kid!.reference }]);
    const [moved] = await s.db
      .select()
      .from(commissions)
      .where(eq(commissions.id, localId(c.id)));
    expect(moved!.linkWorkerId).toBe(lw2Id);
    // The new link worker sees the child, its budget and can cancel the commission; the old one cannot see it.
    const view = `query($id: ID!) { child(id: $id) { firstName budget { reservedPence } commissions { id } } }`;
    const seen = await s.gql(view, { id: globalId('Child', kid!.id) }, lw2);
    expect(seen.data.child).toMatchObject({
      firstName: kid!.firstName,
      budget: { reservedPence: 9000 },
      commissions: [{ id: c.id }],
    });
    expect((await s.gql(view, { id: globalId('Child', kid!.id) }, lw)).data.child).toBeNull();
    const cancel = await s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: c.id, reason: 'New plan' } },
      lw2,
    );
    expect(cancel.data.cancelCommission.commission.status).toBe('CANCELLED');
    const audits = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'MOVE_CHILD'), eq(auditEvents.entityId, kid!.id)));
    expect(audits[0]!.detail).toEqual({ fromLinkWorkerId: lw1Id, toLinkWorkerId: lw2Id });
    const told = await s.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.kind, 'CHILD_MOVED'), sql`${notifications.message} like ${`%${kid!.reference}`}`));
    expect(told.map((t) => t.userId).sort()).toEqual([lw1Id, lw2Id].sort());
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('a leaver is not deactivated while they hold a caseload, and is once it moves in the same action', async () => {
    const leaver = (
      await s.db
        .insert(users)
        .values({ zoneId: 1, email: 'leaver@demo.test', name: 'Lee Ver', role: 'LINK_WORKER', passwordHash: 'x' })
        .returning()
    )[0]!;
    await s.db
      .update(children)
      .set({ linkWorkerId: leaver.id })
      .where(eq(children.reference, (await funded())[0]!.reference));
    const input = { userId: globalId('User', leaver.id), active: false };
    // The administrator's list of people says so before they try (web: the Users page).
    const sizes = async () =>
      Object.fromEntries(
        (await s.gql('{ users(limit: 100) { id role caseloadSize } }', {}, admin)).data.users.map(
          (u: { id: string; role: string; caseloadSize: number | null }) => [u.id, u],
        ),
      );
    const before = await sizes();
    expect(before[input.userId].caseloadSize).toBe(1);
    // One grouped statement counts every link worker's caseload on the list, however many there are.
    const plain = await s.gql('{ users(limit: 100) { id role } }', {}, admin);
    const counted = await s.gql('{ users(limit: 100) { id role caseloadSize } }', {}, admin);
    const workers = plain.data.users.filter((u: { role: string }) => u.role === 'LINK_WORKER');
    expect(workers.length).toBeGreaterThan(2);
    expect(counted.statements).toBe(plain.statements! + 1);
    expect(before[globalId('User', await userId(s.db, 'admin@demo.test'))].caseloadSize).toBeNull();
    const refused = await s.gql(SET_ACTIVE, { input }, admin);
    expect(refused.data.setUserActive.fieldErrors[0]).toEqual({
      path: ['input', 'moveCaseloadToId'],
      message: 'This link worker still has 1 child on their caseload: choose who takes them over',
    });
    expect((await s.db.select().from(users).where(eq(users.id, leaver.id)))[0]!.active).toBe(true);
    const caseload = `query($id: ID!) { linkWorkerCaseload(linkWorkerId: $id) { reference } }`;
    expect((await s.gql(caseload, { id: input.userId }, admin)).data.linkWorkerCaseload).toHaveLength(1);
    const ok = await s.gql(SET_ACTIVE, { input: { ...input, moveCaseloadToId: globalId('User', lw2Id) } }, admin);
    expect(ok.data.setUserActive.__typename).toBe('SetUserActiveSuccess');
    expect((await s.gql(caseload, { id: input.userId }, admin)).data.linkWorkerCaseload).toEqual([]);
    expect((await sizes())[input.userId].caseloadSize).toBe(0);
    // Nobody moves to an inactive link worker.
    const toLeaver = await s.gql(
      MOVE,
      { input: { fromLinkWorkerId: globalId('User', lw2Id), toLinkWorkerId: input.userId } },
      admin,
    );
    expect(toLeaver.data.moveChildren.fieldErrors[0].path).toEqual(['input', 'toLinkWorkerId']);
  });

  it('only an administrator reads a person’s caseload size, their own included', async () => {
    const own = await s.gql('{ viewer { id caseloadSize } }', {}, lw);
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(own.data?.viewer?.caseloadSize ?? null).toBeNull();
    const commissioner = await s.signIn('commissioner@demo.test');
    const other = await s.gql(
      'query($id: ID!) { node(id: $id) { ... on User { caseloadSize } } }',
      { id: globalId('User', lw1Id) },
      commissioner,
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.node?.caseloadSize ?? null).toBeNull();
    const admins = await s.gql(
      'query($id: ID!) { node(id: $id) { ... on User { caseloadSize } } }',
      { id: globalId('User', lw1Id) },
      admin,
    );
    expect(admins.data.node.caseloadSize).toBe(
      await s.db.$count(children, and(eq(children.linkWorkerId, lw1Id), eq(children.status, 'ACTIVE'))),
    );
  });

  it('a whole caseload moves; only administrators move children or list caseloads', async () => {
    const before = await s.db.$count(children, and(eq(children.linkWorkerId, lw2Id), eq(children.status, 'ACTIVE')));
    const mine = await s.db.$count(children, and(eq(children.linkWorkerId, lw1Id), eq(children.status, 'ACTIVE')));
    const input = { fromLinkWorkerId: globalId('User', lw1Id), toLinkWorkerId: globalId('User', lw2Id) };
    expect((await s.gql(MOVE, { input }, lw)).data.moveChildren.__typename).toBe('ForbiddenError');
    const listed = await s.gql(
      `query($id: ID!) { linkWorkerCaseload(linkWorkerId: $id) { reference } }`,
      { id: input.fromLinkWorkerId },
      lw,
    );
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const res = await s.gql(MOVE, { input }, admin);
    expect(res.data.moveChildren.children).toHaveLength(mine);
    expect(await s.db.$count(children, and(eq(children.linkWorkerId, lw2Id), eq(children.status, 'ACTIVE')))).toBe(
      before + mine,
    );
  });
});
