import { graphql } from '../lib/graphql';
import { Picker, type PickerOption } from './Picker';
import { createServerPicker } from './server-picker';

/** How many matches the select lists: enough to choose from, few enough to read. */
export const PICKER_SIZE = 20;

const ServiceMatches = graphql(`
  query ServicePickerMatches($first: Int!, $filter: ServiceFilter!) {
    services(first: $first, filter: $filter) {
      totalCount
      edges { node { id name organisation { name } } }
    }
  }
`);
const ChosenService = graphql(`
  query ServicePickerChosen($id: ID!) {
    node(id: $id) { ... on Service { id name organisation { name } } }
  }
`);

type Node = { id: string; name: string; organisation: { name: string } };

/**
 * Chooses one of the zone's services by searching on the server (the directory's text search, over
 * names and organisation names), never by loading them all. A service already chosen stays shown.
 */
export function ServicePicker(props: {
  id: string;
  label?: string;
  hint?: string;
  labelClass?: string;
  error?: string;
  blank: string;
  value: string;
  /** The chosen service's id and its name. */
  onChange: (id: string, name: string) => void;
  commissionableOnly?: boolean;
  /** Only this organisation's services (a provider's own, or the provider filtered on). */
  organisationId?: string | null;
  /** Leave the organisation's name out of each option (a provider choosing among its own). */
  hideOrganisation?: boolean;
}) {
  const label = (s: Node): PickerOption => ({
    value: s.id,
    label: props.hideOrganisation ? s.name : `${s.name} (${s.organisation.name})`,
  });
  const picker = createServerPicker({
    value: () => props.value,
    query: ServiceMatches,
    variables: (text) => ({
      first: PICKER_SIZE,
      filter: {
        text,
        commissionableOnly: props.commissionableOnly || null,
        organisationId: props.organisationId || null,
        choosing: true,
      },
    }),
    nodes: (data) => data.services.edges.map((e) => e.node),
    chosenQuery: ChosenService,
    option: label,
    size: PICKER_SIZE,
  });
  const total = () => picker.matches.data?.services.totalCount ?? null;
  return (
    <Picker
      id={props.id}
      label={props.label ?? 'Service'}
      what="services"
      hint={props.hint}
      labelClass={props.labelClass}
      error={props.error}
      blank={props.blank}
      value={props.value}
      onChange={(id) => props.onChange(id, picker.find(id)?.name ?? '')}
      {...picker.props}
      total={total()}
      more={(total() ?? 0) > picker.props.matches.length}
    />
  );
}
