import { A, useLocation } from '@solidjs/router';
import { For, type JSX, onMount, Show } from 'solid-js';
import { label, money } from '../lib/format';
import { cursorRefused, firstPageHref, type QueryError, queryErrorText } from '../lib/query-errors';
import { useOptionalSession } from '../lib/session';

const TAG_COLOURS: Record<string, string> = {
  REQUESTED: 'govuk-tag--yellow',
  APPROVED: 'govuk-tag--blue',
  ACCEPTED: 'govuk-tag--turquoise',
  COMPLETED: 'govuk-tag--green',
  REJECTED: 'govuk-tag--red',
  DECLINED: 'govuk-tag--orange',
  CANCELLED: 'govuk-tag--grey',
  EXPIRED: 'govuk-tag--grey',
  PAUSED: 'govuk-tag--orange',
  DRAFT: 'govuk-tag--grey',
  PUBLISHED: 'govuk-tag--green',
  ARCHIVED: 'govuk-tag--red',
  STALE: 'govuk-tag--orange',
};

export function Tag(props: { status: string; text?: string }) {
  return <strong class={`govuk-tag ${TAG_COLOURS[props.status] ?? ''}`}>{props.text ?? label(props.status)}</strong>;
}

export type Row = { key: string; value: JSX.Element };

export function SummaryList(props: { rows: Row[] }) {
  return (
    <dl class="govuk-summary-list">
      <For each={props.rows}>
        {(row) => (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{row.key}</dt>
            <dd class="govuk-summary-list__value">{row.value}</dd>
          </div>
        )}
      </For>
    </dl>
  );
}

export type Budget = { allocatedPence: number; reservedPence: number; spentPence: number; availablePence: number };

/** Spent and reserved as a share of the allocation, with the numbers in text for everyone. */
export function BudgetBar(props: { budget: Budget }) {
  const pct = (n: number) => (props.budget.allocatedPence > 0 ? `${(100 * n) / props.budget.allocatedPence}%` : '0%');
  return (
    <div
      class="app-budget-bar"
      role="img"
      aria-label={`${money(props.budget.spentPence)} spent, ${money(props.budget.reservedPence)} reserved, ${money(props.budget.availablePence)} available of ${money(props.budget.allocatedPence)}`}
    >
      <span class="app-budget-bar__spent" style={{ width: pct(props.budget.spentPence) }} />
      <span class="app-budget-bar__reserved" style={{ width: pct(props.budget.reservedPence) }} />
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <p class="govuk-body" role="status" aria-live="polite">
      Loading {props.what ?? ''}…
    </p>
  );
}

/** `restart`: a link that will work where trying again would not (the list's first page). */
export function ErrorNotice(props: { message?: string; retry?: () => void; restart?: string }) {
  return (
    <div class="govuk-error-summary" role="alert" aria-labelledby="load-error-title" tabindex="-1">
      <h2 class="govuk-error-summary__title" id="load-error-title">
        Sorry, there is a problem
      </h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">{props.message ?? 'We could not load this page.'}</p>
        <Show when={props.restart}>
          {(href) => (
            <p class="govuk-body">
              <A href={href()} class="govuk-link">
                Go to the first page
              </A>
            </p>
          )}
        </Show>
        <Show when={props.retry && !props.restart}>
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => props.retry?.()}>
            Try again
          </button>
        </Show>
      </div>
    </div>
  );
}

/** What to show for a query: loading, a clear error, or the page. */
export function QueryView<T>(props: {
  result: {
    fetching: boolean;
    error?: QueryError;
    data?: T;
  };
  what?: string;
  retry?: () => void;
  children: (data: T) => JSX.Element;
}) {
  // A failed load may have failed the session's own query too: retry both.
  const session = useOptionalSession();
  const retry = () => {
    props.retry?.();
    session?.refresh();
  };
  const message = () => (props.result.error ? queryErrorText(props.result.error) : undefined);
  const location = useLocation();
  // A refused cursor leaves a nested list empty beside the rest of the data: say so rather than show it empty.
  const restart = () =>
    cursorRefused(props.result.error) ? firstPageHref(location.pathname, location.search) : undefined;
  return (
    <Show
      when={(!message() || props.result.data) && !restart()}
      fallback={<ErrorNotice message={message()} retry={props.retry ? retry : undefined} restart={restart()} />}
    >
      <Show when={props.result.data} fallback={<Loading what={props.what} />}>
        {(data) => props.children(data())}
      </Show>
    </Show>
  );
}

export function Banner(props: { title?: string; children: JSX.Element; success?: boolean }) {
  // A section with a label is a region landmark; success messages are announced politely, and take
  // focus when they appear (GOV.UK's pattern), so the outcome of an action is the next thing read.
  let ref: HTMLElement | undefined;
  onMount(() => {
    if (props.success) ref?.focus();
  });
  return (
    <section
      ref={ref}
      tabindex={props.success ? -1 : undefined}
      class={`govuk-notification-banner${props.success ? ' govuk-notification-banner--success' : ''}`}
      aria-live={props.success ? 'polite' : undefined}
      aria-labelledby="banner-title"
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="banner-title">
          {props.title ?? (props.success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">{props.children}</div>
    </section>
  );
}

export function BackLink(props: { href: string; children?: JSX.Element }) {
  return (
    <A href={props.href} class="govuk-back-link">
      {props.children ?? 'Back'}
    </A>
  );
}

/** A figure in a table: right-aligned in tabular numbers, so columns of figures line up. */
export function Num(props: { children: JSX.Element }) {
  return <td class="govuk-table__cell govuk-table__cell--numeric app-num">{props.children}</td>;
}
