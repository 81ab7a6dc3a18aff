import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, commissionEvents, commissions, emailOutbox, ledgerEntries } from '../../drizzle/schema';
import { notifications } from '../../drizzle/tables/notifications';
import { reconcile } from '../../schema/domain/reconcile';
import { budgetOf, freeChildren, raiseMutation, serviceId, snapshot, transitionMutation, userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Consent withdrawn while a provider was delivering paused an ACCEPTED commission that only the
// provider could end, and they may not act while paused: the child could never leave. The link
// worker now ends it by cancelling: units delivered are spent (as a completion with fewer units),
// the rest released; the provider is told the reference only.

let s: TestServer;
let kids: number[];
let therapy: number;
const LW = 'linkworker@demo.test';
const PROVIDER = 'provider@demo.test';
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, LW)).filter((c) => !c.reference.startsWith('CH-')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions');
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const LEAVE = (name: string) => `mutation($input: EndProgrammeInput!) { ${name}(input: $input) { ${RESULT} } }`;
const leave = async (name: 'withdrawChild' | 'completeChildProgramme', child: number) =>
  (
    await s.gql(
      LEAVE(name),
      { input: { childId: globalId('Child', child), reason: 'Family moved' } },
      await s.signIn(LW),
    )
  ).data[name];
const transition = async (name: string, commissionId: string, as: string, extra: Record<string, unknown> = {}) =>
  (await s.gql(transitionMutation(name), { input: { commissionId, ...extra } }, await s.signIn(as))).data[name];

/** An ACCEPTED commission of 4 units with `delivered` recorded, then paused by withdrawn consent. */
async function pausedMidDelivery(child: number, delivered: number) {
  const raised = (
    await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child),
          serviceId: globalId('Service', therapy),
          units: 4,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `paused-exit-${child}`,
        },
      },
      await s.signIn(LW),
    )
  ).data.raiseCommission.commission;
  if (raised.status === 'REQUESTED') await transition('approveCommission', raised.id, 'commissioner@demo.test');
  expect((await transition('acceptCommission', raised.id, PROVIDER)).commission.status).toBe('ACCEPTED');
  if (delivered) await transition('recordDelivery', raised.id, PROVIDER, { units: delivered });
  const withdrawn = await s.gql(
    `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { __typename } }`,
    { input: { childId: globalId('Child', child), withdrawnOn: '2026-11-30', reason: 'Family refused' } },
    await s.signIn(LW),
  );
  expect(withdrawn.data.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
  const [row] = await s.db.select().from(commissions).where(eq(commissions.reference, raised.reference));
  expect(row).toMatchObject({ status: 'ACCEPTED', unitsDelivered: delivered });
  expect(row!.pausedAt).not.toBeNull();
  return { id: raised.id as string, row: row! };
}

const ledgerOf = async (commissionId: number) =>
  (
    await s.db
      .select({ kind: ledgerEntries.kind, amountPence: ledgerEntries.amountPence })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.commissionId, commissionId))
      .orderBy(ledgerEntries.id)
  ).map((l) => [l.kind, l.amountPence]);

describe('a commission paused mid-delivery', () => {
  let child: number;
  let c: Awaited<ReturnType<typeof pausedMidDelivery>>;
  beforeAll(async () => {
    child = kids[0]!;
    c = await pausedMidDelivery(child, 2);
  });

  it('the child cannot leave yet: refused with how to end it, nothing written', async () => {
    const before = await snapshot(s.db, c.row.id);
    for (const name of ['withdrawChild', 'completeChildProgramme'] as const) {
      const res = await leave(name, child);
      expect(res.__typename).toBe('ValidationError');
      expect(res.message).toBe(
        `Paused while a provider was delivering (${c.row.reference}): cancel it first (units delivered are paid, the rest released)`,
      );
    }
    expect(await snapshot(s.db, c.row.id)).toEqual(before);
    expect((await s.db.select().from(children).where(eq(children.id, child)))[0]!.status).toBe('ACTIVE');
  });

  it('the provider still cannot cancel or complete it', async () => {
    expect((await transition('cancelCommission', c.id, PROVIDER, { reason: 'x' })).__typename).toBe('ForbiddenError');
    expect((await transition('completeCommission', c.id, PROVIDER)).__typename).toBe('CommissionPausedError');
  });

  it('the link worker ends it: delivered units spent, the rest released, one ledger settlement', async () => {
    const budget = await budgetOf(s.db, child);
    const delivered = 2 * c.row.unitPricePence;
    const res = await transition('cancelCommission', c.id, LW, { reason: 'Family refused consent' });
    expect(res.__typename).toBe('CancelCommissionSuccess');
    expect(res.commission).toMatchObject({ status: 'COMPLETED', unitsDelivered: 2 });
    expect(await budgetOf(s.db, child)).toMatchObject({
      reservedPence: budget.reservedPence - c.row.amountPence,
      spentPence: budget.spentPence + delivered,
      allocatedPence: budget.allocatedPence,
    });
    expect(await ledgerOf(c.row.id)).toEqual([
      ['RESERVE', c.row.amountPence],
      ['SPEND', delivered],
      ['RELEASE', c.row.amountPence - delivered],
    ]);
    expect((await reconcile(s.db)).differences).toEqual([]);
    // On its timeline and audited.
    const [event] = await s.db
      .select()
      .from(commissionEvents)
      .where(eq(commissionEvents.commissionId, c.row.id))
      .orderBy(desc(commissionEvents.id))
      .limit(1);
    expect(event).toMatchObject({
      fromStatus: 'ACCEPTED',
      toStatus: 'COMPLETED',
      note: 'Ended while paused, 2 of 4 units delivered: Family refused consent',
    });
    const [audit] = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'Commission'), eq(auditEvents.entityId, c.row.id)))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(audit).toMatchObject({ action: 'CANCEL_COMMISSION', detail: { from: 'ACCEPTED', to: 'COMPLETED' } });
  });

  it('the provider is told the reference only, and still sees no more', async () => {
    const provider = await userId(s.db, PROVIDER);
    const [note] = await s.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, provider))
      .orderBy(desc(notifications.id))
      .limit(1);
    expect(note).toMatchObject({ kind: 'COMMISSION_CANCELLED', message: `Commission ${c.row.reference} has ended` });
    expect(note!.commissionId).toBeNull();
    const [mail] = await s.db
      .select({ data: emailOutbox.data })
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'COMMISSION_CANCELLED'))
      .orderBy(desc(emailOutbox.id))
      .limit(1);
    expect(JSON.stringify(mail!.data)).not.toContain('/commissions/');
    expect(JSON.stringify(mail!.data)).not.toContain('Family refused');
    const seen = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Commission { status units } } }`,
      { id: c.id },
      await s.signIn(PROVIDER),
    );
    expect(seen.data.node).toBeNull();
  });

  it('leaves the provider’s Paused box, and consent given again does not resume it', async () => {
    const paused = await s.gql('{ pausedCommissions { reference } }', {}, await s.signIn(PROVIDER));
    expect(paused.data.pausedCommissions.map((p: { reference: string }) => p.reference)).not.toContain(c.row.reference);
    const given = await s.gql(
      `mutation($input: RecordConsentInput!) { recordConsent(input: $input) { __typename } }`,
      {
        input: {
          childId: globalId('Child', child),
          givenBy: 'PARENT_OR_CARER',
          method: 'PHONE',
          givenOn: '2026-11-30',
          purposes: ['OUTCOME_REPORTING'],
        },
      },
      await s.signIn(LW),
    );
    expect(given.data.recordConsent.__typename).toBe('RecordConsentSuccess');
    const steps = await s.db
      .select({ action: commissionEvents.action })
      .from(commissionEvents)
      .where(eq(commissionEvents.commissionId, c.row.id));
    expect(steps.map((e) => e.action)).not.toContain('RESUMED');
    const resumedNotes = await s.db.$count(
      notifications,
      and(
        eq(notifications.kind, 'COMMISSION_RESUMED'),
        eq(notifications.message, `Commission ${c.row.reference} has resumed`),
      ),
    );
    expect(resumedNotes).toBe(0);
  });

  it('then the child can leave', async () => {
    const res = await leave('withdrawChild', child);
    expect(res.__typename).toBe('WithdrawChildSuccess');
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});

describe('ending other commissions', () => {
  it('paused with nothing delivered: cancelled, all released, then the programme completes', async () => {
    const child = kids[1]!;
    const c = await pausedMidDelivery(child, 0);
    const budget = await budgetOf(s.db, child);
    const res = await transition('cancelCommission', c.id, 'commissioner@demo.test', { reason: 'No consent' });
    expect(res.commission).toMatchObject({ status: 'CANCELLED', unitsDelivered: 0 });
    expect(await budgetOf(s.db, child)).toMatchObject({
      reservedPence: budget.reservedPence - c.row.amountPence,
      spentPence: budget.spentPence,
    });
    expect(await ledgerOf(c.row.id)).toEqual([
      ['RESERVE', c.row.amountPence],
      ['RELEASE', c.row.amountPence],
    ]);
    expect((await leave('completeChildProgramme', child)).__typename).toBe('CompleteChildProgrammeSuccess');
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('an ACCEPTED commission not paused still cannot be cancelled; nothing changes', async () => {
    const child = kids[2]!;
    const raised = (
      await s.gql(
        raiseMutation,
        {
          input: {
            childId: globalId('Child', child),
            serviceId: globalId('Service', therapy),
            units: 2,
            rationale: 'Agreed at the family review.',
            idempotencyKey: `paused-exit-live-${child}`,
          },
        },
        await s.signIn(LW),
      )
    ).data.raiseCommission.commission;
    if (raised.status === 'REQUESTED') await transition('approveCommission', raised.id, 'commissioner@demo.test');
    await transition('acceptCommission', raised.id, PROVIDER);
    const [row] = await s.db.select().from(commissions).where(eq(commissions.reference, raised.reference));
    const before = await snapshot(s.db, row!.id);
    const res = await transition('cancelCommission', raised.id, LW, { reason: 'Changed our minds' });
    expect(res).toMatchObject({ __typename: 'InvalidTransitionError', from: 'ACCEPTED' });
    expect(await snapshot(s.db, row!.id)).toEqual(before);
    expect((await leave('withdrawChild', child)).message).toMatch(/still delivering \(CR-/);
  });
});
