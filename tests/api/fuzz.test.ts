import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../schema/domain/rows';
import { schema } from '../../schema/index';
import { DEMO_PASSWORD, globalId, startServer, type TestServer } from '../setup/server';

// Every query and mutation of the schema, called with hostile values by every role: no answer is
// a 5xx or INTERNAL_SERVER_ERROR, and a refused call writes nothing. FC_SEED explores other seeds;
// FUZZ_RUNS other sizes.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FC_SEED ?? 20261130);
// Written on purpose by refused sign-ins: the record of attempts and the throttle's counters.
const LOGS = new Set(['sign_in_attempts', 'sign_in_throttles']);
const ROLES = [
  'signed out',
  'linkworker@demo.test',
  'provider@demo.test',
  'commissioner@demo.test',
  'admin@demo.test',
  'commissioner@other.test',
];
const ERROR_INTERFACE = schema.getType('Error');

let s: TestServer;
let countAll: () => Promise<Record<string, number>>;
const tokens = new Map<string, string | null>();
const ids: string[] = [];
const idsOf = new Map<string, string[]>();

async function tokenFor(email: string): Promise<string | null> {
  if (email === 'signed out') return null;
  if (!tokens.has(email)) {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.200' },
      body: JSON.stringify({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } } }',
        variables: { i: { email, password: DEMO_PASSWORD } },
      }),
    }).then((r) => r.json());
    // Null once a fuzzed admin deactivated the account: the role carries on signed out.
    tokens.set(email, res.data?.signIn?.token ?? null);
  }
  return tokens.get(email)!;
}

beforeAll(async () => {
  s = await startServer({ trustProxy: 'loopback' });
  const tables = rowsOf(
    await s.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`),
  )
    .map((r) => String(r.tablename))
    .filter((t) => !LOGS.has(t));
  const query = sql.raw(`select ${tables.map((t) => `(select count(*)::int from "${t}") as "${t}"`).join(', ')}`);
  countAll = async () => rowsOf(await s.db.execute(query))[0] as Record<string, number>;
  // Real ids of every kind, so fuzzed calls also reach past the id checks.
  for (const [type, table] of [
    ['Child', 'children'],
    ['Service', 'services'],
    ['Commission', 'commissions'],
    ['FundingPot', 'funding_pots'],
    ['School', 'schools'],
    ['District', 'districts'],
    ['Organisation', 'organisations'],
    ['User', 'users'],
    ['Category', 'categories'],
    ['Notification', 'notifications'],
  ] as const) {
    const rows = rowsOf(await s.db.execute(sql.raw(`select id from "${table}" order by id limit 40`)));
    for (const r of rows) ids.push(globalId(type, Number(r.id)));
    idsOf.set(
      type,
      rows.map((r) => globalId(type, Number(r.id))),
    );
  }
}, 120_000);
afterAll(() => s.close());

// Values chosen to break things: NUL, very long text, Unicode edge cases, numbers at and past the
// limits, ids that no row can have, dates the calendar does not have, and values of the wrong type.
const baseString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'a\u0000b',
    '\u0000',
    'x'.repeat(20_000),
    '🎉'.repeat(3_000),
    '\uD800',
    '\uDFFF lone',
    '\u202Egnp.exe',
    'e\u0301\u0301\u0301',
    '\uFEFF',
    '𝕳𝖊𝖑𝖑𝖔',
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x","y")',
    '%E0%A4%A',
    '../../etc/passwd',
    'linkworker@demo.test',
    'commissioner@other.test',
    DEMO_PASSWORD,
    '2026-02-30',
    'SE6 4AB',
    'Family therapy sessions',
    'Agreed at the family review with mum and school.',
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uuid(),
  fc.emailAddress(),
);
// A fifth of all strings carry a NUL somewhere, so it reaches every field, not only a few.
const hostileString = fc.oneof(
  { weight: 4, arbitrary: baseString },
  {
    weight: 1,
    arbitrary: fc.tuple(baseString, fc.nat()).map(([text, at]) => {
      const i = text.length ? at % text.length : 0;
      return `${text.slice(0, i)}\u0000${text.slice(i)}`;
    }),
  },
);
const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  'not a number',
  [],
  ['a'],
  {},
  { nested: { deep: 1 } },
);
const hostileInt = fc.oneof(
  fc.integer({ min: -3, max: 250 }),
  fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648, 100_000, 2_000_000_000),
  fc.integer(),
);
const hostileId = fc.oneof(
  // Read when generated: the ids are loaded before the run.
  fc.nat().map((i) => ids[i % Math.max(ids.length, 1)] ?? 'x'),
  fc.constantFrom(
    '',
    'garbage',
    globalId('Service', 2 ** 31),
    globalId('Child', 2 ** 53),
    globalId('Commission', -1),
    globalId('Nope', 1),
    Buffer.from('Child:1:2').toString('base64'),
    Buffer.from('Child:\u0000').toString('base64'),
    '9'.repeat(40),
  ),
  fc.integer().map(String),
  hostileString,
);
const hostileDate = fc.oneof(
  fc.constantFrom(
    '2027-03-01',
    '2026-02-30',
    '2025-02-29',
    '2028-02-29',
    '0000-01-01',
    '9999-12-31',
    '+275760-09-13',
    'yesterday',
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const hostileDateTime = fc.oneof(
  fc.constantFrom('2026-11-23T17:19:21Z', '2026-02-30T00:00:00Z', '2026-11-23T25:00:00Z', '2026-11-23', 'now'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

// Argument names that say what they hold: mostly real values of that kind, so calls get past the
// first checks and the hostile values reach the database layer.
const ID_TYPES: [RegExp, string][] = [
  [/^childIds?$/, 'Child'],
  [/^serviceId$/, 'Service'],
  [/^commissionId$/, 'Commission'],
  [/^fundingPotId$/, 'FundingPot'],
  [/^(near)?[sS]choolId$/, 'School'],
  [/^districtIds?$/, 'District'],
  [/^organisationId$/, 'Organisation'],
  [/^userId$/, 'User'],
  [/^categoryIds?$/, 'Category'],
  [/^notificationIds$/, 'Notification'],
];
function namedArbitrary(name: string): fc.Arbitrary<unknown> | null {
  if (name === 'idempotencyKey')
    return fc.oneof({ weight: 5, arbitrary: fc.uuid() }, { weight: 1, arbitrary: hostileString });
  const type = ID_TYPES.find(([re]) => re.test(name))?.[1];
  if (!type) return null;
  const real = fc.nat().map((i) => {
    const pool = idsOf.get(type) ?? [];
    return pool[i % Math.max(pool.length, 1)] ?? 'x';
  });
  return fc.oneof({ weight: 4, arbitrary: real }, { weight: 1, arbitrary: hostileId });
}

function arbitraryFor(type: GraphQLInputType, depth = 0, name = ''): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    return fc.oneof(
      { weight: 20, arbitrary: arbitraryFor(type.ofType, depth, name) },
      { weight: 1, arbitrary: wrongType },
    );
  }
  const named = isListType(type) ? null : namedArbitrary(name);
  if (named) return fc.oneof({ weight: 14, arbitrary: named }, { weight: 1, arbitrary: fc.constant(null) });
  const inner = (): fc.Arbitrary<unknown> => {
    if (isListType(type)) return fc.array(arbitraryFor(type.ofType, depth + 1, name), { maxLength: depth > 1 ? 1 : 4 });
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      const shape = Object.fromEntries(fields.map((f) => [f.name, arbitraryFor(f.type, depth + 1, f.name)]));
      const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
      return fc.oneof(
        { weight: 6, arbitrary: fc.record(shape, { requiredKeys: required as never }) },
        { weight: 1, arbitrary: fc.record(shape, { requiredKeys: [] }) },
      );
    }
    if (isEnumType(type)) return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), hostileString);
    switch (type.name) {
      case 'Int':
        return hostileInt;
      case 'Float':
        return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(51.44, -0.02, 1e308, -91));
      case 'Boolean':
        return fc.boolean();
      case 'ID':
        return hostileId;
      case 'Date':
        return hostileDate;
      case 'DateTime':
        return hostileDateTime;
      default:
        return hostileString;
    }
  };
  return fc.oneof(
    { weight: 14, arbitrary: inner() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: wrongType },
  );
}

const implementsError = (t: GraphQLNamedType) =>
  isObjectType(t) && !!ERROR_INTERFACE && t.getInterfaces().some((i) => i.name === 'Error');

/** __typename, the error message if the result can be an error, and the leaves of an object. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const t = getNamedType(field.type);
  if (isLeafType(t)) return '';
  const parts = ['__typename'];
  const possible = isUnionType(t) || isInterfaceType(t) ? schema.getPossibleTypes(t) : [t as GraphQLObjectType];
  if (possible.some(implementsError)) parts.push('... on Error { message }');
  if (isObjectType(t)) {
    for (const f of Object.values(t.getFields())) {
      if (f.args.some((a) => isNonNullType(a.type))) continue;
      if (isLeafType(getNamedType(f.type))) parts.push(f.name);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

type Operation = {
  kind: 'query' | 'mutation';
  name: string;
  text: string;
  variables: fc.Arbitrary<Record<string, unknown>>;
};

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
  ] as const) {
    for (const field of Object.values(root.getFields())) {
      const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const text = `${kind}${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionFor(field)} }`;
      const shape = Object.fromEntries(field.args.map((a) => [a.name, arbitraryFor(a.type, 0, a.name)]));
      out.push({ kind, name: field.name, text, variables: fc.record(shape, { requiredKeys: [] }) });
    }
  }
  return out;
}

describe('fuzzing every query and mutation with hostile values', () => {
  it(`${RUNS} cases: no 5xx, no INTERNAL_SERVER_ERROR, and a refused call writes nothing`, async () => {
    const ops = operations();
    const tally = {
      cases: 0,
      byStatus: new Map<number, number>(),
      refused: 0,
      succeeded: 0,
      fields: new Set<string>(),
    };
    const problems: string[] = [];
    let known: Record<string, number> | null = null;
    const timing = { counting: 0, requests: 0 };
    const byName = new Map(ops.map((o) => [o.name, o]));
    // Only names and values in a case, so a counterexample prints short.
    const cases = fc
      .record({
        name: fc.constantFrom(...ops.map((o) => o.name)),
        role: fc.constantFrom(...ROLES),
        address: fc.integer({ min: 1, max: 254 }),
      })
      .chain(({ name, role, address }) =>
        byName.get(name)!.variables.map((variables) => ({ name, role, address, variables })),
      );

    await fc
      .assert(
        fc.asyncProperty(cases, async ({ name, role, address, variables }) => {
          const op = byName.get(name)!;
          const signedInBefore = tokens.has(role) || role === 'signed out';
          const token = await tokenFor(role);
          let t = performance.now();
          // The last case's counts, unless this case's sign-in just wrote a session.
          // Only mutations write (queries touch nothing but a session's last use and child-read audits).
          const counted = op.kind === 'mutation';
          const before = !counted ? null : known && signedInBefore ? known : await countAll();
          timing.counting += performance.now() - t;
          t = performance.now();
          const res = await fetch(`${s.url}/graphql`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': `198.18.0.${address}`,
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify({ query: op.text, variables }),
          });
          const text = await res.text();
          timing.requests += performance.now() - t;
          t = performance.now();
          const after = counted ? await countAll() : null;
          known = after;
          timing.counting += performance.now() - t;
          tally.cases++;
          tally.fields.add(op.name);
          tally.byStatus.set(res.status, (tally.byStatus.get(res.status) ?? 0) + 1);
          let body: {
            data?: Record<string, { __typename?: string } | null>;
            errors?: { extensions?: { code?: string } }[];
          } = {};
          try {
            body = JSON.parse(text);
          } catch {}
          const internal = body.errors?.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
          if (res.status >= 500 || internal) {
            problems.push(
              `${res.status} ${op.name} as ${role}: ${JSON.stringify(variables).slice(0, 300)} -> ${text.slice(0, 300)}`,
            );
            return false;
          }
          const result = body.data?.[op.name];
          const refused = result == null || (result.__typename?.endsWith('Error') ?? false);
          if (refused) tally.refused++;
          else tally.succeeded++;
          if (refused && before && after && JSON.stringify(before) !== JSON.stringify(after)) {
            // A refused sign-in or password change of a known account is audited on purpose.
            const audited = (k: string) =>
              ['audit_events', 'audit_chain'].includes(k) && ['signIn', 'changePassword'].includes(op.name);
            const changed = Object.keys(after).filter((k) => after[k] !== before[k] && !audited(k));
            if (changed.length === 0) return true;
            problems.push(`${op.name} as ${role} was refused but wrote to ${changed.join(', ')}`);
            return false;
          }
          if (op.name === 'signOut' || op.name.startsWith('signOut') || op.name === 'changePassword')
            tokens.delete(role);
          return true;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      .catch((error) => {
        console.log(problems.join('\n'));
        throw error;
      });

    console.log(
      `fuzz: ${tally.cases} cases over ${tally.fields.size} of ${ops.length} operations (seed ${SEED}); ` +
        `status ${[...tally.byStatus].map(([k, v]) => `${k}: ${v}`).join(', ')}; ` +
        `${tally.refused} refused (nothing written), ${tally.succeeded} succeeded; 0 with 5xx or INTERNAL_SERVER_ERROR; ` +
        `requests ${Math.round(timing.requests)} ms, row counts ${Math.round(timing.counting)} ms`,
    );
    expect(problems).toEqual([]);
    expect(tally.cases).toBeGreaterThanOrEqual(RUNS);
  }, 600_000);
});
