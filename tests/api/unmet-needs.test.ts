import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, children, schools, unmetNeeds } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Issue 12 point 7 (first part): a link worker records "no suitable service" against their child's need.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  await s.db.delete(unmetNeeds); // the demo seed's own
});
afterAll(() => s.close());

const RECORD = `mutation($input: RecordUnmetNeedInput!) { recordUnmetNeed(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } }
  ... on RecordUnmetNeedSuccess { unmetNeed { needTag tried } } } }`;

describe('recordUnmetNeed', () => {
  it('records the need, the child’s district and what was tried; refuses others’ children and bad input', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const [child] = await s.db
      .select({ id: children.id, districtId: schools.districtId })
      .from(children)
      .leftJoin(schools, eq(schools.id, children.schoolId))
      .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
      .orderBy(asc(children.id));
    const childId = globalId('Child', child!.id);
    const input = {
      childId,
      needTag: 'bereavement',
      tried: 'Searched bereavement support within 5 miles: none with places.',
    };

    // Refused, nothing written: another role, another zone's link worker, a tag the zone does not use, nothing tried.
    const refused = [
      await s.gql(RECORD, { input }, await s.signIn('commissioner@demo.test')),
      await s.gql(RECORD, { input }, await s.signIn('linkworker@other.test')),
      await s.gql(RECORD, { input: { ...input, needTag: 'astrology' } }, lw),
      await s.gql(RECORD, { input: { ...input, tried: '   ' } }, lw),
    ].map((r) => r.data.recordUnmetNeed);
    expect(refused.map((r) => r.__typename)).toEqual([
      'ForbiddenError',
      'NotFoundError',
      'ValidationError',
      'ValidationError',
    ]);
    expect(refused[2].fieldErrors[0].path).toEqual(['input', 'needTag']);
    expect(refused[3].fieldErrors[0].path).toEqual(['input', 'tried']);
    expect(await s.db.$count(unmetNeeds)).toBe(0);

    const ok = await s.gql(RECORD, { input }, lw);
    expect(ok.data.recordUnmetNeed.unmetNeed).toEqual({ needTag: 'bereavement', tried: input.tried });
    const rows = await s.db.select().from(unmetNeeds);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ childId: child!.id, needTag: 'bereavement', districtId: child!.districtId });
    const [event] = await s.db.select().from(auditEvents).where(eq(auditEvents.action, 'RECORD_UNMET_NEED'));
    expect(event!.detail).toEqual({ needTag: 'bereavement' });
  });
});
