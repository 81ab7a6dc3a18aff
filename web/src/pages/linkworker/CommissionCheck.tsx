import { CheckAnswers } from '../../components/CheckAnswers';
import type { PickedChild } from '../../components/ChildPicker';
import { money, placesFromContract, units as unitsText } from '../../lib/format';

type Service = { name: string; unitName: string | null; unitPricePence: number | null; organisation: { name: string } };

/** "Check your answers" for a new commission: what will be sent, each with its Change link. */
export function CommissionCheck(props: {
  child: PickedChild | null;
  service: Service;
  units: number;
  /** The block contract the places come from; none for a spot purchase from the child's budget. */
  contractReference: string | null;
  rationale: string;
  request: string;
  onChange: (field: string) => void;
  onSend: (e: Event) => void;
  sending: boolean;
}) {
  const amount = () => {
    const pence = props.service.unitPricePence ?? 0;
    return props.contractReference != null
      ? placesFromContract(props.units, props.contractReference)
      : `${unitsText(props.units, props.service.unitName)} × ${money(pence)} = ${money(props.units * pence)}`;
  };
  return (
    <CheckAnswers
      answers={[
        {
          key: 'Child',
          value: `${props.child?.firstName} ${props.child?.lastName} (${props.child?.reference})`,
          field: 'childId',
        },
        // The service is this page's own: to change it, go back and choose another.
        { key: 'Service', value: `${props.service.name}, ${props.service.organisation.name}` },
        { key: 'Amount', value: amount(), field: 'units' },
        { key: 'Why this helps', value: props.rationale, field: 'rationale' },
        {
          key: 'What you are asking the provider',
          value: props.request.trim() || 'Nothing more than the service and the number of units',
          field: 'requestToProvider',
        },
      ]}
      onChange={props.onChange}
      onSend={props.onSend}
      sending={props.sending}
    />
  );
}
