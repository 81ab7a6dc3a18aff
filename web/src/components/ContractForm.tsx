import { createMutation } from '@urql/solid';
import { createSignal } from 'solid-js';
import { money, parsePounds } from '../lib/format';
import { graphql } from '../lib/graphql';
import { DateInput, isoDate } from './DateInput';
import { ErrorSummary, errorFor, type FormError, settleResult } from './ErrorSummary';
import { SelectField, TextField } from './Fields';
import { ServicePicker } from './ServicePicker';

const CreateContract = graphql(`
  mutation CreateContract($input: CreateContractInput!) {
    createContract(input: $input) {
      __typename
      ... on CreateContractSuccess { contract { id reference } }
      ... on Error { message }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`);

const blank = { day: '', month: '', year: '' };

/** A commissioner drafts a block contract: provider's service, places, price, dates and the pot it draws on. */
export function ContractForm(props: {
  pots: { id: string; name: string; remainingPence: number }[];
  onCreated: (reference: string) => void;
}) {
  const [state, create] = createMutation(CreateContract);
  const [serviceId, setServiceId] = createSignal('');
  const [potId, setPotId] = createSignal('');
  const [places, setPlaces] = createSignal('');
  const [price, setPrice] = createSignal('');
  const [start, setStart] = createSignal(blank);
  const [end, setEnd] = createSignal(blank);
  const [errors, setErrors] = createSignal<FormError[]>([]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const problems: FormError[] = [];
    const pence = parsePounds(price());
    const startDate = isoDate(start());
    const endDate = isoDate(end());
    if (!serviceId()) problems.push({ field: 'contractService', message: 'Choose the service contracted' });
    if (!/^\d{1,5}$/.test(places().trim()) || Number(places()) < 1)
      problems.push({ field: 'contractPlaces', message: 'Enter the number of places, a whole number of 1 or more' });
    if (!pence) problems.push({ field: 'contractPrice', message: 'Enter the price per place in pounds, like 360' });
    if (!startDate) problems.push({ field: 'contractStart', message: 'Enter the start date as a real date' });
    if (!endDate) problems.push({ field: 'contractEnd', message: 'Enter the end date as a real date' });
    if (!potId()) problems.push({ field: 'contractPot', message: 'Choose the pot it draws on' });
    setErrors(problems);
    if (problems.length) return;
    const res = (
      await create({
        input: {
          serviceId: serviceId(),
          fundingPotId: potId(),
          places: Number(places()),
          pricePerPlacePence: pence!,
          startDate: startDate!,
          endDate: endDate!,
        },
      })
    ).data?.createContract;
    settleResult(
      res,
      setErrors,
      () => {
        if (res?.__typename !== 'CreateContractSuccess') return;
        setPlaces('');
        setPrice('');
        props.onCreated(res.contract.reference);
      },
      {
        serviceId: 'contractService',
        fundingPotId: 'contractPot',
        places: 'contractPlaces',
        pricePerPlacePence: 'contractPrice',
        startDate: 'contractStart',
        endDate: 'contractEnd',
      },
    );
  };

  return (
    <>
      <ErrorSummary errors={errors()} title="The contract could not be drafted" />
      <form onSubmit={submit} novalidate>
        <ServicePicker
          id="contractService"
          hint="Type part of its name or its provider’s; the provider is the service’s organisation"
          blank="Choose a service"
          commissionableOnly
          value={serviceId()}
          onChange={setServiceId}
          error={errorFor(errors(), 'contractService')}
        />
        <TextField
          id="contractPlaces"
          label="Places"
          inputmode="numeric"
          width="govuk-input--width-4"
          value={places()}
          onInput={setPlaces}
          error={errorFor(errors(), 'contractPlaces')}
        />
        <TextField
          id="contractPrice"
          label="Price per place"
          prefix="£"
          inputmode="decimal"
          width="govuk-input--width-5"
          value={price()}
          onInput={setPrice}
          error={errorFor(errors(), 'contractPrice')}
        />
        <DateInput
          id="contractStart"
          label="Starts on"
          hint="For example, 1 4 2027"
          value={start()}
          onInput={setStart}
          error={errorFor(errors(), 'contractStart')}
        />
        <DateInput
          id="contractEnd"
          label="Ends on"
          value={end()}
          onInput={setEnd}
          error={errorFor(errors(), 'contractEnd')}
        />
        <SelectField
          id="contractPot"
          label="Pot it draws on"
          value={potId()}
          onChange={setPotId}
          error={errorFor(errors(), 'contractPot')}
          options={[
            { value: '', label: 'Choose a pot' },
            ...props.pots.map((p) => ({ value: p.id, label: `${p.name} (${money(p.remainingPence)} left)` })),
          ]}
        />
        <button type="submit" class="govuk-button govuk-button--secondary" disabled={state.fetching}>
          Draft the contract
        </button>
      </form>
    </>
  );
}
