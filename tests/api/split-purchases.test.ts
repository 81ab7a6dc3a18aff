import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications } from '../../drizzle/schema';
import { freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Audit 65 A: three £225 raises for one child and service were each approved within the £250
// delegated limit, £675 with no commissioner. The contract judges each commission alone, so that
// stays the default; a zone may count a child's commissions for the same service together.

let s: TestServer;
let kids: number[];
let therapy: number;
let music: number;
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions'); // £45 a session: 5 are £225
  music = await serviceId(s.db, 'Child play therapy');
}, 60_000);
afterAll(() => s.close());

const SETTINGS = `mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) {
  __typename ... on Error { message } ... on UpdateZoneSettingsSuccess { zone { delegatedLimitCountsSameService } } } }`;
const REASON = `query($id: ID!) { node(id: $id) { ... on Commission { status approvalReason } } }`;

let key = 0;
async function raise(child: number, service = therapy, units = 5) {
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', child),
        serviceId: globalId('Service', service),
        units,
        rationale: 'Agreed at the family review.',
        idempotencyKey: `split-key-${++key}`,
      },
    },
    await s.signIn('linkworker@demo.test'),
  );
  return res.data.raiseCommission.commission as { id: string; status: string; amountPence: number };
}
const reasonOf = async (id: string) =>
  (await s.gql(REASON, { id }, await s.signIn('commissioner@demo.test'))).data.node as {
    status: string;
    approvalReason: string | null;
  };
const setCounting = async (on: boolean, as = 'admin@demo.test') =>
  (
    await s.gql(
      SETTINGS,
      { input: { delegatedLimitPence: 25000, delegatedLimitCountsSameService: on } },
      await s.signIn(as),
    )
  ).data.updateZoneSettings;

describe('split purchases and the delegated limit', () => {
  it('off (the default), each commission is judged alone, as the contract says', async () => {
    const zone = await s.gql(
      '{ viewer { zone { delegatedLimitCountsSameService } } }',
      {},
      await s.signIn('linkworker@demo.test'),
    );
    expect(zone.data.viewer.zone.delegatedLimitCountsSameService).toBe(false);
    const child = kids[0]!;
    expect([(await raise(child)).status, (await raise(child)).status]).toEqual(['APPROVED', 'APPROVED']);
  });

  it('only an administrator turns it on; the change is audited', async () => {
    expect((await setCounting(true, 'commissioner@demo.test')).__typename).toBe('ForbiddenError');
    expect(await setCounting(true)).toEqual({
      __typename: 'UpdateZoneSettingsSuccess',
      zone: { delegatedLimitCountsSameService: true },
    });
    const [event] = await s.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'UPDATE_ZONE_SETTINGS'));
    expect(event!.detail).toMatchObject({ delegatedLimitCountsSameService: true });
  });

  it('on, a raise that brings the child’s commissions for one service over the limit goes to a commissioner, saying why', async () => {
    await setCounting(true);
    const child = kids[1]!;
    const first = await raise(child);
    expect(first.status).toBe('APPROVED');
    const second = await raise(child);
    expect(await reasonOf(second.id)).toEqual({
      status: 'REQUESTED',
      approvalReason:
        'With this child’s other commissions for this service this period (£450.00 in all), over the delegated limit of £250.00',
    });
    const told = await s.db
      .select({ message: notifications.message })
      .from(notifications)
      .where(and(eq(notifications.commissionId, localId(second.id)), eq(notifications.kind, 'APPROVAL_NEEDED')));
    expect(told).toHaveLength(1);
    // Another service for the same child, and the same service for another child, are apart.
    expect((await raise(child, music, 1)).status).toBe('APPROVED');
    expect((await raise(kids[2]!)).status).toBe('APPROVED');
  });

  it('on, commissions that hold no money (cancelled) do not count', async () => {
    await setCounting(true);
    const child = kids[3]!;
    const first = await raise(child);
    const cancel = await s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: first.id, reason: 'The family moved the sessions to next term.' } },
      await s.signIn('linkworker@demo.test'),
    );
    expect(cancel.data.cancelCommission.commission.status).toBe('CANCELLED');
    expect((await raise(child)).status).toBe('APPROVED');
  });

  it('on, simultaneous raises for one child and service: one is approved, the rest wait for a commissioner', async () => {
    await setCounting(true);
    const child = kids[4]!;
    const all = await Promise.all([raise(child), raise(child), raise(child), raise(child)]);
    expect(all.map((c) => c.status).sort()).toEqual(['APPROVED', 'REQUESTED', 'REQUESTED', 'REQUESTED']);
    // Turned off again, each is alone once more.
    await setCounting(false);
    expect((await raise(kids[5]!)).status).toBe('APPROVED');
    expect((await raise(kids[5]!)).status).toBe('APPROVED');
  });
});
