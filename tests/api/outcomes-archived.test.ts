import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceId } from '../setup/money';
import { cohort, TEST_MEASURE } from '../setup/outcome-cohort';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 43 (issue 12): a service its provider archives stays in the commissioner's outcome figures,
// since the zone bought it; and its provider's row is not unmasked by its leaving the service rows
// (complementary suppression counts it as shown, as before).

let s: TestServer;
let commissioner: string;
let provider: string;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  provider = await s.signIn('provider@demo.test');
  const made = await s.gql(
    `mutation($input: CreateMeasureInput!) { createMeasure(input: $input) { __typename } }`,
    { input: TEST_MEASURE },
    await s.signIn('admin@demo.test'),
  );
  expect(made.data.createMeasure.__typename).toBe('CreateMeasureSuccess');
});
afterAll(() => s.close());

const FIGURES = 'children reliablyImproved spendPence costPerImprovedChildPence suppressed complementarySuppressed';
const SERVICES = `{ serviceOutcomes(measure: "TEST_SCALE") { service { name status } ${FIGURES} } }`;
const PROVIDERS = `{ providerOutcomes(measure: "TEST_SCALE") { organisation { name } ${FIGURES} } }`;
const figures = async () => {
  const res = await s.gql(`{ a: ${SERVICES.slice(1, -1)} b: ${PROVIDERS.slice(1, -1)} }`, {}, commissioner);
  expect(res.errors).toBeUndefined();
  return res.data as { a: { service: { name: string; status: string } }[]; b: { organisation: { name: string } }[] };
};

describe('outcomes of an archived service', () => {
  it('stay in the commissioner’s figures, with the provider row as suppressed as before', async () => {
    // Ten children on family therapy, all improved; three on play therapy (fewer than 10: hidden).
    await cohort(s, 'Family therapy sessions', Array(10).fill(-20));
    await cohort(s, 'Child play therapy', [-20, 0, 0]);
    const before = await figures();
    const family = before.a.find((r) => r.service.name === 'Family therapy sessions');
    expect(family).toMatchObject({ service: { status: 'PUBLISHED' }, children: 10, reliablyImproved: 10 });
    const riverside = before.b.find((r) => r.organisation.name === 'Riverside Family Therapy');
    expect(riverside).toMatchObject({ children: null, suppressed: true, complementarySuppressed: true });

    const archived = await s.gql(
      `mutation($input: ArchiveServiceInput!) { archiveService(input: $input) { __typename } }`,
      { input: { serviceId: globalId('Service', await serviceId(s.db, 'Family therapy sessions')) } },
      provider,
    );
    expect(archived.data.archiveService.__typename).toBe('ArchiveServiceSuccess');

    const after = await figures();
    expect(after.a.find((r) => r.service.name === 'Family therapy sessions')).toEqual({
      ...family,
      service: { name: 'Family therapy sessions', status: 'ARCHIVED' },
    });
    expect(after.b).toEqual(before.b);
    // The commissioner may open the archived listing; a link worker still may not.
    const id = globalId('Service', await serviceId(s.db, 'Family therapy sessions'));
    const node = `query($id: ID!) { node(id: $id) { ... on Service { name status } } }`;
    expect((await s.gql(node, { id }, commissioner)).data.node).toEqual({
      name: 'Family therapy sessions',
      status: 'ARCHIVED',
    });
    expect((await s.gql(node, { id }, await s.signIn('linkworker@demo.test'))).data.node).toBeNull();
  });
});
