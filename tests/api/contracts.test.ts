import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, fundingPots, ledgerEntries, notifications } from '../../drizzle/schema';
import { endDueContracts } from '../../schema/domain/contracts';
import { longDate } from '../../schema/domain/long-date';
import { reconcile } from '../../schema/domain/reconcile';
import { londonDate } from '../../schema/domain/working-days';
import { budgetOf, freeChildren, raiseMutation, serviceId, snapshot, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Block contracts: signing commits places x price from the pot, a commission under the contract
// draws down places (nothing from the child's budget), stretch goes to approval at the contract
// price from the child's budget, ending returns unused places' money. Figures computed by hand.

let s: TestServer;
let kids: number[];
let therapy: number;
let lw: string;
let commissioner: string;
let provider: string;
let potId: number;
let contractId: string;
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions'); // Riverside Family Therapy, provider@demo.test
  lw = await s.signIn('linkworker@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  provider = await s.signIn('provider@demo.test');
});
afterAll(() => s.close());

const CONTRACT_FIELDS = `id reference status places placesUsed placesLeft pricePerPlacePence startDate endDate endedOn uptake`;
const MONEY_FIELDS = `valuePence committedPence releasedPence stretchPlaces`;
const RESULT = (name: string) => `__typename ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
  ... on ${name}Success { contract { ${CONTRACT_FIELDS} ${MONEY_FIELDS} } }`;

const clean = async () => expect((await reconcile(s.db)).differences).toEqual([]);
const pot = async () => (await s.db.select().from(fundingPots).where(eq(fundingPots.id, potId)))[0]!;

let key = 0;
const raise = (child: number, units: number, extra: Record<string, unknown> = {}) =>
  s
    .gql(
      raiseMutation.replace(
        '... on InsufficientBudgetError',
        '... on ContractFullError { placesLeft } ... on InsufficientBudgetError',
      ),
      {
        input: {
          childId: globalId('Child', kids[child]!),
          serviceId: globalId('Service', therapy),
          units,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `contract-${++key}`,
          contractId,
          ...extra,
        },
      },
      lw,
    )
    .then((r) => r.data.raiseCommission);

describe('block contracts', () => {
  it('a commissioner creates a contract; signing commits places x price on the pot, once', async () => {
    const created = await s.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { input: { name: 'Contracts pot', source: 'COUNCIL', totalPence: 1_000_000 } },
      commissioner,
    );
    potId = localId(created.data.createFundingPot.fundingPot.id);
    const res = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) { ${RESULT('CreateContract')} } }`,
      {
        input: {
          serviceId: globalId('Service', therapy),
          fundingPotId: globalId('FundingPot', potId),
          places: 3,
          pricePerPlacePence: 40_000,
          startDate: '2026-11-01',
          endDate: '2027-03-31',
        },
      },
      commissioner,
    );
    const draft = res.data.createContract.contract;
    expect(draft).toMatchObject({ status: 'DRAFT', places: 3, valuePence: 120_000, committedPence: 0 });
    expect(draft.reference).toMatch(/^BC-[2-9A-HJKMNP-TV-Z]{5}$/);
    contractId = draft.id;
    // A draft is the commissioners' alone.
    const node = `query($id: ID!) { node(id: $id) { ... on Contract { reference } } }`;
    expect((await s.gql(node, { id: contractId }, provider)).data.node).toBeNull();
    expect((await s.gql(node, { id: contractId }, lw)).data.node).toBeNull();

    const SIGN = `mutation($input: SignContractInput!) { signContract(input: $input) { ${RESULT('SignContract')} } }`;
    const signed = (await s.gql(SIGN, { input: { contractId } }, commissioner)).data.signContract;
    expect(signed.contract).toMatchObject({ status: 'SIGNED', committedPence: 120_000, placesLeft: 3 });
    // £10,000 pot: £1,200 committed, £8,800 left to allocate or commit.
    expect(await pot()).toMatchObject({ contractCommittedPence: 120_000, allocatedPence: 0 });
    const before = await snapshot(s.db);
    const again = (await s.gql(SIGN, { input: { contractId } }, commissioner)).data.signContract;
    expect(again).toMatchObject({ __typename: 'ContractStateError', message: 'This contract is already signed' });
    expect(await snapshot(s.db)).toEqual(before);
    await clean();
  });

  it('commissions under the contract draw down places, not the child’s budget; stretch needs approval', async () => {
    const budgetA = await budgetOf(s.db, kids[0]!);
    const a = await raise(0, 2);
    expect(a).toMatchObject({
      __typename: 'RaiseCommissionSuccess',
      commission: { status: 'APPROVED', amountPence: 0 },
    });
    expect(await budgetOf(s.db, kids[0]!)).toEqual(budgetA); // nothing reserved
    // The provider is told which contract the places are under, not a price of £0.00.
    const [told] = await s.db
      .select({ message: notifications.message })
      .from(notifications)
      .where(eq(notifications.commissionId, localId(a.commission.id)));
    expect(told?.message).toMatch(/^New commission CR-[2-9A-Z]{5} for .+: 2 × \w+ \(under contract BC-[2-9A-Z]{5}\)$/);
    // 3 places - 2 = 1 left: asking for 2 more (stretch or not) is refused with the count and what to do.
    expect(await raise(1, 2, { stretch: true })).toMatchObject({
      __typename: 'ContractFullError',
      placesLeft: 1,
      message:
        'This contract has only 1 place left: ask for 1 under it; once it is full, more can be asked for as stretch.',
    });
    const b = await raise(1, 1);
    expect(b.commission.status).toBe('APPROVED');
    expect(await raise(2, 1)).toMatchObject({ __typename: 'ContractFullError', placesLeft: 0 });

    // Stretch without a contract is said to be wrong, not ignored (audit 44): nothing is raised.
    const budgetC = await budgetOf(s.db, kids[2]!);
    expect(await raise(2, 1, { stretch: true, contractId: null })).toMatchObject({
      __typename: 'ValidationError',
      message: 'Stretch places are asked for under a contract: choose it',
    });
    expect(await budgetOf(s.db, kids[2]!)).toEqual(budgetC);
    // Stretch: 1 place at £400 from child C's budget, to the approval queue whatever the limit.
    const c = await raise(2, 1, { stretch: true });
    expect(c.commission).toMatchObject({ status: 'REQUESTED', amountPence: 40_000, unitPricePence: 40_000 });
    expect((await budgetOf(s.db, kids[2]!)).reservedPence).toBe(budgetC.reservedPence + 40_000);
    const view = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Commission { stretch contract { reference placesLeft } } } }`,
      { id: c.commission.id },
      lw,
    );
    expect(view.data.node).toMatchObject({ stretch: true, contract: { placesLeft: 0 } });
    const approved = await s.gql(
      transitionMutation('approveCommission'),
      { input: { commissionId: c.commission.id } },
      commissioner,
    );
    expect(approved.data.approveCommission.commission.status).toBe('APPROVED');

    // Cancelling B frees its place.
    await s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: b.commission.id, reason: 'Family moved away' } },
      lw,
    );
    const row = (
      await s.db
        .select()
        .from(contracts)
        .where(eq(contracts.id, localId(contractId)))
    )[0]!;
    expect(row.placesUsed).toBe(2);
    await clean();

    // The provider takes A and C on and completes them: A costs the child nothing, C spends £400.
    for (const id of [a.commission.id, c.commission.id]) {
      await s.gql(transitionMutation('acceptCommission'), { input: { commissionId: id } }, provider);
    }
    await s.gql(transitionMutation('recordDelivery'), { input: { commissionId: a.commission.id, units: 2 } }, provider);
    await s.gql(transitionMutation('recordDelivery'), { input: { commissionId: c.commission.id, units: 1 } }, provider);
    for (const id of [a.commission.id, c.commission.id]) {
      const done = await s.gql(transitionMutation('completeCommission'), { input: { commissionId: id } }, provider);
      expect(done.data.completeCommission.commission.status).toBe('COMPLETED');
    }
    expect((await budgetOf(s.db, kids[2]!)).spentPence).toBe(budgetC.spentPence + 40_000);
    expect(await budgetOf(s.db, kids[0]!)).toEqual(budgetA);
    await clean();
  });

  it('ending early returns the unused places’ money to the pot', async () => {
    const END = `mutation($input: EndContractInput!) { endContract(input: $input) { ${RESULT('EndContract')} } }`;
    expect(
      (await s.gql(END, { input: { contractId, endedOn: '2027-04-01' } }, commissioner)).data.endContract,
    ).toMatchObject({
      __typename: 'ValidationError',
    });
    // Not before A's places were taken (stamped by the database's clock, not the test server's).
    const today = londonDate(new Date());
    // Nor on a day still to come: ending takes effect at once (audit 42 F9).
    const tomorrow = londonDate(new Date(Date.now() + 86_400_000));
    const [row] = await s.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, localId(contractId)));
    const endDate = row!.endDate;
    const future = `${longDate(tomorrow)} is still to come: end the contract today, or leave it to end on ${longDate(endDate)}`;
    expect((await s.gql(END, { input: { contractId, endedOn: tomorrow } }, commissioner)).data.endContract).toEqual({
      __typename: 'ValidationError',
      message: future,
      fieldErrors: [{ path: ['input', 'endedOn'], message: future }],
    });
    expect(
      (
        await s.db
          .select()
          .from(contracts)
          .where(eq(contracts.id, localId(contractId)))
      )[0]!.status,
    ).toBe('SIGNED');
    const ended = (await s.gql(END, { input: { contractId, endedOn: today } }, commissioner)).data.endContract;
    // 3 places, 2 used (A's two): 1 x £400 back; £800 stays committed.
    expect(ended.contract).toMatchObject({
      status: 'ENDED',
      endedOn: today,
      releasedPence: 40_000,
      stretchPlaces: 1,
    });
    expect((await pot()).contractCommittedPence).toBe(80_000);
    const entries = await s.db
      .select({ kind: ledgerEntries.kind, amount: ledgerEntries.amountPence })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.contractId, localId(contractId)))
      .orderBy(ledgerEntries.id);
    expect(entries).toEqual([
      { kind: 'CONTRACT_COMMIT', amount: 120_000 },
      { kind: 'CONTRACT_RELEASE', amount: 40_000 },
    ]);
    expect(await raise(3, 1)).toMatchObject({ __typename: 'ValidationError' }); // no raising under an ended contract
    await clean();
  });

  it('contracts past their end date end by themselves (the deadlines job), their unused places’ money returned, once', async () => {
    const signed = await s.db.select().from(contracts).where(eq(contracts.status, 'SIGNED'));
    expect(signed.length).toBeGreaterThan(0);
    const latest = signed
      .map((c) => c.endDate)
      .sort()
      .at(-1)!;
    const dayAfter = new Date(Date.parse(`${latest}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    // The day of the last end date itself: that contract still runs.
    const onLastDay = await s.db.transaction((tx) => endDueContracts(tx, latest));
    expect(onLastDay).toBe(signed.filter((c) => c.endDate < latest).length);
    expect(await s.db.transaction((tx) => endDueContracts(tx, dayAfter))).toBe(signed.length - onLastDay);
    for (const before of signed) {
      const [after] = await s.db.select().from(contracts).where(eq(contracts.id, before.id));
      expect(after).toMatchObject({ status: 'ENDED', endedOn: before.endDate });
      const unused = Math.max(0, before.places - before.placesUsed) * before.pricePerPlacePence;
      expect(after!.releasedPence - before.releasedPence).toBe(unused);
    }
    expect(await s.db.transaction((tx) => endDueContracts(tx, dayAfter))).toBe(0);
    await clean();
  });

  it('every role against the contract and its money', async () => {
    const LIST = `{ contracts { edges { node { reference placesLeft pricePerPlacePence } } } }`;
    const MONEY = `{ contracts { edges { node { reference valuePence committedPence releasedPence stretchPlaces } } } }`;
    const POT = `{ contracts { edges { node { fundingPot { name } } } } }`;
    const refs = async (token: string) =>
      ((await s.gql(LIST, {}, token)).data?.contracts?.edges ?? []).map(
        (e: { node: { reference: string } }) => e.node.reference,
      );
    const mine = (
      await s.db
        .select()
        .from(contracts)
        .where(eq(contracts.id, localId(contractId)))
    )[0]!.reference;
    expect(await refs(commissioner)).toContain(mine);
    expect(await refs(provider)).toContain(mine);
    expect(await refs(lw)).toContain(mine);
    expect(await refs(await s.signIn('provider2@demo.test'))).not.toContain(mine);
    expect(await refs(await s.signIn('commissioner@other.test'))).toEqual([]);
    const admin = await s.gql(LIST, {}, await s.signIn('admin@demo.test'));
    expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Money: commissioners and the provider; the link worker sees the price only.
    expect((await s.gql(MONEY, {}, provider)).errors).toBeUndefined();
    const lwMoney = await s.gql(MONEY, {}, lw);
    expect(lwMoney.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    expect((await s.gql(POT, {}, commissioner)).errors).toBeUndefined();
    expect((await s.gql(POT, {}, provider)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await s.gql(LIST, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('payment runs: nothing payable refused; completed spend and contract months payable once; paid once; CSV', async () => {
    const RUN = `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) {
      __typename ... on Error { message }
      ... on CreatePaymentRunSuccess { paymentRun { id reference status totalPence lines { reference kind month amountPence fundSource remittanceNumber supplierName } } } } }`;
    const before = await snapshot(s.db);
    const none = (await s.gql(RUN, { input: { runDate: '2000-01-01' } }, commissioner)).data.createPaymentRun;
    expect(none).toMatchObject({ __typename: 'ValidationError' });
    expect(await snapshot(s.db)).toEqual(before);

    // A's acceptance month pays 2 places x £400 = £800 once that month has ended; C's stretch £400.
    const [acceptedAt] = await s.db
      .execute(sql`select to_char(e."at" at time zone 'Europe/London', 'YYYY-MM') as m,
        (date_trunc('month', e."at" at time zone 'Europe/London') + interval '1 month')::date::text as due
      from "commission_events" e join "commissions" c on c."id" = e."commissionId"
      where c."contractId" = ${localId(contractId)} and e."toStatus" = 'ACCEPTED' and e."fromStatus" = 'APPROVED'`)
      .then((r) => ((r as { rows?: unknown[] }).rows ?? r) as { m: string; due: string }[]);
    // The supplier is paid under a name a spreadsheet would run as a formula (the file below keeps
    // the name as paid, so it is renamed back at once).
    const rename = (to: string, from: string) =>
      s.db.execute(sql`update organisations set name = ${to} where name = ${from}`);
    await rename('=HYPERLINK("x")', 'Riverside Family Therapy');
    const run = (await s.gql(RUN, { input: { runDate: acceptedAt!.due } }, commissioner)).data.createPaymentRun
      .paymentRun;
    await rename('Riverside Family Therapy', '=HYPERLINK("x")');
    const ref = (
      await s.db
        .select()
        .from(contracts)
        .where(eq(contracts.id, localId(contractId)))
    )[0]!.reference;
    const instalment = run.lines.filter((l: { reference: string }) => l.reference === ref);
    expect(instalment).toEqual([
      expect.objectContaining({
        kind: 'CONTRACT_INSTALMENT',
        month: acceptedAt!.m,
        amountPence: 80_000,
        fundSource: 'COUNCIL',
      }),
    ]);
    const stretchLine = run.lines.filter(
      (l: { amountPence: number; kind: string }) => l.kind === 'COMMISSION' && l.amountPence === 40_000,
    );
    expect(stretchLine).toHaveLength(1);
    expect(run.totalPence).toBe(run.lines.reduce((t: number, l: { amountPence: number }) => t + l.amountPence, 0));
    expect(
      run.lines.every((l: { remittanceNumber: string }) => l.remittanceNumber.startsWith(`${run.reference}/`)),
    ).toBe(true);
    await clean();
    // The same date again: everything is already in a run.
    expect(
      (await s.gql(RUN, { input: { runDate: acceptedAt!.due } }, commissioner)).data.createPaymentRun.__typename,
    ).toBe('ValidationError');

    const PAID = `mutation($input: MarkPaymentRunPaidInput!) { markPaymentRunPaid(input: $input) {
      __typename ... on Error { message } ... on MarkPaymentRunPaidSuccess { paymentRun { status financeReference } } } }`;
    const paid = await s.gql(
      PAID,
      { input: { paymentRunId: run.id, financeReference: 'BACS-2026-12-001' } },
      commissioner,
    );
    expect(paid.data.markPaymentRunPaid.paymentRun).toEqual({ status: 'PAID', financeReference: 'BACS-2026-12-001' });
    const twice = await s.gql(PAID, { input: { paymentRunId: run.id, financeReference: 'BACS-2' } }, commissioner);
    expect(twice.data.markPaymentRunPaid.__typename).toBe('AlreadyPaidError');
    const kinds = await s.db.execute(
      sql`select l.kind, count(*)::int as n from ledger_entries l join payment_lines p on p.id = l."paymentLineId"
      where p."runId" = ${localId(run.id)} group by l.kind order by l.kind`,
    );
    expect(((kinds as { rows?: unknown[] }).rows ?? kinds) as unknown[]).toEqual([
      { kind: 'PAYABLE', n: run.lines.length },
      { kind: 'PAID', n: run.lines.length },
    ]);
    await clean();

    // Remittances: the provider's own lines only; other roles nothing.
    const REM = `{ remittances { remittanceNumber runReference status financeReference totalPence lines { reference amountPence } } }`;
    const rem = (await s.gql(REM, {}, provider)).data.remittances.filter(
      (r: { runReference: string }) => r.runReference === run.reference,
    );
    expect(rem).toHaveLength(1);
    expect(rem[0]).toMatchObject({ runReference: run.reference, status: 'PAID', financeReference: 'BACS-2026-12-001' });
    expect(rem[0].lines.map((l: { reference: string }) => l.reference)).toContain(ref);
    const riverside = run.lines.filter((l: { supplierName: string }) => l.supplierName === '=HYPERLINK("x")');
    expect(rem[0].totalPence).toBe(riverside.reduce((t: number, l: { amountPence: number }) => t + l.amountPence, 0));
    const other = (await s.gql(REM, {}, await s.signIn('provider2@demo.test'))).data.remittances;
    expect(other.flatMap((r: { lines: { reference: string }[] }) => r.lines.map((l) => l.reference))).not.toContain(
      ref,
    );
    for (const token of [lw, commissioner, await s.signIn('admin@demo.test')])
      expect((await s.gql(REM, {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const token of [lw, provider, await s.signIn('admin@demo.test')])
      expect(
        (await s.gql('{ paymentRuns { edges { node { reference } } } }', {}, token)).errors?.[0]?.extensions?.code,
      ).toBe('FORBIDDEN');
    const node = `query($id: ID!) { node(id: $id) { ... on PaymentRun { reference } } }`;
    expect((await s.gql(node, { id: run.id }, provider)).data.node).toBeNull();
    expect((await s.gql(node, { id: run.id }, await s.signIn('commissioner@other.test'))).data.node).toBeNull();

    // The finance CSV: documented columns, amounts in pounds, formulas defused.
    const csv = await fetch(`${s.url}/exports/payment-runs/${localId(run.id)}.csv`, {
      headers: { authorization: `Bearer ${commissioner}` },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe(
      'supplier,remittanceNumber,costCentre,nominalCode,amountPounds,vatFlag,fundSource,lineReference,month,description,runReference,runDate,financeReference',
    );
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toMatch(new RegExp(`EH-LA-01,5220,800\\.00,N,COUNCIL,${ref},${acceptedAt!.m}`));
    const forbidden = await fetch(`${s.url}/exports/payment-runs/${localId(run.id)}.csv`, {
      headers: { authorization: `Bearer ${provider}` },
    });
    expect(forbidden.status).toBe(403);
    const other2 = await fetch(`${s.url}/exports/payment-runs/${localId(run.id)}.csv`, {
      headers: { authorization: `Bearer ${await s.signIn('commissioner@other.test')}` },
    });
    expect(other2.status).toBe(404);

    // The address takes the run's id as the API returns it (encoded or not); the bare number still works.
    const get = (segment: string, token = commissioner) =>
      fetch(`${s.url}/exports/payment-runs/${segment}.csv`, { headers: { authorization: `Bearer ${token}` } });
    for (const segment of [run.id, encodeURIComponent(run.id)]) {
      const byId = await get(segment);
      expect(byId.status).toBe(200);
      expect(await byId.text()).toBe(text);
    }
    expect((await get(run.id, await s.signIn('commissioner@other.test'))).status).toBe(404);
    expect((await get(run.id, provider)).status).toBe(403);
    for (const segment of [globalId('Commission', localId(run.id)), 'bm90IGFuIGlk', '%E0%A4%A', 'PaymentRun:1']) {
      const refused = await get(segment);
      expect([refused.status, await refused.text()]).toEqual([404, 'No such payment run']);
    }
  });
});
