import { Show } from 'solid-js';

/** Organisation.responseRecord: null when the viewer is not shown it. */
export type ResponseRecordData = {
  requests: number;
  enough: boolean;
  expired: number | null;
  acceptedShare: number | null;
  medianWorkingDays: number | null;
  windowMonths: number;
} | null;

const days = (median: number) => {
  if (median === 0) return 'the same working day';
  const n = Math.round(median * 2) / 2; // a median of an even count can be a half
  return `${n} working ${n === 1 ? 'day' : 'days'}`;
};

/** "Usually answers in 2 working days · accepts 9 in 10 requests (last 12 months, 14 requests)". */
export function responseRecordText(r: NonNullable<ResponseRecordData>): string {
  const window = `last ${r.windowMonths} months`;
  if (!r.enough || r.medianWorkingDays == null || r.acceptedShare == null) {
    return `Response record: not enough requests yet (${window})`;
  }
  const lapsed = r.expired ? `, ${r.expired} lapsed without an answer` : '';
  return (
    `Usually answers in ${days(r.medianWorkingDays)} · accepts ${Math.round(r.acceptedShare * 10)} in 10 requests ` +
    `(${window}, ${r.requests} requests${lapsed})`
  );
}

/** The provider's response record, for those shown it (link workers, commissioners, admins, itself). */
export function ResponseRecord(props: { record: ResponseRecordData | undefined; class?: string }) {
  return (
    <Show when={props.record}>
      {(r) => (
        <p class={props.class ?? 'govuk-body-s govuk-!-margin-bottom-1'} data-testid="response-record">
          {responseRecordText(r())}
        </p>
      )}
    </Show>
  );
}
