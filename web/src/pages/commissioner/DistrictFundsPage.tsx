import { createMutation, createQuery, useClient } from '@urql/solid';
import { createEffect, createSignal, For, Show, untrack } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { ConfirmButton } from '../../components/Confirm';
import { DistrictShares } from '../../components/DistrictShares';
import { createFeedback, ErrorSummary, errorFor, type FormError } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { FactorFields, type FactorRow, type FormulaDraft, fundFieldErrors } from '../../components/FundFormulaFields';
import { Title } from '../../components/Layout';
import { date, label, money, parsePounds } from '../../lib/format';
import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';
import { createRetryKey } from '../../lib/retry-key';

const FundsQuery = graphql(`
  query DistrictFundsPage {
    districts { id name }
    districtFunds {
      id name period source totalPence createdAt
      formula { name version pupilsWeight childrenWeight deprivationWeight baseWeight }
      shares { district { id name } schools pupilsOnRoll childrenInProgramme deprivationIndex sharePence }
    }
  }
`);
const PreviewQuery = graphql(`
  query PreviewDistrictFund($input: DistrictFundInput!) {
    previewDistrictFund(input: $input) {
      totalPence
      formula { name version }
      shares { district { id name } schools pupilsOnRoll childrenInProgramme deprivationIndex sharePence }
    }
  }
`);
const CreateFund = graphql(`
  mutation CreateDistrictFund($input: DistrictFundInput!) {
    createDistrictFund(input: $input) {
      __typename
      ... on CreateDistrictFundSuccess { districtFund { id name totalPence } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

type Input = VariablesOf<typeof PreviewQuery>['input'];
type Preview = ResultOf<typeof PreviewQuery>['previewDistrictFund'];
const SOURCES = ['SCHOOLS_DSG', 'COUNCIL', 'CENTRAL_GOVERNMENT', 'PHILANTHROPY', 'OTHER'] as const;

/** A commissioner splits a zone fund across the districts by a formula: preview first, then commit. */
export default function DistrictFundsPage() {
  const client = useClient();
  const [result, refetch] = createQuery({ query: FundsQuery, requestPolicy: 'cache-and-network' });
  const [, create] = createMutation(CreateFund);
  const [name, setName] = createSignal('');
  const [source, setSource] = createSignal<string>('SCHOOLS_DSG');
  const [total, setTotal] = createSignal('');
  const [formula, setFormula] = createSignal<FormulaDraft>({
    name: '',
    pupilsWeight: '40',
    childrenWeight: '20',
    deprivationWeight: '30',
    baseWeight: '10',
  });
  const [mode, setMode] = createSignal<'table' | 'csv'>('table');
  const [rows, setRows] = createSignal<FactorRow[]>([]);
  const [csv, setCsv] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();
  const [preview, setPreview] = createSignal<{ input: Input; result: Preview } | null>(null);
  const { key, renew: renewKey } = createRetryKey();
  const [busy, setBusy] = createSignal(false);

  // The factors table starts from the newest fund's figures for each district.
  createEffect(() => {
    const data = result.data;
    if (!data || untrack(rows).length > 0) return;
    const last = data.districtFunds.at(-1);
    setRows(
      data.districts.map((d) => {
        const s = last?.shares.find((x) => x.district.id === d.id);
        return {
          id: d.id,
          name: d.name,
          pupilsOnRoll: String(s?.pupilsOnRoll ?? 0),
          deprivationIndex: String(s?.deprivationIndex ?? 0),
        };
      }),
    );
  });

  /** The input as typed, or the problems with it (checked here before the server sees it). */
  const build = (): Input | FormError[] => {
    const problems: FormError[] = [];
    const pence = parsePounds(total());
    if (name().trim().length < 2) problems.push({ field: 'fundName', message: 'Enter the fund’s name' });
    if (pence === null) problems.push({ field: 'fundTotal', message: 'Enter the fund’s total in pounds, like 144000' });
    const f = formula();
    if (f.name.trim().length < 2) problems.push({ field: 'formulaName', message: 'Enter the formula’s name' });
    const weights = (['pupilsWeight', 'childrenWeight', 'deprivationWeight', 'baseWeight'] as const).map((k) => {
      const ok = /^\d{1,6}$/.test(f[k].trim());
      if (!ok) problems.push({ field: k, message: 'Enter each weight as a whole number, 0 or more' });
      return [k, ok ? Number(f[k]) : 0] as const;
    });
    const factors = rows().map((r, i) => {
      if (mode() === 'table' && !/^\d{1,8}$/.test(r.pupilsOnRoll.trim()))
        problems.push({ field: `pupils-${i}`, message: `${r.name}: enter pupils on roll as a whole number` });
      if (mode() === 'table' && !/^\d+(\.\d{1,3})?$/.test(r.deprivationIndex.trim()))
        problems.push({ field: `deprivation-${i}`, message: `${r.name}: enter the deprivation index, like 27.5` });
      return { districtId: r.id, pupilsOnRoll: Number(r.pupilsOnRoll), deprivationIndex: Number(r.deprivationIndex) };
    });
    if (mode() === 'csv' && !csv().trim())
      problems.push({ field: 'factorsCsv', message: 'Paste or choose a CSV file' });
    if (problems.length) return problems;
    return {
      name: name().trim(),
      source: source() as (typeof SOURCES)[number],
      totalPence: pence!,
      formula: { name: f.name.trim(), ...Object.fromEntries(weights) } as Input['formula'],
      ...(mode() === 'table' ? { factors } : { factorsCsv: csv() }),
    };
  };

  const showPreview = async (e: Event) => {
    e.preventDefault();
    setMessage('');
    const input = build();
    if (Array.isArray(input)) {
      setPreview(null);
      return setErrors(input);
    }
    setBusy(true);
    const res = await client.query(PreviewQuery, { input }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    if (res.data) {
      setErrors([]);
      setPreview({ input, result: res.data.previewDistrictFund });
    } else {
      setPreview(null);
      setErrors(fundFieldErrors(res.error?.graphQLErrors?.[0]));
    }
  };

  const commit = async () => {
    const p = preview();
    if (!p) return;
    const r = (await create({ input: { ...p.input, idempotencyKey: key() } })).data?.createDistrictFund;
    // Kept after no answer, so a retry (or a second click) cannot split the fund twice.
    if (r) renewKey();
    if (r?.__typename === 'CreateDistrictFundSuccess') {
      setPreview(null);
      setErrors([]);
      setName('');
      setTotal('');
      setMessage(`${r.districtFund.name}: ${money(r.districtFund.totalPence)} split into district pots.`);
      refetch({ requestPolicy: 'network-only' });
    } else setErrors(r ? fundFieldErrors({ extensions: r }) : [{ message: 'Could not save just now; try again' }]);
  };

  return (
    <>
      <Title>District funds</Title>
      <h1 class="govuk-heading-xl">District funds</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <QueryView result={result} what="district funds" retry={() => refetch()}>
        {(data) => {
          return (
            <>
              <h2 class="govuk-heading-l">Funds this period</h2>
              <Show when={data.districtFunds.length > 0} fallback={<p class="govuk-body">No district funds yet.</p>}>
                <For each={[...data.districtFunds].reverse()}>
                  {(f) => (
                    <section aria-labelledby={`fund-${f.id}`} class="govuk-!-margin-bottom-6">
                      <h3 class="govuk-heading-m" id={`fund-${f.id}`}>
                        {f.name}
                      </h3>
                      <p class="govuk-body">
                        {money(f.totalPence)} from {label(f.source)}, {f.period}, split on {date(f.createdAt)} by “
                        {f.formula.name}” version {f.formula.version} (pupils {f.formula.pupilsWeight}, children{' '}
                        {f.formula.childrenWeight}, deprivation {f.formula.deprivationWeight}, base{' '}
                        {f.formula.baseWeight}).
                      </p>
                      <DistrictShares shares={f.shares} totalPence={f.totalPence} caption={`${f.name} by district`} />
                    </section>
                  )}
                </For>
              </Show>

              <h2 class="govuk-heading-l">Split a new fund</h2>
              <ErrorSummary errors={errors()} title="The fund could not be split" />
              <form onSubmit={showPreview} novalidate>
                <TextField
                  id="fundName"
                  label="Fund name"
                  value={name()}
                  onInput={setName}
                  error={errorFor(errors(), 'fundName')}
                />
                <SelectField
                  id="fundSource"
                  label="Source"
                  value={source()}
                  onChange={setSource}
                  options={SOURCES.map((s) => ({ value: s, label: label(s) }))}
                />
                <TextField
                  id="fundTotal"
                  label="Total"
                  prefix="£"
                  inputmode="decimal"
                  width="govuk-input--width-10"
                  value={total()}
                  onInput={setTotal}
                  error={errorFor(errors(), 'fundTotal')}
                />
                <FactorFields
                  formulas={data.districtFunds.map((f) => f.formula)}
                  formula={formula()}
                  onFormula={setFormula}
                  mode={mode()}
                  onMode={setMode}
                  rows={rows()}
                  onRows={setRows}
                  csv={csv()}
                  onCsv={setCsv}
                  errors={errors()}
                />
                <button type="submit" class="govuk-button govuk-button--secondary" disabled={busy()}>
                  Preview the split
                </button>
              </form>
              <Show when={preview()}>
                {(p) => (
                  <section aria-labelledby="preview-title">
                    <h2 class="govuk-heading-l" id="preview-title">
                      Preview: {p().input.name}
                    </h2>
                    <p class="govuk-body">
                      Made under “{p().result.formula.name}” version {p().result.formula.version}. Nothing is saved
                      until you commit it.
                    </p>
                    <DistrictShares
                      shares={p().result.shares}
                      totalPence={p().result.totalPence}
                      caption="Preview by district"
                    />
                    <ConfirmButton
                      label="Commit the split"
                      confirm="Yes, create the district pots"
                      confirmLook="primary"
                      warning={`This creates a district pot for each share, ${money(p().result.totalPence)} in all, in the ledger.`}
                      onConfirm={commit}
                    />
                  </section>
                )}
              </Show>
            </>
          );
        }}
      </QueryView>
    </>
  );
}
