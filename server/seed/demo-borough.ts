// The demo borough: real-looking south-east London localities, outward codes and centres.
// Full postcodes are generated deterministically around each centre (see demo.ts).

import PHASES from '../../schema/domain/school-phases.json';

export const DISTRICTS: { name: string; outward: string; latitude: number; longitude: number }[] = [
  { name: 'Catford', outward: 'SE6', latitude: 51.4452, longitude: -0.0207 },
  { name: 'Brockley', outward: 'SE4', latitude: 51.4613, longitude: -0.0376 },
  { name: 'Deptford', outward: 'SE8', latitude: 51.4779, longitude: -0.0262 },
  { name: 'Lee', outward: 'SE12', latitude: 51.4513, longitude: 0.0108 },
  { name: 'Lewisham Central', outward: 'SE13', latitude: 51.4615, longitude: -0.0087 },
  { name: 'New Cross', outward: 'SE14', latitude: 51.4757, longitude: -0.0404 },
  { name: 'Forest Hill', outward: 'SE23', latitude: 51.4398, longitude: -0.0527 },
  { name: 'Sydenham', outward: 'SE26', latitude: 51.4272, longitude: -0.0541 },
];

type Phase = 'PRIMARY' | 'SECONDARY' | 'ALL_THROUGH';

/** Each school with the phase its name says (schema/domain/school-phases.json: the years it takes). */
export const SCHOOLS: [name: string, district: string, phase: Phase][] = [
  ['Rushey Green Primary School', 'Catford', 'PRIMARY'],
  ['Torridon Primary School', 'Catford', 'PRIMARY'],
  ['Gordonbrock Primary School', 'Brockley', 'PRIMARY'],
  ['Deptford Park Primary School', 'Deptford', 'PRIMARY'],
  ['Lee Manor Primary School', 'Lee', 'PRIMARY'],
  ['Lewisham Bridge Primary School', 'Lewisham Central', 'PRIMARY'],
  ['Edmund Waller Primary School', 'New Cross', 'PRIMARY'],
  ['Kelvin Grove Primary School', 'Sydenham', 'PRIMARY'],
  ['Forest Hill Academy', 'Forest Hill', 'ALL_THROUGH'],
  ['Catford Park Secondary School', 'Catford', 'SECONDARY'],
];

/**
 * The year groups from..to that a school of this phase takes, to draw a demo child's year group
 * from (one draw whatever the range, so the rest of the seed's random numbers do not move).
 */
export function yearsTaken(phase: string, from: number, to: number): [number, number] {
  const range = PHASES[phase as Phase];
  return [Math.max(from, range.lowest), Math.min(to, range.highest)];
}

/**
 * The birth year of a child in Year `yearGroup` in the school year 2026-27 who was born September
 * to December: Year 1 is born 1 Sep 2020 to 31 Aug 2021 (Reception turns 5 in the year).
 */
export const birthYear = (yearGroup: number) => 2026 - 5 - yearGroup;

export const FIRST_NAMES = [
  'Amara',
  'Leo',
  'Zainab',
  'Oliver',
  'Maya',
  'Kwame',
  'Isla',
  'Ravi',
  'Chloe',
  'Tyler',
  'Fatima',
  'Jayden',
  'Sofia',
  'Elijah',
  'Ruby',
  'Mohammed',
  'Grace',
  'Kai',
  'Lily',
  'Reuben',
  'Nia',
  'Harvey',
  'Aisha',
  'Daniel',
];
export const LAST_NAMES = [
  'Okafor',
  'Brown',
  'Hussain',
  'Smith',
  'Nowak',
  'Mensah',
  'Taylor',
  'Patel',
  'Williams',
  'Evans',
  'Ahmed',
  'Campbell',
  'Silva',
  'Johnson',
  'Murphy',
  'Ali',
  'Thompson',
  'Osei',
  'Clarke',
  'Green',
  'Adeyemi',
  'Wright',
  'Begum',
  'Walker',
];
export const NEEDS = [
  'anxiety',
  'attendance',
  'family conflict',
  'bereavement',
  'speech and language',
  'isolation',
  'behaviour',
  'young carer',
  'literacy',
  'healthy weight',
];
