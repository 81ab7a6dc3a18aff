import { For, Show } from 'solid-js';
import { dateTime, label } from '../lib/format';

export type TimelineEvent = { at: string; action: string; note: string; actor: { name: string } | null };

/** A commission's steps, oldest first, each with who, when and any note (a reason, a delivery). */
export function Timeline(props: { events: TimelineEvent[] }) {
  return (
    <ol class="govuk-list app-timeline">
      <For each={props.events}>
        {(e) => (
          <li>
            <strong>{label(e.action)}</strong> by {e.actor?.name ?? 'the portal'}, {dateTime(e.at)}
            <Show when={e.note}>
              <br />
              <span class="govuk-body-s">{e.note}</span>
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}

const CLOSED_WITH_REASON = new Set(['REJECTED', 'DECLINED', 'CANCELLED', 'EXPIRED']);

/** Why a commission ended, when it was rejected, declined or cancelled: the last step's note. */
export const closingReason = (status: string, events: TimelineEvent[]) =>
  CLOSED_WITH_REASON.has(status) ? events.at(-1)?.note || undefined : undefined;

/** "Commission <service> for <child reference>": the words that name one commission everywhere. */
export const commissionName = (c: {
  reference?: string;
  service: { name: string };
  child?: { reference: string } | null;
}) =>
  `${c.reference ? `${c.reference}: ` : ''}${c.child ? `${c.service.name} for ${c.child.reference}` : c.service.name}`;

/** `back`: the list (with its filters and page) the commission was opened from, for its back link. */
export const commissionHref = (id: string, back?: string) =>
  `/commissions/${encodeURIComponent(id)}${back ? `?back=${encodeURIComponent(back)}` : ''}`;
