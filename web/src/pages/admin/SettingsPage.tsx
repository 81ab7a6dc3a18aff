import { createMutation, createQuery } from '@urql/solid';
import { createEffect, createSignal, Show } from 'solid-js';
import { Banner } from '../../components/Bits';
import { createFeedback, ErrorSummary, errorFor, type FormError, settleResult } from '../../components/ErrorSummary';
import { Checkbox, RadioGroup, TextField } from '../../components/Fields';
import { Title } from '../../components/Layout';
import { money, parsePounds } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useSession } from '../../lib/session';

const UpdateSettings = graphql(`
  mutation UpdateSettings($input: UpdateZoneSettingsInput!) {
    updateZoneSettings(input: $input) { __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } } }
  }
`);

// Read here, not in the session every page loads: only this page needs it.
const SplitSetting = graphql(`
  query SplitSetting { viewer { id zone { id delegatedLimitCountsSameService } } }
`);

const SCHEDULES = [
  { value: 'MONTHLY', label: 'Monthly' },
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'OFF', label: 'Off: not emailed' },
];

export default function SettingsPage() {
  const session = useSession();
  const [, update] = createMutation(UpdateSettings);
  const [limit, setLimit] = createSignal('');
  const [responseDays, setResponseDays] = createSignal('');
  const [graceDays, setGraceDays] = createSignal('');
  const [editsNeedApproval, setEditsNeedApproval] = createSignal(false);
  const [split] = createQuery({ query: SplitSetting, requestPolicy: 'network-only' });
  const [countsSame, setCountsSame] = createSignal<boolean | null>(null);
  createEffect(() => {
    const saved = split.data?.viewer?.zone.delegatedLimitCountsSameService;
    if (saved != null && countsSame() === null) setCountsSame(saved);
  });
  const [schedule, setSchedule] = createSignal('');
  const [errors, setErrors, message, setMessage] = createFeedback();
  createEffect(() => {
    const zone = session.viewer()?.zone;
    if (zone && !limit()) {
      setLimit((zone.delegatedLimitPence / 100).toFixed(2));
      setResponseDays(String(zone.responseWorkingDays));
      setGraceDays(String(zone.lapseGraceWorkingDays));
      setEditsNeedApproval(zone.listingEditsNeedApproval);
      setSchedule(zone.localOfferSchedule);
    }
  });
  const submit = async (e: Event) => {
    e.preventDefault();
    const pence = parsePounds(limit());
    if (pence === null) return setErrors([{ field: 'limit', message: 'Enter the limit in pounds, like 250' }]);
    const whole = (v: string) => (/^\s*\d{1,3}\s*$/.test(v) ? Number(v) : null);
    const days = whole(responseDays());
    const grace = whole(graceDays());
    const problems: FormError[] = [];
    if (days === null)
      problems.push({ field: 'responseDays', message: 'Enter the working days as a whole number, like 5' });
    if (grace === null)
      problems.push({ field: 'graceDays', message: 'Enter the grace period as a whole number, like 2' });
    if (!SCHEDULES.some((o) => o.value === schedule()))
      problems.push({ field: 'schedule', message: 'Choose how often the local offer digest is emailed' });
    if (problems.length) return setErrors(problems);
    const r = (
      await update({
        input: {
          delegatedLimitPence: pence,
          responseWorkingDays: days,
          lapseGraceWorkingDays: grace,
          listingEditsNeedApproval: editsNeedApproval(),
          ...(countsSame() !== null ? { delegatedLimitCountsSameService: countsSame() } : {}),
          localOfferSchedule: schedule() as 'OFF' | 'WEEKLY' | 'MONTHLY',
        },
      })
    ).data?.updateZoneSettings;
    settleResult(
      r,
      setErrors,
      () => {
        setMessage(
          `Saved. Commissions up to ${money(pence)}${countsSame() ? ' (with the child’s others for the same service this period)' : ''} are now approved when raised.`,
        );
        session.refresh();
      },
      {
        delegatedLimitPence: 'limit',
        responseWorkingDays: 'responseDays',
        lapseGraceWorkingDays: 'graceDays',
        localOfferSchedule: 'schedule',
      },
    );
  };
  return (
    <>
      <Title>Zone settings</Title>
      <h1 class="govuk-heading-xl">Zone settings</h1>
      <Show when={message()} keyed>
        <Banner success>{message()}</Banner>
      </Show>
      <ErrorSummary errors={errors()} />
      <form onSubmit={submit} novalidate>
        <TextField
          id="limit"
          label="Delegated approval limit"
          hint="Commissions at or under this are approved when raised; above it a commissioner decides."
          prefix="£"
          value={limit()}
          onInput={setLimit}
          inputmode="decimal"
          width="govuk-input--width-5"
          error={errorFor(errors(), 'limit')}
        />
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset" aria-describedby="countsSame-hint">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Split purchases</legend>
            <div id="countsSame-hint" class="govuk-hint">
              A child’s open and delivered commissions for the same service this period are added together against the
              limit, so one purchase split into smaller ones still goes to a commissioner. Unticked, each commission is
              judged on its own.
            </div>
            <Checkbox
              id="countsSame"
              label="Count a child’s other commissions for the same service against the limit"
              checked={countsSame() === true}
              onChange={setCountsSame}
            />
          </fieldset>
        </div>
        {/* The period moves on only when a commissioner closes it (closing returns or carries its money). */}
        <dl class="govuk-summary-list">
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Current budget period</dt>
            <dd class="govuk-summary-list__value">
              {session.viewer()?.zone.currentPeriod}
              <p class="govuk-hint govuk-!-margin-bottom-0">
                A commissioner moves it on by closing the year on the Budget year page.
              </p>
            </dd>
          </div>
        </dl>
        <TextField
          id="responseDays"
          label="Days for providers to answer"
          hint="Working days (England and Wales) to accept or decline an approved commission. Providers are reminded at half time; the link worker and commissioners are told when it passes."
          suffix="working days"
          value={responseDays()}
          onInput={setResponseDays}
          inputmode="numeric"
          width="govuk-input--width-3"
          error={errorFor(errors(), 'responseDays')}
        />
        <TextField
          id="graceDays"
          label="Grace period before a request lapses"
          hint="Working days after that deadline; then the commission lapses and its money is released."
          suffix="working days"
          value={graceDays()}
          onInput={setGraceDays}
          inputmode="numeric"
          width="govuk-input--width-3"
          error={errorFor(errors(), 'graceDays')}
        />
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset" aria-describedby="editsNeedApproval-hint">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Listing changes</legend>
            <div id="editsNeedApproval-hint" class="govuk-hint">
              Providers’ changes to published listings wait for a commissioner or administrator, who sees what changes.
              The directory keeps showing the listing as it was until then.
            </div>
            <Checkbox
              id="editsNeedApproval"
              label="Changes to published listings need approval"
              checked={editsNeedApproval()}
              onChange={setEditsNeedApproval}
            />
          </fieldset>
        </div>
        <RadioGroup
          id="schedule"
          name="schedule"
          label="Local offer digest email"
          hint="How often each district lead, school lead and link worker who asked for it is emailed the local offer for their district or school. It can always be read and printed in the portal."
          value={schedule()}
          options={SCHEDULES}
          onChange={setSchedule}
          error={errorFor(errors(), 'schedule')}
        />
        <button type="submit" class="govuk-button">
          Save settings
        </button>
      </form>
    </>
  );
}
