import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createMutation, createQuery } from '@urql/solid';
import { createEffect, createSignal, on, Show } from 'solid-js';
import { BackLink, QueryView } from '../../components/Bits';
import { BudgetPreview } from '../../components/BudgetPreview';
import { ChildPicker, type PickedChild } from '../../components/ChildPicker';
import { ErrorSummary, errorFor, type FormError, formErrors } from '../../components/ErrorSummary';
import { RadioGroup, TextArea, TextField } from '../../components/Fields';
import { FitWarnings, fitProblems } from '../../components/FitWarnings';
import { Title } from '../../components/Layout';
import { clearDraft, keepDraft, loadDraft } from '../../lib/draft';
import { DraftNotice } from '../../lib/draft-notice';
import { date, money, price, tooFewPlaces } from '../../lib/format';
import { graphql } from '../../lib/graphql';
import { useRouteId } from '../../lib/params';
import { createRetryKey } from '../../lib/retry-key';
import { useSession } from '../../lib/session';
import { CommissionCheck } from './CommissionCheck';
import { ConsentNeeded } from './ConsentNeeded';

const CommissionContextQuery = graphql(`
  query CommissionContext($serviceId: ID!) {
    node(id: $serviceId) { ... on Service { id name unitPricePence unitName commissionable minAge maxAge capacity isFull organisation { name } } }
    contracts(first: 20, filter: { serviceId: $serviceId, status: [SIGNED] }) { edges { node { id reference placesLeft endDate } } }
  }
`);

const RaiseMutation = graphql(`
  mutation Raise($input: RaiseCommissionInput!) {
    raiseCommission(input: $input) {
      __typename
      ... on RaiseCommissionSuccess { commission { id status } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
      ... on InsufficientBudgetError { availablePence requestedPence }
      ... on ConsentRequiredError { message }
    }
  }
`);

// The server's limit on each free-text box (RaiseCommissionInput), said up front and checked before "Check".
const MAX_TEXT = 2000;
const MAX_HINT = 'At most 2,000 characters.';

const MAYBE_RAISED =
  'Your earlier attempt may have raised this commission. Check the child’s commissions before raising it again.';

/** Commission a service for a child: pick the child, units and rationale; see the cost first. */
export default function CommissionPage() {
  const routeId = useRouteId();
  const navigate = useNavigate();
  const session = useSession();
  const [result, refetch] = createQuery({
    query: CommissionContextQuery,
    variables: () => ({ serviceId: routeId()! }),
  });
  const [state, raise] = createMutation(RaiseMutation);
  // Arriving from a child's page ("Find a service for Leo"), the child is already chosen.
  const [params, setParams] = useSearchParams<{ child?: string; check?: string }>();
  // A draft kept before the session ended (see lib/draft.ts), unless this visit is for another child.
  const draftKey = `commission-draft:${routeId()}`;
  // Kept unless the form is as it started: the child it was opened for, one unit, nothing typed.
  const blank = () => ({ childId: params.child ?? '', units: '1', rationale: '', request: '', contractId: '' });
  const found = loadDraft<ReturnType<typeof blank>>(draftKey);
  const draft = found && (!params.child || found.childId === params.child) ? found : {};
  const [childId, setChildId] = createSignal(params.child ?? draft.childId ?? '');
  // The chosen child's details (budget, consent, age), as the picker found them.
  const [child, setChild] = createSignal<PickedChild | null>(null);
  // Check your answers: shown after the form is valid, before anything is sent.
  // It has its own entry in the browser's history (?check=1), so Back returns to the form, as from
  // a page of its own; a reload or a pasted address starts at the form (nothing is checked yet).
  const [checking, setChecking] = createSignal(false);
  // The field a Change link asked for, focused once the form is back (after Back's history step).
  let focusWhenBack = '';
  const focusField = (field: string) => setTimeout(() => document.getElementById(field)?.focus(), 0);
  if (params.check) setParams({ check: undefined }, { replace: true });
  createEffect(
    on(
      () => params.check,
      (check) => {
        if (check) return;
        setChecking(false);
        if (focusWhenBack) focusField(focusWhenBack);
        focusWhenBack = '';
      },
      { defer: true },
    ),
  );
  const toCheck = () => {
    setChecking(true);
    setParams({ check: '1' });
  };
  // Back to the form by the check's history entry, so that Back later does not return to the check.
  const toForm = (field = '') => {
    setChecking(false);
    if (!params.check) return field && focusField(field);
    focusWhenBack = field;
    history.back();
  };
  const [units, setUnits] = createSignal(draft.units ?? '1');
  const [rationale, setRationale] = createSignal(draft.rationale ?? '');
  // "" is a spot purchase from the child's budget; otherwise the block contract the places come from.
  const [contractId, setContractId] = createSignal(draft.contractId ?? '');
  const [request, setRequest] = createSignal(draft.request ?? '');
  const typed = () => ({
    childId: childId(),
    units: units(),
    rationale: rationale(),
    request: request(),
    contractId: contractId(),
  });
  keepDraft(draftKey, typed, blank);
  // Back to the form as it starts: the child it was opened for (if any), one unit, nothing typed.
  const discardDraft = () => {
    const start = blank();
    if (start.childId !== childId()) setChild(null);
    setChildId(start.childId);
    setUnits(start.units);
    setRationale(start.rationale);
    setRequest(start.request);
    setContractId(start.contractId);
    setErrors([]);
  };
  const [errors, setErrors] = createSignal<FormError[]>([]);
  // One key per attempt at this form: a double click or a retry has exactly one effect.
  const { key, renew: renewKey } = createRetryKey();
  // The child of an attempt whose answer never came (it may have been raised), once the server says so.
  const [unanswered, setUnanswered] = createSignal('');
  const [maybeRaised, setMaybeRaised] = createSignal('');

  const unitCount = () => (/^\d+$/.test(units().trim()) ? Number(units().trim()) : 0);
  // What the child's budget pays (nothing for places under a contract), checked against what the
  // form shows as available, as the server will: an over-budget commission never reaches "Check".
  const unitPrice = () => {
    const node = result.data?.node;
    return node?.__typename === 'Service' ? (node.unitPricePence ?? 0) : 0;
  };
  const cost = () => (contractId() ? 0 : unitCount() * unitPrice());
  // The service's own word, as the field's label says it ("How many sessions").
  const unitsWord = () => {
    const node = result.data?.node;
    return `${(node?.__typename === 'Service' && node.unitName) || 'unit'}s`;
  };
  // The contract chosen, as the form found it: asking for more places than it has left never reaches "Check".
  const chosenContract = () => result.data?.contracts.edges.find((e) => e.node.id === contractId())?.node;
  const overBudget = () => {
    const available = child()?.budget?.availablePence;
    return available != null && cost() > available;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems: FormError[] = [];
    if (!childId()) problems.push({ field: 'childId', message: 'Choose the child' });
    else if (child()?.consentInForce === false)
      problems.push({ field: 'childId', message: 'Record the family’s consent to share details before commissioning' });
    // 45.5 or 1e9 is not "none": it is not a whole number, and says so.
    if (unitCount() < 1 && units().trim() && !/^-?\d+$/.test(units().trim()))
      problems.push({ field: 'units', message: `Enter a whole number of ${unitsWord()}, like 8` });
    else if (unitCount() < 1) problems.push({ field: 'units', message: `Enter how many ${unitsWord()}, 1 or more` });
    else if (overBudget())
      problems.push({
        field: 'units',
        message: `Not enough budget: ${money(child()!.budget!.availablePence)} available, ${money(cost())} requested. Reduce the ${unitsWord()} or choose another child.`,
      });
    else if (unitCount() > (chosenContract()?.placesLeft ?? Number.POSITIVE_INFINITY))
      problems.push({ field: 'units', message: tooFewPlaces(chosenContract()!) });
    if (rationale().trim().length < 10)
      problems.push({
        field: 'rationale',
        message: 'Say in a sentence why this helps the child (at least 10 characters)',
      });
    // As the server counts them: the rationale as typed, the request as sent (trimmed).
    else if (rationale().length > MAX_TEXT)
      problems.push({ field: 'rationale', message: `Keep the rationale to ${MAX_TEXT} characters` });
    if (request().trim().length > MAX_TEXT)
      problems.push({
        field: 'requestToProvider',
        message: `Keep the request to the provider to ${MAX_TEXT} characters`,
      });
    setErrors(problems);
    setMaybeRaised('');
    if (problems.length) return;
    if (!checking()) return toCheck();
    const res = await raise({
      input: {
        childId: childId(),
        serviceId: routeId()!,
        units: unitCount(),
        rationale: rationale(),
        requestToProvider: request().trim() || null,
        contractId: contractId() || null,
        idempotencyKey: key(),
      },
    });
    const r = res.data?.raiseCommission;
    // No answer (offline, say): stay on the check so Send can be pressed again under the same key.
    if (r && r.__typename !== 'RaiseCommissionSuccess') toForm();
    if (!r) {
      setUnanswered(childId());
      setErrors([{ message: 'We could not send this just now. Try again: it will not be sent twice.' }]);
      return;
    }
    if (r.__typename === 'RaiseCommissionSuccess') {
      clearDraft(draftKey);
      navigate(`/children/${encodeURIComponent(childId())}?raised=${r.commission.status}`);
      return;
    }
    renewKey();
    // The key kept after a lost answer, sent with a changed form: refused, but the first attempt
    // may have gone through. The next attempt has a fresh key (above).
    if (r.__typename === 'ValidationError' && r.fieldErrors.some((e) => e.path.at(-1) === 'idempotencyKey')) {
      setMaybeRaised(unanswered() || childId());
      setErrors([{ message: MAYBE_RAISED }]);
      return;
    }
    if (r.__typename === 'ConsentRequiredError') {
      setErrors([{ field: 'childId', message: r.message }]);
      return;
    }
    // Too few places left on the contract: put right at the units box, like a budget shortfall.
    if (r.__typename === 'ContractFullError') {
      setErrors([{ field: 'units', message: r.message }]);
      return;
    }
    if (r.__typename === 'InsufficientBudgetError') {
      setErrors([{ field: 'units', message: `${r.message}. Reduce the ${unitsWord()} or choose another child.` }]);
      return;
    }
    setErrors(formErrors(r));
  };

  return (
    <>
      <BackLink href={`/services/${encodeURIComponent(routeId()!)}`}>Back to the service</BackLink>
      <QueryView result={result} what="the service" retry={() => refetch()}>
        {(data) => (
          <Show
            when={data.node?.__typename === 'Service' ? data.node : null}
            fallback={<h1 class="govuk-heading-l">Service not found</h1>}
          >
            {(s) => (
              <>
                <Title>{`Commission ${s().name}`}</Title>
                <ErrorSummary errors={errors()} />
                <Show when={maybeRaised()}>
                  {(id) => (
                    <p class="govuk-body" data-testid="maybe-raised">
                      <A class="govuk-link" href={`/children/${encodeURIComponent(id())}`}>
                        See the child’s commissions
                      </A>
                    </p>
                  )}
                </Show>
                <span class="govuk-caption-l">{s().organisation.name}</span>
                <h1 class="govuk-heading-xl">Commission {s().name}</h1>
                <p class="govuk-body">
                  {/* What the commission costs the partnership; what families pay is on the listing's page. */}
                  {price(s().unitPricePence, s().unitName, [])}. The price is fixed when you send the commission.
                </p>
                <FitWarnings problems={fitProblems(child() ?? undefined, s(), unitCount())} />
                <Show when={checking()}>
                  <CommissionCheck
                    child={child()}
                    service={s()}
                    units={unitCount()}
                    contractReference={
                      contractId()
                        ? (data.contracts.edges.find((e) => e.node.id === contractId())?.node.reference ?? '')
                        : null
                    }
                    rationale={rationale()}
                    request={request()}
                    onChange={toForm}
                    onSend={submit}
                    sending={state.fetching}
                  />
                </Show>
                <div class="govuk-grid-row" hidden={checking()}>
                  <form class="govuk-grid-column-one-half" onSubmit={submit} novalidate>
                    <DraftNotice when={draft === found} draftKey={draftKey} onDiscard={discardDraft} />
                    <ChildPicker
                      id="childId"
                      label="Child"
                      value={childId()}
                      onChange={(c) => {
                        setChild(c);
                        setChildId(c?.id ?? '');
                      }}
                      error={errorFor(errors(), 'childId')}
                      detail={(c) => `${money(c.budget?.availablePence ?? 0)} available`}
                    />
                    <Show when={child()?.consentInForce === false ? child() : null}>
                      {(k) => (
                        <ConsentNeeded child={k()} returnTo={`/services/${routeId()}/commission?child=${k().id}`} />
                      )}
                    </Show>
                    <TextField
                      id="units"
                      label={`How many ${s().unitName ?? 'unit'}s`}
                      value={units()}
                      onInput={setUnits}
                      inputmode="numeric"
                      width="govuk-input--width-3"
                      error={errorFor(errors(), 'units')}
                    />
                    <Show when={data.contracts.edges.length > 0}>
                      <RadioGroup
                        id="contractId"
                        name="contractId"
                        label="How it is paid for"
                        value={contractId()}
                        onChange={setContractId}
                        error={errorFor(errors(), 'contractId')}
                        options={[
                          { value: '', label: 'From the child’s budget' },
                          ...data.contracts.edges.map(({ node: c }) => ({
                            value: c.id,
                            label: `Under contract ${c.reference} (${c.placesLeft} places left, ends ${date(c.endDate)})`,
                          })),
                        ]}
                      />
                    </Show>
                    <TextArea
                      id="rationale"
                      label="Why this helps the child"
                      hint={`Only you and the zone’s commissioners read this, never the provider. Do not include the child’s surname. ${MAX_HINT}`}
                      value={rationale()}
                      onInput={setRationale}
                      error={errorFor(errors(), 'rationale')}
                    />
                    <TextArea
                      id="requestToProvider"
                      label="What you are asking the provider to deliver (optional)"
                      hint={`The provider reads this, and nothing you wrote above. Do not include the child’s surname. Leave it blank to send only the service and number of units. ${MAX_HINT}`}
                      value={request()}
                      onInput={setRequest}
                      error={errorFor(errors(), 'requestToProvider')}
                    />
                    <button type="submit" class="govuk-button" disabled={state.fetching}>
                      Continue
                    </button>
                  </form>
                  <div class="govuk-grid-column-one-half">
                    <h2 class="govuk-heading-m">Before you send it</h2>
                    <Show
                      when={child()?.budget}
                      fallback={<p class="govuk-body">Choose a child to see their budget after this commission.</p>}
                    >
                      {(b) => (
                        <BudgetPreview
                          budget={b()}
                          unitPricePence={s().unitPricePence ?? 0}
                          units={unitCount()}
                          contract={chosenContract()}
                          delegatedLimitPence={session.viewer()?.zone.delegatedLimitPence ?? 0}
                          consentMissing={child()?.consentInForce === false}
                        />
                      )}
                    </Show>
                  </div>
                </div>
                <p class="govuk-body">
                  <A href="/caseload" class="govuk-link">
                    Cancel and go to your caseload
                  </A>
                </p>
              </>
            )}
          </Show>
        )}
      </QueryView>
    </>
  );
}
