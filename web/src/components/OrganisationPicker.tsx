import { createQuery } from '@urql/solid';
import { graphql } from '../lib/graphql';
import { createSearchTerm, Picker } from './Picker';
import { PICKER_SIZE } from './ServicePicker';

const OrganisationMatches = graphql(`
  query OrganisationPickerMatches($limit: Int!, $name: String) {
    organisations(limit: $limit, name: $name) { id name }
  }
`);
const ChosenOrganisation = graphql(`
  query OrganisationPickerChosen($id: ID!) {
    node(id: $id) { ... on Organisation { id name } }
  }
`);

/** Chooses one of the zone's organisations by name, searched on the server (a zone may hold thousands). */
export function OrganisationPicker(props: {
  id: string;
  label: string;
  labelClass?: string;
  error?: string;
  /** What is chosen among, in the plural (default "providers"). */
  what?: string;
  blank: string;
  value: string;
  onChange: (id: string, label: string) => void;
}) {
  const search = createSearchTerm();
  // One more than shown says there are more.
  const [matches] = createQuery({
    query: OrganisationMatches,
    variables: () => ({ limit: PICKER_SIZE + 1, name: search.term() || null }),
  });
  const rows = () => matches.data?.organisations ?? [];
  const options = () =>
    rows()
      .slice(0, PICKER_SIZE)
      .map((o) => ({ value: o.id, label: o.name }));
  const listed = () => !props.value || options().some((o) => o.value === props.value);
  const [chosen] = createQuery({
    query: ChosenOrganisation,
    variables: () => ({ id: props.value }),
    pause: () => listed(),
  });
  const chosenOption = () => {
    const node = chosen.data?.node;
    return node && 'name' in node && node.id === props.value ? { value: node.id, label: node.name } : null;
  };
  return (
    <Picker
      id={props.id}
      label={props.label}
      what={props.what ?? 'providers'}
      hint="Type part of its name"
      labelClass={props.labelClass}
      error={props.error}
      blank={props.blank}
      value={props.value}
      onChange={props.onChange}
      typed={search.typed()}
      onType={search.type}
      chosen={chosenOption()}
      matches={options()}
      more={rows().length > PICKER_SIZE}
      searching={matches.fetching && !matches.data}
      term={search.term()}
    />
  );
}
