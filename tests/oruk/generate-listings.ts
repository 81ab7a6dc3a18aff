import type { Listing } from '../../schema/domain/listing';
import { seededRandom } from '../../server/seed/random';

// Random but valid listings with every Open Referral part (opening times, languages, access,
// cost options, contacts, areas), for publishing a large feed in tests and benchmarks.

const WORDS = [
  'Family',
  'Youth',
  'Café',
  'Drop-in',
  'Støtte',
  'Circle',
  'Hub',
  'Club',
  'Talk',
  'Play',
  'Ĉiu',
  "O'Neil's",
];
const LANGS: [string, string][] = [
  ['English', 'en'],
  ['Polish', 'pl'],
  ['Somali', 'so'],
  ['Turkish', 'tr'],
  ['Bengali', 'bn'],
  ['British Sign Language', 'bfi'],
];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
// Every generated opening is weekly (the rule fields an import may set otherwise).
const WEEKLY = {
  freq: 'WEEKLY' as const,
  interval: 1,
  dtstart: null,
  byMonthDay: [] as number[],
  byDayInMonth: [] as string[],
};
const ACCESS = ['WHEELCHAIR', 'STEP_FREE', 'ACCESSIBLE_TOILET', 'HEARING_LOOP', 'BSL', 'QUIET_SPACE'] as const;

export function generateListings(count: number, categoryIds: number[], seed = 7): Listing[] {
  const r = seededRandom(seed);
  const out: Listing[] = [];
  const some = <T>(items: readonly T[], max: number) => {
    const n = r.int(0, max);
    return [...new Set(Array.from({ length: n }, () => r.pick(items)))];
  };
  for (let i = 0; i < count; i++) {
    const minAge = r.int(0, 16);
    const priced = r.next() < 0.5;
    const modes = some(['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE'] as const, 3);
    const hour = r.int(7, 18);
    out.push({
      name: `${r.pick(WORDS)} ${r.pick(WORDS)} ${i}`,
      description: `Generated listing ${i}: ${r.pick(WORDS)} & <${r.pick(WORDS)}> "quoted"`,
      eligibility: r.next() < 0.5 ? 'Anyone living in the borough' : '',
      categoryIds: [...new Set([r.pick(categoryIds), r.pick(categoryIds)])],
      minAge,
      maxAge: r.int(minAge, 25),
      deliveryModes: modes.length ? modes : ['COMMUNITY_VENUE'],
      unitPricePence: priced ? r.int(100, 20000) : null,
      unitName: priced ? 'session' : null,
      commissionable: priced && r.next() < 0.5,
      capacity: r.next() < 0.5 ? r.int(0, 30) : null,
      evidenceLevel: 'NONE',
      referralLeadTimeDays: null,
      contactName: null,
      contactEmail: r.next() < 0.7 ? `team${i}@example.org` : null,
      contactPhone: null,
      website: r.next() < 0.7 ? `https://example.org/s/${i}?a=1&b=2` : null,
      districtIds: [],
      locations: Array.from({ length: r.int(1, 3) }, (_, k) => ({
        name: `Venue ${i}.${k}`,
        address: r.next() < 0.8 ? `${r.int(1, 300)} High Street, London` : 'The Old Library',
        postcode: `SE${r.int(1, 28)} ${r.int(1, 9)}${r.pick(['A', 'B', 'D'])}${r.pick(['E', 'F', 'G'])}`,
        latitude: 51.4 + r.next() / 10,
        longitude: -0.1 + r.next() / 10,
        accessibility: some(ACCESS, 3),
        accessibilityNotes: r.next() < 0.3 ? 'Lift to all floors' : '',
      })),
      schedules: Array.from({ length: r.int(0, 3) }, () => ({
        days: [...new Set([r.pick(DAYS), ...some(DAYS, 2)])],
        opensAt: r.next() < 0.9 ? `${String(hour).padStart(2, '0')}:${r.pick(['00', '30'])}` : null,
        closesAt: r.next() < 0.9 ? `${String(hour + r.int(1, 4)).padStart(2, '0')}:00` : null,
        validFrom: r.next() < 0.2 ? '2026-09-01' : null,
        validTo: r.next() < 0.1 ? '2027-07-20' : null,
        description: r.next() < 0.5 ? 'Term time only' : '',
        ...WEEKLY,
      })),
      languages: some(LANGS, 3).map(([name, code]) => ({ name, code })),
      costOptions: Array.from({ length: r.int(0, 2) }, () => ({
        amountPence: r.next() < 0.8 ? r.int(0, 5000) : null,
        per: r.pick(['per session', 'per term', '']),
        conditions: r.pick(['', 'Free for families on Universal Credit']),
      })),
      contacts: Array.from({ length: r.int(0, 2) }, (_, k) => ({
        name: `Contact ${k}`,
        title: r.pick(['', 'Coordinator']),
        email: r.next() < 0.5 ? `c${k}.${i}@example.org` : null,
        phones: Array.from({ length: r.int(0, 2) }, () => ({
          number: `020 7${r.int(100, 999)} ${r.int(1000, 9999)}`,
          description: r.pick(['', 'Reception']),
        })),
      })),
      serviceAreas: some(['Lewisham', 'Southwark', 'Greenwich'], 2).map((name) => ({ name, description: '' })),
    });
  }
  return out;
}
