import { createHash } from 'node:crypto';
import { seededRandom } from '../../server/seed/random';

// A generated Open Referral UK v3 feed (full services, as /services?full_service pages carry
// them) with deliberately broken records, for import tests and the import benchmark.

const uuidOf = (...parts: (string | number)[]) => {
  const h = createHash('md5').update(parts.join(':')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export const ESD_TAXONOMY = { id: uuidOf('esd-taxonomy'), name: 'esdServiceTypes' };

export type BrokenKind = 'schema' | 'organisation' | 'duplicate';
export type GeneratedFeed = {
  services: Record<string, unknown>[];
  /** The broken records' ids (null when the record has no usable id) and what is wrong. */
  broken: { id: string | null; kind: BrokenKind }[];
  goodIds: string[];
  /** Good records naming a taxonomy term by id only that no one knows: imported without it, noted. */
  unknownTerms: { id: string; term: string }[];
};

/** `count` records; every `brokenEvery`-th is broken (or, for 'taxonomy', names an unknown term),
 * cycling through the kinds of breakage. */
export function generateFeed(count: number, options: { seed?: number; brokenEvery?: number; prefix?: string } = {}) {
  const r = seededRandom(options.seed ?? 11);
  const prefix = options.prefix ?? 'feed';
  const brokenEvery = options.brokenEvery ?? 50;
  const kinds = ['schema', 'taxonomy', 'organisation', 'duplicate'] as const;
  const services: Record<string, unknown>[] = [];
  const broken: GeneratedFeed['broken'] = [];
  const goodIds: string[] = [];
  const unknownTerms: GeneratedFeed['unknownTerms'] = [];
  for (let i = 0; i < count; i++) {
    const id = uuidOf(prefix, 'service', i);
    const orgNo = i % 150;
    const orgId = uuidOf(prefix, 'org', orgNo);
    const locId = uuidOf(prefix, 'location', i);
    const term = r.int(1, 40);
    const service: Record<string, unknown> = {
      id,
      organization_id: orgId,
      name: `${r.pick(['Family', 'Youth', 'Parent', 'Carers'])} ${r.pick(['support', 'club', 'group', 'advice'])} ${i}`,
      description: `Generated service number ${i}.`,
      url: `https://example.org/${prefix}/${i}`,
      email: `s${i}@example.org`,
      status: r.next() < 0.9 ? 'active' : 'inactive',
      minimum_age: r.int(0, 10),
      maximum_age: r.int(11, 19),
      last_modified: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      organization: {
        id: orgId,
        name: `Generated organisation ${orgNo}`,
        description: `Organisation ${orgNo} of the ${prefix} feed`,
        website: `https://org${orgNo}.example.org`,
      },
      schedules: [
        {
          id: uuidOf(prefix, 'schedule', i),
          service_id: id,
          freq: 'WEEKLY',
          byday: r.pick(['MO', 'TU,TH', 'SA', 'SA,SU', 'FR']),
          opens_at: `${String(r.int(8, 15)).padStart(2, '0')}:00`,
          closes_at: `${String(r.int(16, 20)).padStart(2, '0')}:30`,
        },
      ],
      languages: [{ id: uuidOf(prefix, 'language', i), service_id: id, name: r.pick(['English', 'Polish', 'Urdu']) }],
      cost_options:
        r.next() < 0.5 ? [{ id: uuidOf(prefix, 'cost', i), amount: 2.5, amount_description: 'per session' }] : [],
      contacts: [
        {
          id: uuidOf(prefix, 'contact', i),
          name: 'Front desk',
          phones: [{ id: uuidOf(prefix, 'phone', i), number: '020 7946 0000' }],
        },
      ],
      service_areas: [{ id: uuidOf(prefix, 'area', i), name: r.pick(['Lewisham', 'Camden']) }],
      service_at_locations: [
        {
          id: uuidOf(prefix, 'sal', i),
          service_id: id,
          location_id: locId,
          location: {
            id: locId,
            location_type: 'physical',
            name: `Centre ${i}`,
            latitude: 51.4 + r.next() / 10,
            longitude: -0.1 + r.next() / 10,
            addresses: [
              {
                id: uuidOf(prefix, 'address', i),
                address_1: `${i} High Street`,
                city: 'London',
                state_province: '',
                postal_code: 'SE6 4RU',
                country: 'GB',
                address_type: 'physical',
              },
            ],
            accessibility:
              r.next() < 0.5 ? [{ id: uuidOf(prefix, 'access', i), description: 'Wheelchair accessible' }] : [],
          },
        },
      ],
      attributes: [
        {
          id: uuidOf(prefix, 'attribute', i),
          link_id: id,
          link_type: 'service',
          taxonomy_term_id: uuidOf('esd-term', term),
          taxonomy_term: {
            id: uuidOf('esd-term', term),
            name: `esd term ${term}`,
            description: `Service type ${term}`,
            taxonomy: ESD_TAXONOMY.name,
            taxonomy_id: ESD_TAXONOMY.id,
            term: String(term),
          },
        },
      ],
    };
    if (i % brokenEvery === brokenEvery - 1) {
      const kind = kinds[Math.floor(i / brokenEvery) % kinds.length]!;
      if (kind === 'schema') {
        service.status = 'open for business';
        delete service.name;
        broken.push({ id, kind });
      } else if (kind === 'taxonomy') {
        service.attributes = [{ id: uuidOf(prefix, 'bad-attr', i), taxonomy_term_id: uuidOf('nowhere', i) }];
        goodIds.push(id);
        unknownTerms.push({ id, term: uuidOf('nowhere', i) });
      } else if (kind === 'organisation') {
        service.organization_id = uuidOf(prefix, 'missing-org', i);
        delete service.organization;
        broken.push({ id, kind });
      } else {
        // A second record with an id already used earlier in the feed.
        service.id = services[0]!.id;
        broken.push({ id: services[0]!.id as string, kind });
      }
    } else goodIds.push(id);
    services.push(service);
  }
  return { services, broken, goodIds, unknownTerms } satisfies GeneratedFeed;
}
