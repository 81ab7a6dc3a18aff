import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../setup/server';

// API-CONTRACT.md names the lists' connection types; clients write fragments on them and generate
// code from them, so the live schema must use those names (an outside audit found Pothos's defaults).
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const typeOf = `{ __type(name: "%") { fields { name type { name kind ofType { name } } } } }`;
const fieldType = async (type: string, field: string) => {
  const res = await s.gql(typeOf.replace('%', type));
  const f = res.data.__type.fields.find((x: { name: string }) => x.name === field);
  return f.type.name ?? f.type.ofType.name;
};

describe('the published connection names', () => {
  it('services, commissions and a caseload are ServiceConnection, CommissionConnection and ChildConnection', async () => {
    expect(await fieldType('Query', 'services')).toBe('ServiceConnection');
    expect(await fieldType('Query', 'commissions')).toBe('CommissionConnection');
    expect(await fieldType('User', 'caseload')).toBe('ChildConnection');
  });

  it('a client may write fragments on them', async () => {
    const res = await s.gql(`
      query { services(first: 1) { ...S } }
      fragment S on ServiceConnection { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.services.edges).toHaveLength(1);
    expect(res.data.services.totalCount).toBeGreaterThan(1);
    const signedIn = await s.signIn('linkworker@demo.test');
    const mine = await s.gql(
      `query { viewer { caseload(first: 2) { ...C } } commissions(first: 1) { ...K } }
       fragment C on ChildConnection { totalCount edges { node { id } } }
       fragment K on CommissionConnection { totalCount edges { node { id } } }`,
      {},
      signedIn,
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data.viewer.caseload.edges).toHaveLength(2);
    expect(mine.data.commissions.totalCount).toBeGreaterThan(0);
  });
});
