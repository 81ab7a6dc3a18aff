import { For, Show } from 'solid-js';
import { errorFor, type FormError } from './ErrorSummary';
import { RadioGroup, SelectField, TextArea, TextField } from './Fields';
import { TableBox } from './TableBox';

export type FormulaDraft = {
  name: string;
  pupilsWeight: string;
  childrenWeight: string;
  deprivationWeight: string;
  baseWeight: string;
};
export type FactorRow = { id: string; name: string; pupilsOnRoll: string; deprivationIndex: string };
type Formula = {
  name: string;
  version: number;
  pupilsWeight: number;
  childrenWeight: number;
  deprivationWeight: number;
  baseWeight: number;
};

const WEIGHTS = [
  ['pupilsWeight', 'Pupils on roll'],
  ['childrenWeight', 'Children in the programme'],
  ['deprivationWeight', 'Deprivation index'],
  ['baseWeight', 'Base share (equal for every district with schools)'],
] as const;

/**
 * A GraphQL error (or a mutation's error result) as form errors: a factor row's field points at its
 * box in the table, a CSV row's problem at the CSV box.
 */
export function fundFieldErrors(
  e: { message?: string; extensions?: { fieldErrors?: unknown; message?: unknown } } | undefined,
): FormError[] {
  const fieldErrors = (e?.extensions?.fieldErrors ?? []) as { path: string[]; message: string }[];
  if (fieldErrors.length === 0)
    return [{ message: String(e?.extensions?.message ?? e?.message ?? 'Could not preview just now; try again') }];
  return fieldErrors.map(({ path, message }) => {
    const [, group, index, key] = path;
    if (group === 'factors' && index !== undefined && /^\d+$/.test(index))
      return { field: `${key === 'deprivationIndex' ? 'deprivation' : 'pupils'}-${index}`, message };
    if (group === 'factorsCsv') return { field: 'factorsCsv', message };
    if (group === 'formula') return { field: index === 'name' ? 'formulaName' : index, message };
    if (group === 'name') return { field: 'fundName', message };
    if (group === 'totalPence') return { field: 'fundTotal', message };
    return { message };
  });
}

/** The formula (name and weights, or an earlier formula's) and each district's factors: a table or CSV. */
export function FactorFields(props: {
  formulas: Formula[];
  formula: FormulaDraft;
  onFormula: (f: FormulaDraft) => void;
  mode: 'table' | 'csv';
  onMode: (m: 'table' | 'csv') => void;
  rows: FactorRow[];
  onRows: (rows: FactorRow[]) => void;
  csv: string;
  onCsv: (csv: string) => void;
  errors: FormError[];
}) {
  const named = () => [...new Map(props.formulas.map((f) => [`${f.name} v${f.version}`, f])).values()];
  const setRow = (i: number, patch: Partial<FactorRow>) =>
    props.onRows(props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <h3 class="govuk-heading-m">Formula</h3>
      <Show when={named().length > 0}>
        <SelectField
          id="formulaPick"
          label="Start from an agreed formula"
          hint="Its weights fill the boxes below; changing them makes the formula’s next version"
          value=""
          onChange={(v) => {
            const f = named()[Number(v)];
            if (f)
              props.onFormula({
                name: f.name,
                pupilsWeight: String(f.pupilsWeight),
                childrenWeight: String(f.childrenWeight),
                deprivationWeight: String(f.deprivationWeight),
                baseWeight: String(f.baseWeight),
              });
          }}
          options={[
            { value: '', label: 'Choose a formula' },
            ...named().map((f, i) => ({ value: String(i), label: `${f.name}, version ${f.version}` })),
          ]}
        />
      </Show>
      <TextField
        id="formulaName"
        label="Formula name"
        value={props.formula.name}
        onInput={(v) => props.onFormula({ ...props.formula, name: v })}
        error={errorFor(props.errors, 'formulaName')}
      />
      <For each={WEIGHTS}>
        {([key, text]) => (
          <TextField
            id={key}
            label={`Weight: ${text}`}
            inputmode="numeric"
            width="govuk-input--width-4"
            value={props.formula[key]}
            onInput={(v) => props.onFormula({ ...props.formula, [key]: v })}
            error={errorFor(props.errors, key)}
          />
        )}
      </For>
      <h3 class="govuk-heading-m">Each district’s factors</h3>
      <RadioGroup
        id="factorMode"
        name="factorMode"
        label="How to give them"
        value={props.mode}
        onChange={(v) => props.onMode(v as 'table' | 'csv')}
        options={[
          { value: 'table', label: 'Type them in a table' },
          { value: 'csv', label: 'Paste or upload a CSV' },
        ]}
      />
      <Show
        when={props.mode === 'table'}
        fallback={
          <>
            <TextArea
              id="factorsCsv"
              label="Factors as CSV"
              hint="A header line district,pupilsOnRoll,deprivationIndex then one line per district"
              value={props.csv}
              onInput={props.onCsv}
              rows={8}
              error={errorFor(props.errors, 'factorsCsv')}
            />
            <div class="govuk-form-group">
              <label class="govuk-label" for="factorsFile">
                Or upload a CSV file
              </label>
              <input
                class="govuk-file-upload"
                id="factorsFile"
                type="file"
                accept=".csv,text/csv"
                onChange={async (e) => {
                  const file = e.currentTarget.files?.[0];
                  if (file) props.onCsv(await file.text());
                }}
              />
            </div>
          </>
        }
      >
        <TableBox label="Factors by district">
          <table class="govuk-table">
            <caption class="govuk-visually-hidden">Factors by district</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  District
                </th>
                <th scope="col" class="govuk-table__header">
                  Pupils on roll
                </th>
                <th scope="col" class="govuk-table__header">
                  Deprivation index
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              <For each={props.rows}>
                {(r, i) => (
                  <tr class="govuk-table__row">
                    <th scope="row" class="govuk-table__header">
                      {r.name}
                    </th>
                    <td class="govuk-table__cell">
                      <input
                        class={`govuk-input govuk-input--width-5${errorFor(props.errors, `pupils-${i()}`) ? ' govuk-input--error' : ''}`}
                        id={`pupils-${i()}`}
                        inputmode="numeric"
                        aria-label={`Pupils on roll in ${r.name}`}
                        value={r.pupilsOnRoll}
                        onInput={(e) => setRow(i(), { pupilsOnRoll: e.currentTarget.value })}
                      />
                    </td>
                    <td class="govuk-table__cell">
                      <input
                        class={`govuk-input govuk-input--width-5${errorFor(props.errors, `deprivation-${i()}`) ? ' govuk-input--error' : ''}`}
                        id={`deprivation-${i()}`}
                        inputmode="decimal"
                        aria-label={`Deprivation index in ${r.name}`}
                        value={r.deprivationIndex}
                        onInput={(e) => setRow(i(), { deprivationIndex: e.currentTarget.value })}
                      />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableBox>
      </Show>
    </>
  );
}
