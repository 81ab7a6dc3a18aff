// The shared two-level taxonomy, seeded in every deployment (not only the demo).
export const TAXONOMY: { slug: string; name: string; children: [slug: string, name: string][] }[] = [
  {
    slug: 'emotional-wellbeing',
    name: 'Emotional wellbeing and mental health',
    children: [
      ['counselling', 'Counselling'],
      ['play-therapy', 'Play therapy'],
      ['anxiety-and-low-mood', 'Anxiety and low mood'],
      ['mentoring', 'Mentoring'],
    ],
  },
  {
    slug: 'family-support',
    name: 'Family support',
    children: [
      ['family-therapy', 'Family therapy'],
      ['family-key-work', 'Family key work'],
      ['young-carers', 'Young carers'],
    ],
  },
  {
    slug: 'parenting',
    name: 'Parenting',
    children: [
      ['parenting-courses', 'Parenting courses'],
      ['parent-peer-support', 'Parent peer support'],
    ],
  },
  {
    slug: 'learning',
    name: 'Learning',
    children: [
      ['one-to-one-tuition', '1:1 tuition'],
      ['literacy', 'Literacy'],
      ['homework-clubs', 'Homework clubs'],
    ],
  },
  {
    slug: 'positive-activities',
    name: 'Positive activities',
    children: [
      ['sport', 'Sport'],
      ['arts', 'Arts'],
      ['circus', 'Circus'],
      ['music', 'Music'],
      ['outdoor-learning', 'Outdoor learning'],
    ],
  },
  {
    slug: 'speech-and-language',
    name: 'Speech and language',
    children: [
      ['speech-therapy', 'Speech and language therapy'],
      ['communication-groups', 'Communication groups'],
    ],
  },
  {
    slug: 'send',
    name: 'Special educational needs and disabilities (SEND)',
    children: [
      ['send-advice', 'SEND advice and advocacy'],
      ['sensory-and-autism-support', 'Sensory and autism support'],
    ],
  },
  {
    slug: 'youth-work',
    name: 'Youth work',
    children: [
      ['youth-clubs', 'Youth clubs'],
      ['detached-youth-work', 'Detached youth work'],
    ],
  },
  {
    slug: 'healthy-weight',
    name: 'Healthy weight',
    children: [
      ['nutrition', 'Nutrition and cooking'],
      ['active-families', 'Active families'],
    ],
  },
  {
    slug: 'substance-misuse',
    name: 'Substance misuse',
    children: [['young-peoples-substance-support', 'Young people’s substance support']],
  },
  {
    slug: 'domestic-abuse',
    name: 'Domestic abuse',
    children: [['children-affected-by-domestic-abuse', 'Children affected by domestic abuse']],
  },
  { slug: 'bereavement', name: 'Bereavement', children: [['bereavement-support', 'Bereavement support']] },
];
