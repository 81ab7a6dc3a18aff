import { Show } from 'solid-js';

/**
 * GOV.UK pagination (Previous / Next) for a plain list read with `limit` and `offset`: the page asks
 * for one row more than it shows, so "Next" appears only when there is a next page.
 */
export function Pager(p: { page: number; hasNext: boolean; label: string; onPage: (page: number) => void }) {
  return (
    <Show when={p.page > 0 || p.hasNext}>
      <nav class="govuk-pagination govuk-pagination--block" aria-label={`${p.label} pages`}>
        <Show when={p.page > 0}>
          <div class="govuk-pagination__prev">
            <button type="button" class="govuk-link govuk-pagination__link" onClick={() => p.onPage(p.page - 1)}>
              <span class="govuk-pagination__link-title">Previous page</span>
            </button>
          </div>
        </Show>
        <Show when={p.hasNext}>
          <div class="govuk-pagination__next">
            <button type="button" class="govuk-link govuk-pagination__link" onClick={() => p.onPage(p.page + 1)}>
              <span class="govuk-pagination__link-title">Next page</span>
            </button>
          </div>
        </Show>
      </nav>
    </Show>
  );
}
