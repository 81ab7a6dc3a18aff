import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, paymentLines, paymentRuns, users, zones } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// A provider's remittances load their lines in one statement for the whole page (a shared batch),
// not one statement per remittance: a page of 50 costs what a page of 1 does.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const RUNS = 60;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const runReference = (i: number) =>
  `PR-ZZ${ALPHABET[Math.floor(i / 900) % 30]}${ALPHABET[Math.floor(i / 30) % 30]}${ALPHABET[i % 30]}`;
const month = (k: number) => `${2100 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;

const Q = `query($limit: Int) { remittances(limit: $limit) { remittanceNumber totalPence
  lines { reference kind month amountPence supplier { name } } } }`;

/** Sixty payment runs, each paying the provider two instalments of its block contract. */
async function runs() {
  const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
  const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
  const [contract] = await s.db
    .select()
    .from(contracts)
    .where(eq(contracts.organisationId, provider!.organisationId!))
    .limit(1);
  const commissioner = await userId(s.db, 'commissioner@demo.test');
  const made = await s.db
    .insert(paymentRuns)
    .values(
      Array.from({ length: RUNS }, (_, i) => ({
        reference: runReference(i),
        zoneId: zone!.id,
        runDate: '2026-06-01',
        totalPence: 300 + i,
        createdById: commissioner,
      })),
    )
    .returning({ id: paymentRuns.id, reference: paymentRuns.reference });
  await s.db.insert(paymentLines).values(
    made.flatMap((run, i) =>
      [0, 1].map((j) => ({
        runId: run.id,
        zoneId: zone!.id,
        organisationId: provider!.organisationId!,
        supplierName: 'Test supplier',
        remittanceNumber: `${run.reference}/1`,
        contractId: contract!.id,
        month: month(i * 2 + j),
        amountPence: 100 + i + j * 100,
        fundSource: 'Council early help fund',
        description: `Instalment ${i * 2 + j}`,
      })),
    ),
  );
}

describe('remittance lines', () => {
  it('a page of 50 remittances costs the same statements as a page of 1, each with its own lines', async () => {
    await runs();
    const token = await s.signIn('provider@demo.test');
    const one = await s.gql(Q, { limit: 1 }, token);
    const fifty = await s.gql(Q, { limit: 50 }, token);
    expect(one.errors).toBeUndefined();
    expect(fifty.errors).toBeUndefined();
    expect(one.data.remittances).toHaveLength(1);
    expect(fifty.data.remittances).toHaveLength(50);
    expect(fifty.statements).toBe(one.statements);
    // Each remittance has exactly its own two lines, in order, adding up to its total.
    for (const r of fifty.data.remittances as {
      remittanceNumber: string;
      totalPence: number;
      lines: { month: string; amountPence: number; kind: string }[];
    }[]) {
      expect(r.lines).toHaveLength(2);
      expect(r.lines.every((l) => l.kind === 'CONTRACT_INSTALMENT')).toBe(true);
      expect(r.lines[0]!.month < r.lines[1]!.month).toBe(true);
      expect(r.lines[1]!.amountPence - r.lines[0]!.amountPence).toBe(100);
      expect(r.lines.reduce((sum, l) => sum + l.amountPence, 0)).toBe(r.totalPence);
    }
    expect(fifty.data.remittances[0]).toEqual(one.data.remittances[0]);
    console.log(`remittances: ${one.statements} statements for a page of 1, ${fifty.statements} for a page of 50`);
  });
});
