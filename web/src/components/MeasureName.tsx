import { Show } from 'solid-js';

/**
 * A measure's short name, which fits a list or a chart beside a phone's edge ("SDQ total
 * difficulties"); its full name is the abbreviation's expansion (title), so it is still there to
 * read. Where a person picks a measure the full name is shown instead.
 */
export function MeasureName(props: { measure: { name: string; shortName: string } }) {
  return (
    <Show when={props.measure.shortName !== props.measure.name} fallback={props.measure.name}>
      <abbr title={props.measure.name}>{props.measure.shortName}</abbr>
    </Show>
  );
}
