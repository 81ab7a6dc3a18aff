const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Integer pence to "£1,234.50". Money is never a float until it is shown. */
export const money = (pence: number) => gbp.format(pence / 100);
export const date = (iso: string) => dateFormat.format(new Date(iso));
export const dateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "2012-12" (a month the server gives) to "December 2012". */
export const month = (yearMonth: string) => monthFormat.format(new Date(`${yearMonth}-01T00:00:00Z`));

/** A listing's cost option: what a family pays (no amount when the option states none). */
export type FamilyCost = { amountPence: number | null; per: string };

/** "£35.00 per 1 hour session"; the option's words alone when it states no amount. */
export const familyCost = (c: FamilyCost) =>
  [c.amountPence == null ? '' : money(c.amountPence), c.per].filter(Boolean).join(' ');

/** "£45.00 a session" (the partnership's unit price); else the cheapest thing families pay
 * ("Families pay £35.00 per 1 hour session", "from" when there are several); "Free" only when
 * neither the partnership nor families pay. */
export function price(unitPricePence: number | null, unitName: string | null, familyCosts: readonly FamilyCost[]) {
  if (unitPricePence != null) return `${money(unitPricePence)} a ${unitName ?? 'unit'}`;
  const paid = familyCosts.flatMap((c) => (c.amountPence != null && c.amountPence > 0 ? [c] : []));
  const cheapest = paid.reduce<FamilyCost | null>((a, c) => (a && a.amountPence! <= c.amountPence! ? a : c), null);
  if (!cheapest) return 'Free';
  return `Families pay ${paid.length > 1 ? 'from ' : ''}${familyCost(cheapest)}`;
}

const LABELS: Record<string, string> = {
  IN_SCHOOL: 'In school',
  COMMUNITY_VENUE: 'Community venue',
  HOME: 'At home',
  ONLINE: 'Online',
  LINK_WORKER: 'Link worker',
  PROVIDER: 'Provider',
  COMMISSIONER: 'Commissioner',
  ADMIN: 'Administrator',
  COUNCIL: 'Council',
  SCHOOLS_DSG: 'Schools (DSG)',
  CENTRAL_GOVERNMENT: 'Central government',
  PHILANTHROPY: 'Philanthropy',
  OTHER: 'Other',
  VCSE: 'VCSE',
  NHS: 'NHS',
};
/** Enum values as words a person reads. */
/** A listing's ages: to 120, the top age a listing holds, is no upper limit (an import that states none). */
export const ages = (min: number, max: number) =>
  max >= 120 ? (min === 0 ? 'All ages' : `Ages ${min} and over`) : `Ages ${min} to ${max}`;
export const label = (value: string) =>
  LABELS[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');

/** The weekdays as the API writes them (Open Referral's codes) with their names, Monday first. */
export const DAYS = [
  ['MO', 'Monday'],
  ['TU', 'Tuesday'],
  ['WE', 'Wednesday'],
  ['TH', 'Thursday'],
  ['FR', 'Friday'],
  ['SA', 'Saturday'],
  ['SU', 'Sunday'],
] as const;
export type Day = (typeof DAYS)[number][0];

const dayName = (code: string) => DAYS.find(([c]) => c === code)?.[1] ?? code;

/** ["MO","TU","WE","TH","FR"] to "Monday to Friday"; ["TU","TH"] to "Tuesday and Thursday". */
export function dayList(days: readonly string[]): string {
  const order = DAYS.map(([c]) => c as string);
  const sorted = [...days].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const run = sorted.every((d, i) => i === 0 || order.indexOf(d) === order.indexOf(sorted[i - 1]!) + 1);
  if (sorted.length >= 3 && run) return `${dayName(sorted[0]!)} to ${dayName(sorted.at(-1)!)}`;
  const names = sorted.map(dayName);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
}

/** "16:00" to "4pm", "16:30" to "4:30pm", "12:00" to "midday" (GOV.UK style). */
export function clock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (h === 12 && m === 0) return 'midday';
  if (h === 0 && m === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

/**
 * Pounds typed by a person ("45", "45.5", "£1,200") to pence, or null when it is not money. A comma
 * only separates thousands ("1,200", "12,000.50"): "12,50", a decimal comma, is refused rather than
 * read as £1,250, and so is "12 50".
 */
export function parsePounds(input: string): number | null {
  const typed = input.trim().replace(/^£\s*/, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(typed)) return null;
  const [whole, fraction = ''] = typed.replace(/,/g, '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** A share (0.0123) as a percentage to one place ("1.2%"), the same on every page. */
export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
/** A completed commission is paid for what was delivered; the rest went back to the child's budget. */
export const paidOnCompletion = (c: { unitsDelivered: number; unitPricePence: number; amountPence: number }) => {
  const paid = c.unitsDelivered * c.unitPricePence;
  return paid < c.amountPence
    ? `${money(paid)} (${money(c.amountPence - paid)} went back to the child’s budget)`
    : money(paid);
};
/** "1 place", "3 places": places on a block contract. */
export const places = (n: number) => `${n} place${n === 1 ? '' : 's'}`;
/** Said before sending when more places are asked for than a contract has left (the server would refuse them). */
export const tooFewPlaces = (c: { reference: string; placesLeft: number }) =>
  `Contract ${c.reference} has only ${places(c.placesLeft)} left: ask for ${c.placesLeft} or fewer, or pay from the child’s budget`;
/** "under contract BC-12": the block contract that pays for places, said the same way on every screen. */
export const underContract = (reference: string) => `under contract ${reference}`;
/** "3 places under contract BC-12". */
export const placesUnderContract = (n: number, reference: string) => `${places(n)} ${underContract(reference)}`;
/** A new commission's places drawn from a contract, as the form's preview and its check say them. */
export const placesFromContract = (n: number, reference: string) =>
  `${placesUnderContract(n, reference)}, nothing from the child’s budget`;
/**
 * A commission's amount as its card and page show it. Places under a block contract are priced 0
 * because the contract pays for them, so "1 session × £0.00" would mislead (audit W-F5); a stretch
 * place is charged to the child's budget at the contract's price.
 */
export function commissionAmount(c: {
  units: number;
  unitPricePence: number;
  amountPence: number;
  stretch?: boolean;
  contract?: { reference: string; pricePerPlacePence: number } | null;
  service: { unitName: string | null };
}): string {
  if (c.contract && !c.stretch)
    return `${placesUnderContract(c.units, c.contract.reference)} (${money(c.contract.pricePerPlacePence)} a place), paid by the contract`;
  if (c.contract)
    return `${places(c.units)} beyond contract ${c.contract.reference} × ${money(c.unitPricePence)} = ${money(c.amountPence)}, from the child’s budget`;
  return `${units(c.units, c.service.unitName)} × ${money(c.unitPricePence)} = ${money(c.amountPence)}`;
}
/** "1 child", "3 children". */
export const childCount = (n: number) => `${n} ${n === 1 ? 'child' : 'children'}`;
/** "1 term", "8 sessions": a count of units with the unit's name in the right number. */
export const units = (n: number, unitName: string | null) => `${n} ${unitName ?? 'unit'}${n === 1 ? '' : 's'}`;

/** "se64ru" to "SE6 4RU"; an outward code alone ("se6") to "SE6". */
export function formatPostcode(input: string): string {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  return compact.length >= 5 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

const KM_PER_MILE = 1.609344;
/** Distances for UK readers: "0.4 miles", "1 mile", "3.1 miles". */
export function miles(km: number): string {
  const m = Math.round((km / KM_PER_MILE) * 10) / 10;
  return `${m} ${m === 1 ? 'mile' : 'miles'}`;
}
export const milesToKm = (m: number) => m * KM_PER_MILE;

/** An import's source as a reader says it: a feed's URL, or "the file NAME" for a loaded file. */
export const importedFrom = (location: string) =>
  location.startsWith('file:') ? `the file ${location.slice(5)}` : location;
