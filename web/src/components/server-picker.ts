import { type AnyVariables, createQuery, type DocumentInput } from '@urql/solid';
import { createSearchTerm, type PickerOption } from './Picker';

type Named = { id: string; name: string };

/**
 * What a picker that searches on the server wires around <Picker>: the settled search term, the
 * matches' query over it, the first `size` matches as options, and the chosen option, asked for by
 * id only when the matches do not hold it (editing, or an id from the address). Spread `props`
 * into <Picker>.
 */
export function createServerPicker<N extends Named, Data, Vars extends AnyVariables>(config: {
  value: () => string;
  query: DocumentInput<Data, Vars>;
  /** The matches' variables for the search term (null: nothing typed). */
  variables: (term: string | null) => Vars;
  nodes: (data: Data) => N[];
  chosenQuery: DocumentInput<{ node?: unknown }, { id: string }>;
  option: (node: N) => PickerOption;
  size: number;
}) {
  const search = createSearchTerm();
  const [matches] = createQuery({ query: config.query, variables: () => config.variables(search.term() || null) });
  const nodes = () => (matches.data ? config.nodes(matches.data) : []);
  const options = () => nodes().slice(0, config.size).map(config.option);
  const listed = () => !config.value() || options().some((o) => o.value === config.value());
  const [chosen] = createQuery({
    query: config.chosenQuery,
    variables: () => ({ id: config.value() }),
    pause: () => listed(),
  });
  const chosenNode = () => {
    const node = chosen.data?.node as Partial<N> | null | undefined;
    return node && 'name' in node && node.id === config.value() ? (node as N) : null;
  };
  return {
    matches,
    /** Every node the matches returned (one more than `size` says there are more). */
    nodes,
    /** A node shown in the select, by id. */
    find: (id: string) => nodes().find((n) => n.id === id) ?? (chosenNode()?.id === id ? chosenNode()! : undefined),
    props: {
      get typed() {
        return search.typed();
      },
      onType: search.type,
      get chosen() {
        const node = chosenNode();
        return node ? config.option(node) : null;
      },
      get matches() {
        return options();
      },
      get searching() {
        return matches.fetching && !matches.data;
      },
      get term() {
        return search.term();
      },
    },
  };
}
