// The demo borough: real-looking south-east London localities, outward codes and centres.
// Full postcodes are generated deterministically around each centre (see demo.ts).

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

export const STREETS = [
  'Rushey Green',
  'Brownhill Road',
  'Wickham Road',
  'Tanners Hill',
  'Burnt Ash Hill',
  'Ladywell Road',
  'Lewisham Way',
  'Dartmouth Road',
  'Kirkdale',
  'Stanstead Road',
  'Hither Green Lane',
  'Manor Lane',
  'Bromley Road',
  'Honor Oak Park',
  'Evelyn Street',
  'Loampit Vale',
];

export const SCHOOLS: [name: string, district: string][] = [
  ['Rushey Green Primary School', 'Catford'],
  ['Torridon Primary School', 'Catford'],
  ['Gordonbrock Primary School', 'Brockley'],
  ['Deptford Park Primary School', 'Deptford'],
  ['Lee Manor Primary School', 'Lee'],
  ['Lewisham Bridge Primary School', 'Lewisham Central'],
  ['Edmund Waller Primary School', 'New Cross'],
  ['Kelvin Grove Primary School', 'Sydenham'],
  ['Forest Hill Academy', 'Forest Hill'],
  ['Catford Park Secondary School', 'Catford'],
];

export const FIRST_NAMES = [
  'Amara', 'Leo', 'Zainab', 'Oliver', 'Maya', 'Kwame', 'Isla', 'Ravi', 'Chloe', 'Tyler',
  'Fatima', 'Jayden', 'Sofia', 'Elijah', 'Ruby', 'Mohammed', 'Grace', 'Kai', 'Lily', 'Reuben',
  'Nia', 'Harvey', 'Aisha', 'Daniel',
];
export const LAST_NAMES = [
  'Okafor', 'Brown', 'Hussain', 'Smith', 'Nowak', 'Mensah', 'Taylor', 'Patel', 'Williams', 'Evans',
  'Ahmed', 'Campbell', 'Silva', 'Johnson', 'Murphy', 'Ali', 'Thompson', 'Osei', 'Clarke', 'Green',
  'Adeyemi', 'Wright', 'Begum', 'Walker',
];
export const NEEDS = ['anxiety', 'attendance', 'family conflict', 'bereavement', 'speech and language', 'isolation', 'behaviour', 'young carer', 'literacy', 'healthy weight'];
