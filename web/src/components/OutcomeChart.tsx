import { For, Show } from 'solid-js';
import { date } from '../lib/format';
import { MeasureName } from './MeasureName';

export type Score = { measure: string; item: string; score: number; measuredOn: string };
export type ScaleInfo = {
  code: string;
  name: string;
  shortName: string;
  minScore: number;
  maxScore: number;
  better: string;
};

const W = 320;
const H = 140;
const PAD = { left: 34, right: 10, top: 10, bottom: 24 };
const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92'];
// Labels scale with the chart: 14 of its 320 units is 12.7 px on a 320 px phone and 18 px at the
// chart's widest (styles.scss .app-outcome-chart).
const FONT = '14';

/**
 * One measure's scores over time as a small SVG line chart (one line per goal). The chart is a
 * picture with a text alternative (naming the measure in full); the table beside it holds every
 * figure. Its caption uses the short name, which fits a phone.
 */
export function OutcomeChart(props: { measure: ScaleInfo; scores: Score[] }) {
  const times = () => props.scores.map((s) => Date.parse(s.measuredOn));
  const t0 = () => Math.min(...times());
  const t1 = () => Math.max(...times());
  const x = (iso: string) =>
    PAD.left + (t1() === t0() ? 0.5 : (Date.parse(iso) - t0()) / (t1() - t0())) * (W - PAD.left - PAD.right);
  const y = (score: number) =>
    PAD.top +
    (1 - (score - props.measure.minScore) / (props.measure.maxScore - props.measure.minScore)) *
      (H - PAD.top - PAD.bottom);
  const items = () => [...new Set(props.scores.map((s) => s.item))];
  const points = (item: string) =>
    props.scores
      .filter((s) => s.item === item)
      .sort((a, b) => a.measuredOn.localeCompare(b.measuredOn))
      .map((s) => `${x(s.measuredOn).toFixed(1)},${y(s.score).toFixed(1)}`)
      .join(' ');
  const summary = () =>
    `${props.measure.name}: ${props.scores.length} score${props.scores.length === 1 ? '' : 's'} from ${date(
      props.scores[0]?.measuredOn ?? '',
    )} to ${date(props.scores.at(-1)?.measuredOn ?? '')}; ${props.measure.better === 'LOWER' ? 'lower' : 'higher'} is better. Every score is in the table below.`;
  return (
    <Show when={props.scores.length > 0}>
      <figure class="app-chart">
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={summary()} class="app-outcome-chart">
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="#505a5f" />
          <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="#505a5f" />
          <text x={PAD.left - 4} y={y(props.measure.maxScore) + 4} text-anchor="end" font-size={FONT} fill="#0b0c0c">
            {props.measure.maxScore}
          </text>
          <text x={PAD.left - 4} y={y(props.measure.minScore)} text-anchor="end" font-size={FONT} fill="#0b0c0c">
            {props.measure.minScore}
          </text>
          <text x={PAD.left} y={H - 6} font-size={FONT} fill="#0b0c0c">
            {date(props.scores[0]!.measuredOn)}
          </text>
          <text x={W - PAD.right} y={H - 6} font-size={FONT} text-anchor="end" fill="#0b0c0c">
            {date(props.scores.at(-1)!.measuredOn)}
          </text>
          <For each={items()}>
            {(item, i) => (
              <>
                <polyline points={points(item)} fill="none" stroke={COLOURS[i() % COLOURS.length]} stroke-width="2" />
                <For each={props.scores.filter((s) => s.item === item)}>
                  {(s) => <circle cx={x(s.measuredOn)} cy={y(s.score)} r="3" fill={COLOURS[i() % COLOURS.length]} />}
                </For>
              </>
            )}
          </For>
        </svg>
        <figcaption class="govuk-body-s">
          <MeasureName measure={props.measure} /> ({props.measure.minScore}–{props.measure.maxScore},{' '}
          {props.measure.better === 'LOWER' ? 'lower' : 'higher'} is better)
          <Show when={items().length > 1}>
            {'. Lines: '}
            {items()
              .map((item, i) => `${item} (${['blue', 'red', 'green', 'purple'][i % 4]})`)
              .join(', ')}
          </Show>
        </figcaption>
      </figure>
    </Show>
  );
}
