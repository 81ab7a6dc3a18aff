import type { Viewer } from '../context';
import { ContractFullError, drawPlaces } from './contracts';
import type { Tx } from './transaction';

export type ContractPlace = { contractId: number; reference: string; stretch: boolean; unitPricePence: number };

/** London's calendar date for an instant (contracts and payment runs are dated, not timed). */
export const londonDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

/**
 * How a commission raised under a contract is priced: places drawn from the block cost the child's
 * budget nothing (unit price 0); when the block is full and the link worker asked for stretch, each
 * place beyond it is priced at the contract price and charged to the child's budget.
 */
export async function contractPlaces(
  tx: Tx,
  actor: Viewer,
  serviceId: number,
  input: { contractId?: number | null; units: number; stretch?: boolean | null },
  now: Date,
): Promise<ContractPlace> {
  const { contract, drawn } = await drawPlaces(
    tx,
    actor.zoneId,
    input.contractId!,
    serviceId,
    input.units,
    londonDate(now),
  );
  if (drawn) return { contractId: contract.id, reference: contract.reference, stretch: false, unitPricePence: 0 };
  if (!input.stretch) throw new ContractFullError(0);
  return {
    contractId: contract.id,
    reference: contract.reference,
    stretch: true,
    unitPricePence: contract.pricePerPlacePence,
  };
}
