/** "12 services found", or "More than 1,000 services found" when the count stopped at its cap. */
export function foundText(total: { count: number; capped: boolean }): string {
  const n = total.count.toLocaleString('en-GB');
  if (total.capped) return `More than ${n} services found`;
  return `${n} ${total.count === 1 ? 'service' : 'services'} found`;
}
