import { createMutation, createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { Banner, QueryView } from '../../components/Bits';
import { DataTable } from '../../components/DataTable';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { Pager, pageRows, pageVars, usePage } from '../../components/Pager';
import { graphql } from '../../lib/graphql';

const SchoolsQuery = graphql(`
  query Schools($limit: Int, $offset: Int) {
    districts { id name }
    schools(limit: $limit, offset: $offset) { id name postcode district { name } }
  }
`);
const CreateDistrict = graphql(
  `mutation CreateDistrict($input: CreateDistrictInput!) { createDistrict(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);
const CreateSchool = graphql(
  `mutation CreateSchool($input: CreateSchoolInput!) { createSchool(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`,
);

/** A typed coordinate ("51.44", "-0.02"), or null when it is not a number. */
const coordinate = (typed: string): number | null => (/^\s*-?\d+(\.\d+)?\s*$/.test(typed) ? Number(typed) : null);

export default function SchoolsPage() {
  const [page, setPage] = usePage();
  const [result, refetch] = createQuery({
    query: SchoolsQuery,
    variables: () => pageVars(page()),
    requestPolicy: 'cache-and-network',
  });
  const [, createDistrict] = createMutation(CreateDistrict);
  const [, createSchool] = createMutation(CreateSchool);
  const [districtName, setDistrictName] = createSignal('');
  const [schoolName, setSchoolName] = createSignal('');
  const [districtId, setDistrictId] = createSignal('');
  const [postcode, setPostcode] = createSignal('');
  const [latitude, setLatitude] = createSignal('');
  const [longitude, setLongitude] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();
  const done = (m: string) => {
    setMessage(m);
    setErrors([]);
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <>
      <Title>Schools and districts</Title>
      <h1 class="govuk-heading-xl">Schools and districts</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <QueryView result={result} what="schools" retry={() => refetch()}>
        {(data) => (
          <>
            <h2 class="govuk-heading-l">Districts</h2>
            <ul class="govuk-list govuk-list--bullet">
              <For each={data.districts} fallback={<li>No districts yet</li>}>
                {(d) => <li>{d.name}</li>}
              </For>
            </ul>
            <DataTable
              id="schools"
              caption="Schools"
              rows={pageRows(data.schools)}
              columns={[
                { key: 'name', label: 'School', cell: (s) => s.name, rowHeader: true },
                { key: 'postcode', label: 'Postcode', cell: (s) => s.postcode },
                { key: 'district', label: 'District', cell: (s) => s.district.name },
              ]}
            />
            <Show when={data.schools.length === 0}>
              <p class="govuk-body">No schools yet.</p>
            </Show>
            <Pager page={page()} rows={data.schools} label="Schools" onPage={setPage} />
            <h2 class="govuk-heading-l">Add a district</h2>
            <form
              novalidate
              onSubmit={async (e) => {
                e.preventDefault();
                const r = (await createDistrict({ input: { name: districtName() } })).data?.createDistrict;
                settleResult(r, setErrors, () => done(`${districtName()} added.`), { name: 'districtName' });
              }}
            >
              <TextField
                id="districtName"
                label="District name"
                value={districtName()}
                onInput={setDistrictName}
                error={errorFor(errors(), 'districtName')}
              />
              <button type="submit" class="govuk-button govuk-button--secondary">
                Add district
              </button>
            </form>
            <h2 class="govuk-heading-l">Add a school</h2>
            <form
              novalidate
              onSubmit={async (e) => {
                e.preventDefault();
                // A blank or non-numeric coordinate is said here: sent on, it became 0 or null (a raw GraphQL error).
                const [lat, lon] = [coordinate(latitude()), coordinate(longitude())];
                const wrong: FormError[] = [];
                if (lat === null)
                  wrong.push({ field: 'latitude', message: 'Enter the latitude as a number, like 51.44' });
                if (lon === null)
                  wrong.push({ field: 'longitude', message: 'Enter the longitude as a number, like -0.02' });
                if (wrong.length) return setErrors(wrong);
                const r = (
                  await createSchool({
                    input: {
                      name: schoolName(),
                      districtId: districtId(),
                      postcode: postcode(),
                      latitude: lat!,
                      longitude: lon!,
                    },
                  })
                ).data?.createSchool;
                settleResult(r, setErrors, () => done(`${schoolName()} added.`), { name: 'schoolName' });
              }}
            >
              <TextField
                id="schoolName"
                label="School name"
                value={schoolName()}
                onInput={setSchoolName}
                error={errorFor(errors(), 'schoolName')}
              />
              <SelectField
                id="districtId"
                label="District"
                value={districtId()}
                onChange={setDistrictId}
                error={errorFor(errors(), 'districtId')}
                options={[
                  { value: '', label: 'Choose a district' },
                  ...data.districts.map((d) => ({ value: d.id, label: d.name })),
                ]}
              />
              <TextField
                id="postcode"
                label="Postcode"
                value={postcode()}
                onInput={setPostcode}
                width="govuk-input--width-10"
                error={errorFor(errors(), 'postcode')}
              />
              <TextField
                id="latitude"
                label="Latitude"
                value={latitude()}
                onInput={setLatitude}
                inputmode="decimal"
                width="govuk-input--width-10"
                error={errorFor(errors(), 'latitude')}
              />
              <TextField
                id="longitude"
                label="Longitude"
                value={longitude()}
                onInput={setLongitude}
                inputmode="decimal"
                width="govuk-input--width-10"
                error={errorFor(errors(), 'longitude')}
              />
              <button type="submit" class="govuk-button govuk-button--secondary">
                Add school
              </button>
            </form>
          </>
        )}
      </QueryView>
    </>
  );
}
