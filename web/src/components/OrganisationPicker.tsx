import { graphql } from '../lib/graphql';
import { Picker } from './Picker';
import { PICKER_SIZE } from './ServicePicker';
import { createServerPicker } from './server-picker';

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
  const picker = createServerPicker({
    value: () => props.value,
    query: OrganisationMatches,
    // One more than shown says there are more.
    variables: (name) => ({ limit: PICKER_SIZE + 1, name }),
    nodes: (data) => data.organisations,
    chosenQuery: ChosenOrganisation,
    option: (o) => ({ value: o.id, label: o.name }),
    size: PICKER_SIZE,
  });
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
      {...picker.props}
      more={picker.nodes().length > PICKER_SIZE}
    />
  );
}
