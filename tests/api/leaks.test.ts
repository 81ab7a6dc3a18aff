import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

let s: TestServer;
let commissionId: string;
const RATIONALE = 'Dad left in June; Sam has been sleeping badly and refuses school.';
const BRIEF = 'Six weekly family sessions, ideally after school on Tuesdays.';
beforeAll(async () => {
  s = await startServer();
  const child = (await freeChildren(s.db, 'linkworker@demo.test'))[0]!.id;
  const res = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', child),
        serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
        units: 2, // within the delegated limit: approved at once, so addressed to the provider
        rationale: RATIONALE,
        requestToProvider: BRIEF,
        idempotencyKey: 'leaks-raise-1',
      },
    },
    await s.signIn('linkworker@demo.test'),
  );
  commissionId = res.data.raiseCommission.commission.id;
});
afterAll(() => s.close());

const Q = `query($id: ID!) { node(id: $id) { ... on Commission { requestToProvider rationale events { action note } } } }`;
const NOTIFICATIONS = '{ viewer { notifications(first: 50) { edges { node { kind message } } } } }';
const REFERENCE = 'query($id: ID!) { node(id: $id) { ... on Commission { reference } } }';
const QB = `query($id: ID!) { node(id: $id) { ... on Commission { requestToProvider events { action note } } } }`;

describe('the link worker’s rationale never reaches the provider', () => {
  it('link worker and commissioner read both; the provider reads the brief and gets FORBIDDEN for the rationale', async () => {
    for (const email of ['linkworker@demo.test', 'commissioner@demo.test']) {
      const res = await s.gql(Q, { id: commissionId }, await s.signIn(email));
      expect(res.errors, email).toBeUndefined();
      expect(res.data.node).toMatchObject({ rationale: RATIONALE, requestToProvider: BRIEF });
    }
    const provider = await s.signIn('provider@demo.test');
    const denied = await s.gql(Q, { id: commissionId }, provider);
    expect(denied.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['node', 'rationale'], 'FORBIDDEN']]);
    expect(denied.data.node.rationale).toBeNull();
    const brief = await s.gql(QB, { id: commissionId }, provider);
    expect(brief.errors).toBeUndefined();
    expect(brief.data.node.requestToProvider).toBe(BRIEF);
    expect(JSON.stringify(brief.data)).not.toContain('sleeping badly');
  });

  it('a list of commissions does not carry it either', async () => {
    const res = await s.gql(
      '{ commissions(first: 100) { edges { node { requestToProvider events { note } } } } }',
      {},
      await s.signIn('provider@demo.test'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.commissions.edges.length).toBeGreaterThan(1);
    // The seed's commissions were raised with a rationale; none of it shows.
    expect(JSON.stringify(res.data)).not.toMatch(/sleeping badly|Agreed with the family/);
  });

  it('the provider reads its own notes on the timeline, not a reason the link worker wrote (audit 37 F2)', async () => {
    const provider = await s.signIn('provider@demo.test');
    const worker = await s.signIn('linkworker@demo.test');
    const notes = async (id: string, token: string) =>
      Object.fromEntries(
        ((await s.gql(QB, { id }, token)).data.node.events as { action: string; note: string }[]).map((e) => [
          e.action,
          e.note,
        ]),
      );
    // The link worker's reason for cancelling is about the child: not for the provider.
    const reason = 'Sam was admitted to hospital after a crisis';
    const cancelled = await s.gql(transitionMutation('cancelCommission'), { input: { commissionId, reason } }, worker);
    expect(cancelled.data.cancelCommission.commission.status).toBe('CANCELLED');
    expect(await notes(commissionId, worker)).toMatchObject({ CANCELLED: reason });
    expect(await notes(commissionId, provider)).toMatchObject({ CANCELLED: '' });
    // Nor in the notification the provider's staff get (audit 57 F1): the reference only.
    const told = (await s.gql(NOTIFICATIONS, {}, provider)).data.viewer.notifications.edges.map(
      (e: { node: { kind: string; message: string } }) => e.node,
    );
    const reference = (await s.gql(REFERENCE, { id: commissionId }, worker)).data.node.reference;
    expect(told.filter((n: { kind: string }) => n.kind === 'COMMISSION_CANCELLED')).toContainEqual({
      kind: 'COMMISSION_CANCELLED',
      message: `Commission ${reference} was cancelled`,
    });
    expect(JSON.stringify(told)).not.toContain('hospital');
    // The provider's own reason for declining it reads back.
    const child = (await freeChildren(s.db, 'linkworker@demo.test'))[0]!.id;
    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child),
          serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')),
          units: 1,
          rationale: RATIONALE,
          idempotencyKey: 'leaks-raise-2',
        },
      },
      worker,
    );
    const second = raised.data.raiseCommission.commission.id as string;
    const declined = await s.gql(
      transitionMutation('declineCommission'),
      { input: { commissionId: second, reason: 'No Tuesday sessions left this term' } },
      provider,
    );
    expect(declined.data.declineCommission.commission.status).toBe('DECLINED');
    expect(await notes(second, provider)).toMatchObject({ DECLINED: 'No Tuesday sessions left this term' });
  });

  it('a blank brief becomes a plain one from what is commissioned', async () => {
    const res = await s.gql(
      '{ commissions(first: 100) { edges { node { requestToProvider } } } }',
      {},
      await s.signIn('provider2@demo.test'),
    );
    const briefs: string[] = res.data.commissions.edges.map(
      (e: { node: { requestToProvider: string } }) => e.node.requestToProvider,
    );
    expect(briefs.length).toBeGreaterThan(0);
    // Spot commissions name the units; places drawn from a block contract name the contract.
    for (const brief of briefs)
      expect(brief).toMatch(/^Deliver \d+ (× .+ as described in your listing|places? of .+ under contract BC-\w+)\.$/);
    expect(briefs.some((b) => b.includes('as described in your listing'))).toBe(true);
  });
});
