import { createQuery } from '@urql/solid';
import { graphql } from '../lib/graphql';
import { createSearchTerm, Picker, type PickerOption } from './Picker';

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
  const search = createSearchTerm();
  const [matches] = createQuery({
    query: ServiceMatches,
    variables: () => ({
      first: PICKER_SIZE,
      filter: {
        text: search.term() || null,
        commissionableOnly: props.commissionableOnly || null,
        organisationId: props.organisationId || null,
        choosing: true,
      },
    }),
  });
  const label = (s: Node): PickerOption => ({
    value: s.id,
    label: props.hideOrganisation ? s.name : `${s.name} (${s.organisation.name})`,
  });
  const options = () => (matches.data?.services.edges ?? []).map((e) => label(e.node));
  const listed = () => !props.value || options().some((o) => o.value === props.value);
  const [chosen] = createQuery({
    query: ChosenService,
    variables: () => ({ id: props.value }),
    pause: () => listed(),
  });
  const chosenOption = () => {
    const node = chosen.data?.node;
    return node && 'name' in node && node.id === props.value ? label(node as Node) : null;
  };
  const total = () => matches.data?.services.totalCount ?? null;
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
      onChange={(id) => {
        const nodes = [...(matches.data?.services.edges ?? []).map((e) => e.node), chosen.data?.node];
        const node = nodes.find((n) => n && 'name' in n && n.id === id) as Node | undefined;
        props.onChange(id, node?.name ?? '');
      }}
      typed={search.typed()}
      onType={search.type}
      chosen={chosenOption()}
      matches={options()}
      total={total()}
      more={(total() ?? 0) > options().length}
      searching={matches.fetching && !matches.data}
      term={search.term()}
    />
  );
}
