import { createMutation } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { TextArea } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { TableBox } from '../../components/TableBox';
import { graphql } from '../../lib/graphql';

// A cohort from CSV: preview first (nothing written), then import. The import is all or nothing:
// with any bad row it adds no one, so the preview lists exactly what will happen.

const Import = graphql(`
  mutation ImportChildren($input: ImportChildrenInput!) {
    importChildren(input: $input) {
      __typename
      ... on ImportChildrenSuccess { import { dryRun added errorCount rows { row schoolName yearGroup linkWorkerEmail errors reference } } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const EXAMPLE =
  'firstName,lastName,dateOfBirth,school,yearGroup,needs,programmeStart,programmeEnd,linkWorkerEmail\n' +
  // Born May 2017: in Year 5 in the 2026/27 school year (September 2016 to August 2017 births).
  'Sam,Example,2017-05-02,Rushey Green Primary School,5,anxiety;isolation,2027-01-04,,linkworker@demo.test';

type Rows = {
  row: number;
  schoolName: string;
  yearGroup: string;
  linkWorkerEmail: string;
  errors: string[];
  reference: string | null;
}[];

export default function CohortImportPage() {
  const [, run] = createMutation(Import);
  const [csv, setCsv] = createSignal('');
  const [rows, setRows] = createSignal<Rows | null>(null);
  const [errors, setErrors, message, setMessage] = createFeedback();
  const bad = () => (rows() ?? []).filter((r) => r.errors.length > 0).length;

  const go = async (dryRun: boolean) => {
    setMessage('');
    const r = (await run({ input: { csv: csv(), dryRun } })).data?.importChildren;
    if (r?.__typename === 'ImportChildrenSuccess') {
      setErrors([]);
      setRows(r.import.rows);
      if (!dryRun) {
        setMessage(`${r.import.added} children added.`);
        setCsv('');
      }
    } else {
      setErrors(r ? formErrors(r).map((e) => ({ ...e, field: 'csv' })) : [{ message: 'Try again.' }]);
      if (!dryRun) setRows(null);
    }
  };

  return (
    <>
      <Title>Import a cohort</Title>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <h1 class="govuk-heading-xl">Import a cohort</h1>
      <p class="govuk-body">
        Paste a CSV file with the columns below, or choose one. Check the preview: the import adds every child or, if
        any row has a problem, none.
      </p>
      <pre class="app-code govuk-body-s">{EXAMPLE}</pre>
      <div class="govuk-form-group">
        <label class="govuk-label" for="csv-file">
          CSV file
        </label>
        <input
          class="govuk-file-upload"
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (file) setCsv(await file.text());
            setRows(null);
          }}
        />
      </div>
      <TextArea
        id="csv"
        label="Or paste the rows"
        rows={8}
        value={csv()}
        onInput={(v) => {
          setCsv(v);
          setRows(null);
        }}
        error={errorFor(errors(), 'csv')}
      />
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--secondary" onClick={() => go(true)}>
          Preview
        </button>
        <Show when={rows() && bad() === 0 && csv()}>
          <button type="button" class="govuk-button" onClick={() => go(false)}>
            Import {rows()!.length} children
          </button>
        </Show>
      </div>
      <Show when={rows()}>
        {(list) => (
          <TableBox label="Preview">
            <table class="govuk-table">
              <caption class="govuk-table__caption govuk-table__caption--m">
                {bad() === 0
                  ? `${list().length} rows${list()[0]?.reference ? ' imported' : ' ready to import'}`
                  : `${bad()} of ${list().length} rows have problems: nothing will be imported until they are fixed`}
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    Row
                  </th>
                  <th scope="col" class="govuk-table__header">
                    School and year
                  </th>
                  <th scope="col" class="govuk-table__header">
                    Link worker
                  </th>
                  <th scope="col" class="govuk-table__header">
                    Result
                  </th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                <For each={list()}>
                  {(r) => (
                    <tr class="govuk-table__row">
                      <th scope="row" class="govuk-table__header">
                        {r.row}
                      </th>
                      <td class="govuk-table__cell">
                        {r.schoolName}, year {r.yearGroup}
                      </td>
                      <td class="govuk-table__cell">{r.linkWorkerEmail}</td>
                      <td class="govuk-table__cell">
                        <Show
                          when={r.errors.length > 0}
                          fallback={
                            <strong class="govuk-tag govuk-tag--green">{r.reference ?? 'Will be added'}</strong>
                          }
                        >
                          <ul class="govuk-list govuk-error-message">
                            <For each={r.errors}>{(e) => <li>{e}</li>}</For>
                          </ul>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableBox>
        )}
      </Show>
    </>
  );
}
