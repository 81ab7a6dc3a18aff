import { createQuery } from '@urql/solid';
import { For, type JSX, Show } from 'solid-js';
import { clock, date, dayList, familyCost, importedFrom } from '../lib/format';
import { graphql } from '../lib/graphql';
import { SummaryList } from './Bits';
import { ACCESSIBILITY } from './ListingDetailsFields';

// The Open Referral parts of a listing on its page: when it is open, languages, venue access,
// what families pay, contacts, other directories' terms, where it was imported from (areas are
// with the page's own "Areas"). Openings whose validTo has passed are not current: not asked for.

const DetailsQuery = graphql(`
  query ServiceDetails($id: ID!) {
    node(id: $id) {
      ... on Service {
        id lastModified importedFrom
        schedules(includeEnded: false) { id days opensAt closesAt validFrom validTo description }
        languages { name }
        locations { name accessibility accessibilityNotes }
        costOptions { amountPence per conditions }
        contacts { name title email phones { number description } }
        attributes { id name taxonomy }
      }
    }
  }
`);

const accessName = (a: string) => ACCESSIBILITY.find(([code]) => code === a)?.[1] ?? a;

export function ServiceDetails(props: { id: string }) {
  const [result] = createQuery({ query: DetailsQuery, variables: () => ({ id: props.id }) });
  const s = () => (result.data?.node?.__typename === 'Service' ? result.data.node : null);
  return (
    <Show when={s()}>
      {(s) => {
        const rows = () => {
          const out: { key: string; value: JSX.Element }[] = [];
          if (s().schedules.length)
            out.push({
              key: 'Opening times',
              value: (
                <ul class="govuk-list">
                  <For each={s().schedules}>
                    {(x) => (
                      <li>
                        {[dayList(x.days), x.opensAt && x.closesAt ? `${clock(x.opensAt)} to ${clock(x.closesAt)}` : '']
                          .filter(Boolean)
                          .join(', ')}
                        {x.description ? ` (${x.description})` : ''}
                        {x.validFrom || x.validTo
                          ? ` — ${[x.validFrom && `from ${date(x.validFrom)}`, x.validTo && `until ${date(x.validTo)}`].filter(Boolean).join(' ')}`
                          : ''}
                      </li>
                    )}
                  </For>
                </ul>
              ),
            });
          if (s().languages.length)
            out.push({
              key: 'Languages',
              value: s()
                .languages.map((l) => l.name)
                .join(', '),
            });
          for (const l of s().locations)
            if (l.accessibility.length || l.accessibilityNotes)
              out.push({
                key: `Access at ${l.name}`,
                value: [l.accessibility.map(accessName).join(', '), l.accessibilityNotes].filter(Boolean).join('. '),
              });
          if (s().costOptions.length)
            out.push({
              key: 'What families pay',
              value: (
                <ul class="govuk-list">
                  <For each={s().costOptions}>
                    {(c) => (
                      <li>
                        {familyCost(c)}
                        {c.conditions ? ` (${c.conditions})` : ''}
                      </li>
                    )}
                  </For>
                </ul>
              ),
            });
          for (const c of s().contacts)
            out.push({
              key: [c.name, c.title].filter(Boolean).join(', ') || 'Contact',
              value:
                [c.email, ...c.phones.map((p) => (p.description ? `${p.number} (${p.description})` : p.number))]
                  .filter(Boolean)
                  .join(', ') || 'No email or phone given',
            });
          if (s().attributes.length)
            out.push({
              key: 'Also listed under',
              value: s()
                .attributes.map((a) => `${a.name} (${a.taxonomy})`)
                .join(', '),
            });
          out.push({ key: 'Last changed', value: date(s().lastModified) });
          const source = s().importedFrom;
          if (source) out.push({ key: 'Imported from', value: importedFrom(source) });
          return out;
        };
        return (
          <>
            <h2 class="govuk-heading-m">When and how</h2>
            <SummaryList rows={rows()} />
          </>
        );
      }}
    </Show>
  );
}
