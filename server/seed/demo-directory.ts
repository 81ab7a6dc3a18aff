// The demo partner network: organisations and their listings across the whole taxonomy.
type Mode = 'IN_SCHOOL' | 'COMMUNITY_VENUE' | 'HOME' | 'ONLINE';
type Evidence = 'NONE' | 'EMERGING' | 'PROMISING' | 'ESTABLISHED' | 'PROVEN';

export type DemoService = {
  name: string;
  description: string;
  categories: string[];
  /** Pence per unit; null is free. */
  price: number | null;
  unit?: string;
  modes: Mode[];
  ages: [number, number];
  capacity?: number | null;
  evidence?: Evidence;
  leadDays?: number;
  status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  /** Months since the provider last reviewed the listing (over 6 is stale). */
  reviewedMonthsAgo?: number;
};

export type DemoOrganisation = {
  name: string;
  kind: 'VCSE' | 'SOCIAL_ENTERPRISE' | 'LOCAL_AUTHORITY' | 'NHS' | 'SCHOOL' | 'OTHER';
  description: string;
  charityNumber?: string;
  services: DemoService[];
};

const session = 'session';

export const ORGANISATIONS: DemoOrganisation[] = [
  {
    name: 'Riverside Family Therapy',
    kind: 'VCSE',
    charityNumber: '1172345',
    description: 'Systemic family therapists and play therapists working with families across the borough since 2009.',
    services: [
      { name: 'Family therapy sessions', description: 'Systemic family therapy for families under strain: conflict, separation, anxiety at home. Sessions of 60 minutes with one or two therapists.', categories: ['family-therapy'], price: 4500, unit: session, modes: ['COMMUNITY_VENUE', 'HOME'], ages: [4, 18], capacity: 6, evidence: 'ESTABLISHED', leadDays: 10 },
      { name: 'Child play therapy', description: 'Non-directive play therapy for children who find it hard to put feelings into words, including after trauma or loss.', categories: ['play-therapy', 'bereavement-support'], price: 4000, unit: session, modes: ['IN_SCHOOL', 'COMMUNITY_VENUE'], ages: [3, 11], capacity: 4, evidence: 'PROMISING', leadDays: 14 },
      { name: 'Parenting teenagers course', description: 'An eight-week evening course for parents and carers of 11 to 16 year olds: boundaries, conflict and staying connected.', categories: ['parenting-courses'], price: 12000, unit: 'course', modes: ['COMMUNITY_VENUE', 'ONLINE'], ages: [11, 16], capacity: 12, evidence: 'ESTABLISHED', leadDays: 21 },
      { name: 'Family drop-in', description: 'A free weekly drop-in where families can talk to a therapist about whether therapy could help.', categories: ['family-therapy', 'parent-peer-support'], price: null, modes: ['COMMUNITY_VENUE'], ages: [0, 18], evidence: 'EMERGING' },
      { name: 'Online parent coaching', description: 'One-to-one video coaching for parents, in development.', categories: ['parenting-courses'], price: 3500, unit: session, modes: ['ONLINE'], ages: [0, 18], status: 'DRAFT' },
    ],
  },
  {
    name: 'Catford Circus Collective',
    kind: 'SOCIAL_ENTERPRISE',
    description: 'Circus skills, confidence and teamwork for children and young people, in schools and at our big top in Catford.',
    services: [
      { name: 'After-school circus club', description: 'Juggling, aerial silks, acrobatics and clowning after school, building confidence and friendships.', categories: ['circus', 'arts'], price: 6000, unit: 'term', modes: ['COMMUNITY_VENUE'], ages: [7, 14], capacity: 10, evidence: 'PROMISING', leadDays: 7 },
      { name: 'Holiday circus camp', description: 'Five days of circus in the school holidays, ending in a show for families.', categories: ['circus'], price: 8500, unit: 'week', modes: ['COMMUNITY_VENUE'], ages: [7, 14], capacity: 0, evidence: 'EMERGING', leadDays: 14 },
      { name: 'Circus in schools', description: 'Weekly small-group circus sessions in school for children who struggle with confidence or behaviour.', categories: ['circus', 'mentoring'], price: 2500, unit: session, modes: ['IN_SCHOOL'], ages: [5, 11], capacity: 8, evidence: 'EMERGING', leadDays: 14 },
    ],
  },
  {
    name: 'Brockley Tuition Trust',
    kind: 'VCSE',
    charityNumber: '1154412',
    description: 'Qualified teachers giving 1:1 and small-group tuition to children who have fallen behind.',
    services: [
      { name: '1:1 maths tuition', description: 'Weekly one-to-one maths tuition with a qualified teacher, planned with the child’s school.', categories: ['one-to-one-tuition'], price: 3500, unit: session, modes: ['IN_SCHOOL', 'ONLINE'], ages: [6, 16], capacity: 15, evidence: 'PROVEN', leadDays: 7 },
      { name: '1:1 reading tuition', description: 'Phonics and reading fluency with a specialist teacher, twice a week for a term.', categories: ['one-to-one-tuition', 'literacy'], price: 3500, unit: session, modes: ['IN_SCHOOL'], ages: [5, 11], capacity: 12, evidence: 'PROVEN', leadDays: 7 },
      { name: 'Saturday homework club', description: 'A free, friendly homework club with volunteers and laptops.', categories: ['homework-clubs'], price: null, modes: ['COMMUNITY_VENUE'], ages: [8, 16], evidence: 'EMERGING' },
    ],
  },
  {
    name: 'Lewisham Young Minds Counselling',
    kind: 'VCSE',
    charityNumber: '1098871',
    description: 'BACP-accredited counsellors for children and young people, in schools and at our centre.',
    services: [
      { name: 'School-based counselling', description: 'Twelve weekly counselling sessions in school for children with anxiety, low mood or difficulties at home.', categories: ['counselling', 'anxiety-and-low-mood'], price: 5000, unit: session, modes: ['IN_SCHOOL'], ages: [8, 18], capacity: 5, evidence: 'ESTABLISHED', leadDays: 14 },
      { name: 'Online counselling for teenagers', description: 'Text and video counselling for 13 to 18 year olds, evenings included.', categories: ['counselling'], price: 4500, unit: session, modes: ['ONLINE'], ages: [13, 18], capacity: 20, evidence: 'PROMISING', leadDays: 3 },
      { name: 'Worry busters group', description: 'A six-week group for children aged 8 to 11 to understand and manage worry.', categories: ['anxiety-and-low-mood'], price: 9000, unit: 'course', modes: ['IN_SCHOOL'], ages: [8, 11], capacity: 8, evidence: 'PROMISING', leadDays: 21, reviewedMonthsAgo: 8 },
    ],
  },
  {
    name: 'Deptford Youth Hub',
    kind: 'VCSE',
    charityNumber: '1120933',
    description: 'Youth work in Deptford and New Cross: clubs, detached work and mentoring.',
    services: [
      { name: 'Youth club evenings', description: 'Open-access youth club three evenings a week: sport, music, cooking and someone to talk to.', categories: ['youth-clubs'], price: null, modes: ['COMMUNITY_VENUE'], ages: [11, 19], evidence: 'ESTABLISHED' },
      { name: 'Detached youth work', description: 'Youth workers out on the estates and high streets, meeting young people where they are.', categories: ['detached-youth-work'], price: null, modes: ['COMMUNITY_VENUE'], ages: [11, 19], evidence: 'PROMISING' },
      { name: '1:1 youth mentoring', description: 'A trained mentor for ten weekly sessions, for young people at risk of exclusion.', categories: ['mentoring', 'youth-clubs'], price: 3000, unit: session, modes: ['COMMUNITY_VENUE', 'IN_SCHOOL'], ages: [11, 18], capacity: 6, evidence: 'PROMISING', leadDays: 14 },
    ],
  },
  {
    name: 'Sydenham Speech and Language Service',
    kind: 'NHS',
    description: 'NHS children’s speech and language therapy for the borough.',
    services: [
      { name: 'Speech and language assessment', description: 'Assessment by a speech and language therapist, with a plan for home and school. Referral by school or GP.', categories: ['speech-therapy'], price: null, modes: ['IN_SCHOOL', 'COMMUNITY_VENUE'], ages: [2, 18], evidence: 'PROVEN', leadDays: 42 },
      { name: 'Talking together groups', description: 'Small groups for children with language delay, run with their parents.', categories: ['communication-groups'], price: null, modes: ['COMMUNITY_VENUE'], ages: [2, 5], evidence: 'ESTABLISHED', leadDays: 28 },
    ],
  },
  {
    name: 'Talk Time Therapy',
    kind: 'SOCIAL_ENTERPRISE',
    description: 'Independent speech and language therapists filling the gap while children wait for NHS therapy.',
    services: [
      { name: 'Speech therapy block', description: 'A block of weekly speech and language therapy sessions in school, with a programme for staff.', categories: ['speech-therapy'], price: 5500, unit: session, modes: ['IN_SCHOOL', 'ONLINE'], ages: [3, 16], capacity: 9, evidence: 'ESTABLISHED', leadDays: 10 },
      { name: 'Social communication group', description: 'Weekly group for children who find friendships and conversation hard.', categories: ['communication-groups', 'sensory-and-autism-support'], price: 2500, unit: session, modes: ['IN_SCHOOL'], ages: [6, 12], capacity: 6, evidence: 'PROMISING', leadDays: 14 },
    ],
  },
  {
    name: 'Ravensbourne SENDIASS',
    kind: 'LOCAL_AUTHORITY',
    description: 'The council’s impartial SEND information, advice and support service.',
    services: [
      { name: 'SEND advice line', description: 'Free impartial advice for parents about SEN support, EHC plans and school placements.', categories: ['send-advice'], price: null, modes: ['ONLINE', 'COMMUNITY_VENUE'], ages: [0, 25], evidence: 'ESTABLISHED' },
      { name: 'EHCP casework support', description: 'A caseworker to help families through an EHC needs assessment.', categories: ['send-advice'], price: null, modes: ['HOME', 'ONLINE'], ages: [0, 25], evidence: 'ESTABLISHED', leadDays: 14 },
    ],
  },
  {
    name: 'Spectrum Sensory Play',
    kind: 'VCSE',
    charityNumber: '1187765',
    description: 'Sensory play and support for autistic children and their families.',
    services: [
      { name: 'Sensory play sessions', description: 'Small sensory play sessions in our adapted studio, with a parent alongside.', categories: ['sensory-and-autism-support'], price: 2000, unit: session, modes: ['COMMUNITY_VENUE'], ages: [2, 11], capacity: 8, evidence: 'EMERGING', leadDays: 7 },
      { name: 'Autism family workshops', description: 'Workshops for parents on sleep, routines and meltdowns.', categories: ['sensory-and-autism-support', 'parent-peer-support'], price: 1500, unit: 'workshop', modes: ['COMMUNITY_VENUE', 'ONLINE'], ages: [2, 18], capacity: 20, evidence: 'EMERGING', leadDays: 7 },
    ],
  },
  {
    name: 'Forest Hill Football Foundation',
    kind: 'VCSE',
    charityNumber: '1133120',
    description: 'Football and multi-sport for every child, whatever their ability.',
    services: [
      { name: 'After-school football', description: 'Coached football twice a week, kit provided.', categories: ['sport'], price: 4000, unit: 'term', modes: ['COMMUNITY_VENUE'], ages: [6, 16], capacity: 14, evidence: 'EMERGING', leadDays: 3 },
      { name: 'Girls’ multi-sport', description: 'Netball, football and fitness for girls, with female coaches.', categories: ['sport', 'active-families'], price: 3500, unit: 'term', modes: ['COMMUNITY_VENUE'], ages: [8, 16], capacity: 12, evidence: 'EMERGING', leadDays: 3 },
      { name: 'Holiday activity programme', description: 'Free holiday sport and a hot meal for children on free school meals.', categories: ['sport', 'nutrition'], price: null, modes: ['COMMUNITY_VENUE'], ages: [5, 16], evidence: 'PROMISING' },
    ],
  },
  {
    name: 'Lee Green Arts Project',
    kind: 'VCSE',
    description: 'Visual arts, drama and creative writing with children and young people.',
    services: [
      { name: 'Art therapy group', description: 'A closed weekly group with an art therapist for children who have had a hard time.', categories: ['arts', 'counselling'], price: 3000, unit: session, modes: ['COMMUNITY_VENUE'], ages: [7, 12], capacity: 6, evidence: 'PROMISING', leadDays: 14 },
      { name: 'Saturday drama club', description: 'Drama games, scripts and a termly show.', categories: ['arts'], price: 5000, unit: 'term', modes: ['COMMUNITY_VENUE'], ages: [7, 14], capacity: 10, evidence: 'NONE', leadDays: 3, reviewedMonthsAgo: 9 },
      { name: 'Creative writing workshops', description: 'Free creative writing workshops in the library.', categories: ['arts', 'literacy'], price: null, modes: ['COMMUNITY_VENUE'], ages: [9, 16], evidence: 'NONE' },
    ],
  },
  {
    name: 'Beat Street Music',
    kind: 'SOCIAL_ENTERPRISE',
    description: 'Music making, production and lessons for young people.',
    services: [
      { name: 'Music production course', description: 'Ten weeks making tracks in a real studio, ending with a release.', categories: ['music', 'youth-clubs'], price: 15000, unit: 'course', modes: ['COMMUNITY_VENUE'], ages: [12, 19], capacity: 8, evidence: 'EMERGING', leadDays: 14 },
      { name: 'Instrument lessons', description: 'One-to-one guitar, keyboard or drum lessons with instrument loan.', categories: ['music'], price: 2500, unit: 'lesson', modes: ['COMMUNITY_VENUE', 'IN_SCHOOL'], ages: [7, 18], capacity: 10, evidence: 'NONE', leadDays: 7 },
    ],
  },
  {
    name: 'Ravensbourne Forest School',
    kind: 'SOCIAL_ENTERPRISE',
    description: 'Outdoor learning in local woods for children who struggle in the classroom.',
    services: [
      { name: 'Forest school mornings', description: 'Weekly forest school: fire-lighting, shelter-building and calm time outdoors.', categories: ['outdoor-learning'], price: 2200, unit: session, modes: ['COMMUNITY_VENUE'], ages: [4, 11], capacity: 12, evidence: 'PROMISING', leadDays: 7 },
      { name: 'Outdoor nurture group', description: 'A small nurture group outdoors for children with social and emotional needs.', categories: ['outdoor-learning', 'mentoring'], price: 3000, unit: session, modes: ['COMMUNITY_VENUE'], ages: [5, 11], capacity: 6, evidence: 'EMERGING', leadDays: 14 },
    ],
  },
  {
    name: 'Ravensbourne Early Help Service',
    kind: 'LOCAL_AUTHORITY',
    description: 'The council’s early help team: family key workers and parenting support.',
    services: [
      { name: 'Family key worker', description: 'A key worker for families with several needs, coordinating a team around the family.', categories: ['family-key-work'], price: null, modes: ['HOME', 'COMMUNITY_VENUE'], ages: [0, 18], evidence: 'ESTABLISHED', leadDays: 21 },
      { name: 'Incredible Years parenting programme', description: 'The evidence-based Incredible Years programme, fourteen weekly group sessions.', categories: ['parenting-courses'], price: null, modes: ['COMMUNITY_VENUE'], ages: [3, 8], evidence: 'PROVEN', leadDays: 28 },
      { name: 'Young carers assessment', description: 'Assessment and support plan for children caring for a family member.', categories: ['young-carers'], price: null, modes: ['HOME'], ages: [5, 18], evidence: 'ESTABLISHED', leadDays: 28 },
    ],
  },
  {
    name: 'Carers Together Ravensbourne',
    kind: 'VCSE',
    charityNumber: '1102998',
    description: 'Support, breaks and fun for young carers.',
    services: [
      { name: 'Young carers club', description: 'Fortnightly club and trips so young carers get time to be children.', categories: ['young-carers', 'youth-clubs'], price: null, modes: ['COMMUNITY_VENUE'], ages: [8, 18], evidence: 'PROMISING' },
      { name: 'Young carers 1:1 support', description: 'A support worker for young carers with heavy caring roles, six sessions.', categories: ['young-carers', 'mentoring'], price: 2800, unit: session, modes: ['HOME', 'IN_SCHOOL'], ages: [8, 18], capacity: 5, evidence: 'EMERGING', leadDays: 10 },
    ],
  },
  {
    name: 'Fresh Start Families',
    kind: 'VCSE',
    charityNumber: '1165501',
    description: 'Healthy eating and activity for the whole family.',
    services: [
      { name: 'Family cook and eat', description: 'Six weekly cooking sessions for a parent and child, ingredients to take home.', categories: ['nutrition'], price: 1800, unit: session, modes: ['COMMUNITY_VENUE'], ages: [5, 14], capacity: 8, evidence: 'PROMISING', leadDays: 7 },
      { name: 'Active families programme', description: 'A twelve-week healthy weight programme with activity, coaching and weigh-ins.', categories: ['active-families', 'nutrition'], price: 16000, unit: 'programme', modes: ['COMMUNITY_VENUE'], ages: [5, 13], capacity: 10, evidence: 'ESTABLISHED', leadDays: 14 },
    ],
  },
  {
    name: 'Compass Young People’s Service',
    kind: 'NHS',
    description: 'Specialist substance misuse support for young people under 18.',
    services: [
      { name: 'Young people’s drug and alcohol support', description: 'Confidential one-to-one support for young people worried about drugs or alcohol.', categories: ['young-peoples-substance-support'], price: null, modes: ['COMMUNITY_VENUE', 'IN_SCHOOL'], ages: [10, 18], evidence: 'ESTABLISHED', leadDays: 7 },
      { name: 'Hidden harm family work', description: 'Support for children affected by a parent’s drug or alcohol use.', categories: ['young-peoples-substance-support', 'family-key-work'], price: null, modes: ['HOME', 'COMMUNITY_VENUE'], ages: [5, 18], evidence: 'PROMISING', leadDays: 14 },
    ],
  },
  {
    name: 'Safe Harbour Children’s Service',
    kind: 'VCSE',
    charityNumber: '1140076',
    description: 'Recovery work with children and mothers after domestic abuse.',
    services: [
      { name: 'Children’s domestic abuse recovery group', description: 'A ten-week group for children and their mothers to recover together after domestic abuse.', categories: ['children-affected-by-domestic-abuse'], price: 6000, unit: 'place', modes: ['COMMUNITY_VENUE'], ages: [4, 16], capacity: 8, evidence: 'ESTABLISHED', leadDays: 21 },
      { name: 'Children’s independent domestic violence advocate', description: 'A specialist advocate for children at risk, working with schools and social care.', categories: ['children-affected-by-domestic-abuse'], price: null, modes: ['IN_SCHOOL', 'HOME'], ages: [5, 18], evidence: 'ESTABLISHED', leadDays: 7 },
    ],
  },
  {
    name: 'Little Lanterns Bereavement Care',
    kind: 'VCSE',
    charityNumber: '1119334',
    description: 'Support for children and families when someone has died.',
    services: [
      { name: '1:1 bereavement support', description: 'Six to eight sessions with a trained bereavement practitioner, at school or home.', categories: ['bereavement-support', 'counselling'], price: 4200, unit: session, modes: ['IN_SCHOOL', 'HOME'], ages: [4, 18], capacity: 6, evidence: 'ESTABLISHED', leadDays: 14 },
      { name: 'Memory days', description: 'Free family days to remember together and meet others.', categories: ['bereavement-support'], price: null, modes: ['COMMUNITY_VENUE'], ages: [4, 18], evidence: 'EMERGING' },
    ],
  },
  {
    name: 'Brighter Paths Mentoring',
    kind: 'VCSE',
    description: 'Volunteer mentors for children at the move to secondary school.',
    services: [
      { name: 'Transition mentoring', description: 'A volunteer mentor from Year 6 into Year 7, meeting weekly.', categories: ['mentoring'], price: 1500, unit: session, modes: ['IN_SCHOOL', 'COMMUNITY_VENUE'], ages: [10, 13], capacity: 12, evidence: 'PROMISING', leadDays: 21 },
      { name: 'Online peer mentoring', description: 'Moderated online mentoring with trained older students.', categories: ['mentoring', 'anxiety-and-low-mood'], price: 1000, unit: session, modes: ['ONLINE'], ages: [12, 16], capacity: 30, evidence: 'EMERGING', leadDays: 3, reviewedMonthsAgo: 7 },
    ],
  },
  {
    name: 'Parents in Partnership',
    kind: 'VCSE',
    description: 'Parent-led peer support groups across the borough.',
    services: [
      { name: 'Parent peer support groups', description: 'Weekly coffee-morning groups run by trained parent volunteers.', categories: ['parent-peer-support'], price: null, modes: ['COMMUNITY_VENUE'], ages: [0, 18], evidence: 'EMERGING' },
      { name: 'Parent champion home visits', description: 'A parent champion visits at home to help with confidence and routines.', categories: ['parent-peer-support', 'parenting-courses'], price: 2000, unit: 'visit', modes: ['HOME'], ages: [0, 11], capacity: 10, evidence: 'EMERGING', leadDays: 7 },
      { name: 'Dads’ group', description: 'A monthly group for fathers and male carers.', categories: ['parent-peer-support'], price: null, modes: ['COMMUNITY_VENUE'], ages: [0, 18], evidence: 'NONE', status: 'ARCHIVED' },
    ],
  },
  {
    name: 'Catford Park Secondary School',
    kind: 'SCHOOL',
    description: 'The school’s own offer to pupils and local families.',
    services: [
      { name: 'Nurture group', description: 'A nurture group for Year 7 and 8 pupils finding secondary school hard.', categories: ['mentoring', 'anxiety-and-low-mood'], price: null, modes: ['IN_SCHOOL'], ages: [11, 13], evidence: 'PROMISING' },
      { name: 'Breakfast club', description: 'Free breakfast and calm start to the day.', categories: ['nutrition'], price: null, modes: ['IN_SCHOOL'], ages: [11, 16], evidence: 'NONE' },
      { name: 'Summer school place', description: 'Two weeks of summer school with lessons and activities for pupils joining in Year 7.', categories: ['homework-clubs', 'sport'], price: 9000, unit: 'place', modes: ['IN_SCHOOL'], ages: [10, 12], capacity: 15, evidence: 'EMERGING', leadDays: 30 },
    ],
  },
  {
    name: 'New Cross Boxing Academy',
    kind: 'SOCIAL_ENTERPRISE',
    description: 'Boxing fitness and mentoring: discipline, respect and a safe place to be.',
    services: [
      { name: 'Boxing fitness sessions', description: 'Non-contact boxing fitness twice a week with qualified coaches.', categories: ['sport'], price: 3000, unit: 'term', modes: ['COMMUNITY_VENUE'], ages: [10, 18], capacity: 16, evidence: 'EMERGING', leadDays: 3 },
      { name: 'Fight for change mentoring', description: 'Mentoring through boxing for young people at risk of exclusion or exploitation.', categories: ['mentoring', 'sport', 'detached-youth-work'], price: 3500, unit: session, modes: ['COMMUNITY_VENUE'], ages: [11, 18], capacity: 8, evidence: 'PROMISING', leadDays: 7 },
    ],
  },
  {
    name: 'Ladywell Swim School',
    kind: 'OTHER',
    description: 'Swimming lessons for children who missed out on learning to swim.',
    services: [
      { name: 'Catch-up swimming lessons', description: 'Small-group lessons to reach 25 metres, for children who cannot yet swim.', categories: ['sport', 'active-families'], price: 1200, unit: 'lesson', modes: ['COMMUNITY_VENUE'], ages: [5, 14], capacity: 10, evidence: 'ESTABLISHED', leadDays: 7 },
      { name: 'Family swim sessions', description: 'Free family swims at weekends for families referred by a link worker.', categories: ['active-families'], price: null, modes: ['COMMUNITY_VENUE'], ages: [0, 18], evidence: 'NONE' },
    ],
  },
  {
    name: 'Kinship Carers Network',
    kind: 'VCSE',
    description: 'Support for grandparents and relatives raising children.',
    services: [
      { name: 'Kinship carer support group', description: 'Monthly groups and a helpline for kinship carers.', categories: ['parent-peer-support', 'family-key-work'], price: null, modes: ['COMMUNITY_VENUE', 'ONLINE'], ages: [0, 18], evidence: 'EMERGING' },
      { name: 'Therapeutic parenting for kinship carers', description: 'A six-session course on parenting children who have experienced trauma.', categories: ['parenting-courses'], price: 9500, unit: 'course', modes: ['COMMUNITY_VENUE', 'ONLINE'], ages: [0, 18], capacity: 12, evidence: 'PROMISING', leadDays: 21 },
    ],
  },
  {
    name: 'Reading Buddies Ravensbourne',
    kind: 'VCSE',
    description: 'Volunteer reading buddies in primary schools.',
    services: [
      { name: 'Reading buddy', description: 'A volunteer who reads with the child twice a week in school for a year.', categories: ['literacy'], price: null, modes: ['IN_SCHOOL'], ages: [5, 11], evidence: 'PROMISING', leadDays: 14 },
      { name: 'Reading recovery boost', description: 'Intensive daily reading sessions for a term with a trained tutor.', categories: ['literacy', 'one-to-one-tuition'], price: 2000, unit: session, modes: ['IN_SCHOOL'], ages: [6, 9], capacity: 6, evidence: 'ESTABLISHED', leadDays: 14 },
    ],
  },
];
