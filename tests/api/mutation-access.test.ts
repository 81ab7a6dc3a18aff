import {
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, sessions } from '../../drizzle/schema';
import type { Role } from '../../schema/context';
import { schema } from '../../schema/index';
import { mutationAccess } from '../../schema/mutation-access';
import ROLES from '../../schema/mutation-roles.json';
import { startServer, type TestServer } from '../setup/server';

// Authorisation before validation, walked over every mutation the schema has: each is called with
// input of the right GraphQL types but values its rules refuse (empty strings, ids that are not
// ids, negative numbers). Signed out, every non-public one answers UNAUTHENTICATED; signed in with
// a role it does not allow, FORBIDDEN; never a word about what was wrong with the input.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

/** A value of the declared type that the field's rules refuse. */
function invalid(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return invalid(type.ofType);
  if (isListType(type)) return [invalid(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(type.getFields())) out[name] = invalid(field.type);
    return out;
  }
  if (isScalarType(type)) {
    const byName: Record<string, unknown> = {
      String: '',
      ID: 'not-an-id',
      Int: -1,
      Float: -1,
      Boolean: false,
      Date: '2026-01-01',
      DateTime: '2026-01-01T00:00:00Z',
    };
    if (!(type.name in byName)) throw new Error(`no invalid value for scalar ${type.name}`);
    return byName[type.name];
  }
  throw new Error(`unexpected input type ${String(type)}`);
}

const mutations = Object.values(schema.getMutationType()!.getFields()).map((field) => {
  const params = field.args.map((a) => `$${a.name}: ${a.type}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const variables = Object.fromEntries(field.args.map((a) => [a.name, invalid(a.type)]));
  const query = `mutation${params ? `(${params})` : ''} { ${field.name}${args ? `(${args})` : ''} { __typename ... on Error { message } } }`;
  return { name: field.name, query, variables, union: getNamedType(field.type).name };
});

const PUBLIC = mutations.filter((m) => mutationAccess(m.name) === 'PUBLIC').map((m) => m.name);
const codes = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (res.errors ?? []).map((e) => e.extensions?.code);

describe('every mutation checks who may call it before it validates the input', () => {
  it('every mutation in the schema says who may call it (schema/mutation-roles.json)', () => {
    expect(mutations.length).toBeGreaterThan(25);
    expect(mutations.map((m) => m.name).filter((name) => !(name in ROLES))).toEqual([]);
    expect(PUBLIC.sort()).toEqual(
      ['signIn', 'signOut', 'resetPassword', 'requestPasswordReset', 'requestToJoin']
        .filter((n) => mutations.some((m) => m.name === n))
        .sort(),
    );
  });

  it('signed out, every non-public mutation with invalid input answers UNAUTHENTICATED and writes nothing', async () => {
    const before = { audit: await s.db.$count(auditEvents), sessions: await s.db.$count(sessions) };
    const answers: Record<string, unknown> = {};
    for (const m of mutations) {
      const res = await s.gql(m.query, m.variables);
      answers[m.name] = PUBLIC.includes(m.name) ? !codes(res).includes('UNAUTHENTICATED') : codes(res);
      if (!PUBLIC.includes(m.name)) {
        expect(res.data?.[m.name] ?? null).toBeNull();
        expect(JSON.stringify(res.errors)).not.toMatch(/characters|must be|too (long|short)|not valid|invalid/i);
      }
    }
    expect(answers).toEqual(
      Object.fromEntries(mutations.map((m) => [m.name, PUBLIC.includes(m.name) ? true : ['UNAUTHENTICATED']])),
    );
    expect({ audit: await s.db.$count(auditEvents), sessions: await s.db.$count(sessions) }).toEqual(before);
  });

  const ROLE_USERS: [Role, string][] = [
    ['LINK_WORKER', 'linkworker@demo.test'],
    ['PROVIDER', 'provider@demo.test'],
    ['COMMISSIONER', 'commissioner@demo.test'],
    ['ADMIN', 'admin@demo.test'],
  ];
  for (const [role, email] of ROLE_USERS) {
    it(`as ${role}: ForbiddenError before validation for mutations the role may not call, the mutation's own answer otherwise`, async () => {
      const token = await s.signIn(email);
      const answers: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const m of mutations) {
        // Sessions end with these; they are walked signed out above.
        if (['signOut', 'signOutEverywhere', 'changePassword'].includes(m.name)) continue;
        const access = mutationAccess(m.name);
        const allowed = access === 'PUBLIC' || access === 'SIGNED_IN' || access.includes(role);
        const res = await s.gql(m.query, m.variables, token);
        const answer = res.data?.[m.name] ?? { codes: codes(res) };
        answers[m.name] = allowed ? answer.__typename !== 'ForbiddenError' && !answer.codes : answer;
        // Refused: the typed ForbiddenError saying only that the role cannot; allowed: the mutation's
        // own answer (here about the input), never a refusal.
        expected[m.name] = allowed ? true : { __typename: 'ForbiddenError', message: 'Your role cannot do this' };
      }
      expect(answers).toEqual(expected);
    });
  }
});
