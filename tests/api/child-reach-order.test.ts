import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  childConsents,
  children,
  commissions,
  idempotencyKeys,
  outcomeMeasures,
  shortlistItems,
  shortlists,
  unmetNeeds,
} from '../../drizzle/schema';
import { freeChildren, serviceId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Reach before validation (audit stop 60, finding 3; issue 9): for a mutation on one child, another
// link worker's child is refused before the rest of the input is judged, with the mutation's own
// answer (a ForbiddenError, or "Child not found" where it always hid the child), whatever the input.

let s: TestServer;
let kids: number[];
let therapy: string;
const LW = 'linkworker@demo.test';
const LW2 = 'linkworker2@demo.test';
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, LW)).map((c) => c.id);
  therapy = globalId('Service', await serviceId(s.db, 'Family therapy sessions'));
  for (const who of [LW, LW2, 'admin@demo.test', 'commissioner@demo.test']) await s.signIn(who); // audited now
});
afterAll(() => s.close());

type Input = Record<string, unknown>;
type Case = { name: string; type: string; invalid: Input[]; valid: Input };

let key = 0;
const MISSING_SERVICE = globalId('Service', 999_999);
const CONSENT = { givenBy: 'PARENT_OR_CARER', method: 'PHONE', givenOn: '2026-11-29' };
// Each mutation on one child, with input its own rules refuse (zod, hidden characters, the resolver's
// checks) and input they accept.
const cases = (): Case[] => {
  const RAISE = { serviceId: therapy, units: 1, rationale: 'Agreed at the family review.' };
  return [
    {
      name: 'withdrawConsent',
      type: 'WithdrawConsentInput',
      invalid: [
        { withdrawnOn: '2026-11-29', reason: 'x' },
        { withdrawnOn: '2026-11-29', reason: 'Family \u0007asked' },
        { withdrawnOn: '2030-01-01', reason: 'Family asked' },
      ],
      valid: { withdrawnOn: '2026-11-29', reason: 'Family asked' },
    },
    {
      name: 'recordConsent',
      type: 'RecordConsentInput',
      invalid: [
        { ...CONSENT, note: 'n'.repeat(1001) },
        { ...CONSENT, givenOn: '1900-01-01' },
      ],
      valid: CONSENT,
    },
    { name: 'withdrawChild', type: 'EndProgrammeInput', invalid: [{ reason: '' }], valid: { reason: 'Moved away' } },
    {
      name: 'completeChildProgramme',
      type: 'EndProgrammeInput',
      invalid: [{ reason: 'x' }],
      valid: { reason: 'Finished the year' },
    },
    {
      name: 'raiseCommission',
      type: 'RaiseCommissionInput',
      invalid: [
        { ...RAISE, units: 0, rationale: 'short', idempotencyKey: `reach-bad-${++key}` },
        // Refused by the resolver's own rules: a start date past, a service that does not exist.
        { ...RAISE, requestedStartDate: '2020-01-01', idempotencyKey: `reach-bad-${++key}` },
        { ...RAISE, serviceId: MISSING_SERVICE, idempotencyKey: `reach-bad-${++key}` },
      ],
      valid: { ...RAISE, idempotencyKey: `reach-ok-${++key}` },
    },
    {
      name: 'recordOutcomeMeasure',
      type: 'RecordOutcomeMeasureInput',
      invalid: [
        { measure: 'SDQ_TOTAL', score: -1, measuredOn: '2026-11-20' },
        { measure: 'SDQ_TOTAL', score: 12, measuredOn: '2030-01-01' },
      ],
      valid: { measure: 'SDQ_TOTAL', score: 12, measuredOn: '2026-11-20' },
    },
    {
      name: 'recordUnmetNeed',
      type: 'RecordUnmetNeedInput',
      invalid: [
        { needTag: 'anxiety', tried: 't'.repeat(2001) },
        { needTag: 'anxiety', tried: '   ' },
      ],
      valid: { needTag: 'anxiety', tried: 'Looked for a local group' },
    },
    {
      name: 'saveToShortlist',
      type: 'SaveToShortlistInput',
      invalid: [{ serviceId: therapy, name: 'Both a child and a name' }],
      valid: { serviceId: therapy },
    },
  ];
};

const call = async (c: Case, childId: string, input: Input, who: string) => {
  const res = await s.gql(
    `mutation($input: ${c.type}!) { ${c.name}(input: $input) { __typename ... on Error { message } } }`,
    { input: { ...input, childId } },
    await s.signIn(who),
  );
  expect(res.errors, c.name).toBeUndefined();
  return res.data[c.name] as { __typename: string; message?: string };
};

/** Everything these mutations could write. */
const written = async () => ({
  children: await s.db.select().from(children).orderBy(children.id),
  consents: await s.db.$count(childConsents),
  commissions: await s.db.$count(commissions),
  keys: await s.db.$count(idempotencyKeys),
  outcomes: await s.db.$count(outcomeMeasures),
  unmet: await s.db.$count(unmetNeeds),
  lists: await s.db.$count(shortlists),
  items: await s.db.$count(shortlistItems),
  audit: await s.db.$count(auditEvents),
});

const NOT_FOUND = { __typename: 'NotFoundError', message: 'Child not found' };
const forbidden = (message: string) => ({ __typename: 'ForbiddenError', message });
const CONSENT_ONLY = forbidden('Only the child’s link worker records or withdraws consent');
const PROGRAMME_ONLY = forbidden('Only the child’s own link worker or an administrator can do this');
/** Each mutation's answer for another link worker's child, whatever its input. */
const OTHERS: Record<string, { __typename: string; message: string }> = {
  raiseCommission: forbidden('This child is not on your caseload'),
  recordConsent: CONSENT_ONLY,
  withdrawConsent: CONSENT_ONLY,
  withdrawChild: PROGRAMME_ONLY,
  completeChildProgramme: PROGRAMME_ONLY,
  recordOutcomeMeasure: NOT_FOUND,
  recordUnmetNeed: NOT_FOUND,
  saveToShortlist: NOT_FOUND,
};

describe('a child out of reach is refused before its input is validated', () => {
  it('another link worker’s child, with invalid or valid input, gets the same refusal; no such child is not found; nothing written', async () => {
    const theirs = globalId('Child', kids[0]!);
    const none = globalId('Child', 999_999);
    const before = await written();
    for (const c of cases()) {
      for (const input of [...c.invalid, c.valid]) {
        expect(await call(c, theirs, input, LW2), `${c.name} ${JSON.stringify(input)}`).toEqual(OTHERS[c.name]);
        expect(await call(c, none, input, LW2), `${c.name} (no such child)`).toEqual(NOT_FOUND);
      }
    }
    expect(await written()).toEqual(before);
  });

  it('the child’s own link worker still gets the input judged, and a valid call works', async () => {
    const [mine, ended, completed] = [kids[1]!, kids[2]!, kids[3]!].map((id) => globalId('Child', id));
    const own: Record<string, string> = { withdrawChild: ended!, completeChildProgramme: completed! };
    for (const c of cases()) {
      const childId = own[c.name] ?? mine!;
      for (const input of c.invalid)
        expect((await call(c, childId, input, LW)).__typename, `${c.name} ${JSON.stringify(input)}`).toBe(
          input.serviceId === MISSING_SERVICE ? 'NotFoundError' : 'ValidationError',
        );
      const done = await call(c, childId, c.valid, LW);
      expect(done.__typename, `${c.name}: ${done.message}`).toBe(
        `${c.name[0]!.toUpperCase()}${c.name.slice(1)}Success`,
      );
    }
  });

  it('an administrator may still end any child’s programme in the zone; other roles are refused as before', async () => {
    const c = cases().find((x) => x.name === 'withdrawChild')!;
    const childId = globalId('Child', kids[4]!);
    expect((await call(c, childId, { reason: '' }, 'admin@demo.test')).__typename).toBe('ValidationError');
    expect((await call(c, childId, c.valid, 'commissioner@demo.test')).__typename).toBe('ForbiddenError');
    expect((await call(c, childId, c.valid, 'admin@demo.test')).__typename).toBe('WithdrawChildSuccess');
  });
});
