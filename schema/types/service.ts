import { builder } from '../builder';
import { canSeeService } from '../domain/access';
import { placesLeft } from '../domain/capacity';
import { notEndedSql } from '../domain/opening-dates';
import { NO_LOCATION_KM } from '../domain/search';
import { isStale } from '../domain/staleness';
import { londonDate } from '../domain/working-days';
import { nodeVisibility } from '../node-access';
import { DeliveryMode, EvidenceLevel, ServiceStatus } from './enums';
import { AccessibilityFeature } from './service-details';

type ServiceRow = { zoneId: number; organisationId: number; status: string };
const visible = nodeVisibility('Service', (s: ServiceRow, ctx) => canSeeService(ctx, s));

export const Location = builder.drizzleObject('serviceLocations', {
  name: 'Location',
  fields: (t) => ({
    name: t.exposeString('name'),
    address: t.exposeString('address'),
    postcode: t.exposeString('postcode'),
    latitude: t.exposeFloat('latitude'),
    longitude: t.exposeFloat('longitude'),
    accessibility: t.expose('accessibility', { type: [AccessibilityFeature] }),
    accessibilityNotes: t.exposeString('accessibilityNotes'),
  }),
});

export const Service = builder.drizzleNode('services', {
  name: 'Service',
  id: { column: (s) => s.id },
  select: { columns: { zoneId: true, organisationId: true, status: true } },
  authScopes: (s, ctx) => visible(s, ctx),
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    eligibility: t.exposeString('eligibility'),
    status: t.expose('status', { type: ServiceStatus }),
    organisation: t.relation('organisation'),
    categories: t.relation('categories', { query: { orderBy: { position: 'asc', name: 'asc', slug: 'asc' } } }),
    districts: t.relation('districts', { query: { orderBy: { name: 'asc' } } }),
    locations: t.relation('locations', { query: { orderBy: { id: 'asc' } } }),
    uuid: t.exposeString('uuid', { description: 'Stable public id (the Open Referral id)' }),
    lastModified: t.expose('updatedAt', { type: 'DateTime' }),
    schedules: t.relation('schedules', {
      args: {
        includeEnded: t.arg.boolean({
          required: true,
          defaultValue: true,
          description: 'false leaves out openings whose validTo has passed (London date): they are not current',
        }),
      },
      query: (args, ctx) => ({
        ...(args.includeEnded ? {} : { where: { RAW: (s) => notEndedSql(s.validTo, londonDate(ctx.now())) } }),
        orderBy: { id: 'asc' },
      }),
    }),
    languages: t.relation('languages', { query: { orderBy: { id: 'asc' } } }),
    costOptions: t.relation('costOptions', { query: { orderBy: { id: 'asc' } } }),
    contacts: t.relation('contacts', { query: { orderBy: { id: 'asc' } } }),
    serviceAreas: t.relation('serviceAreas', { query: { orderBy: { id: 'asc' } } }),
    attributes: t.relation('attributes', { query: { orderBy: { name: 'asc', id: 'asc' } } }),
    importedFrom: t.string({
      nullable: true,
      description:
        'The feed this listing is imported from: its URL, or file:NAME for a loaded file (null for a local listing)',
      select: { with: { source: { columns: { location: true } } } },
      // A file's folder is the server's business, not the reader's: only its name is shown.
      resolve: (s) => s.source?.location.replace(/^file:.*[\\/]/, 'file:') ?? null,
    }),
    claimed: t.exposeBoolean('claimed', {
      description: 'Imported, then taken over by the partnership: edited here, left alone by imports',
    }),
    minAge: t.exposeInt('minAge'),
    maxAge: t.exposeInt('maxAge'),
    deliveryModes: t.expose('deliveryModes', { type: [DeliveryMode] }),
    unitPricePence: t.expose('unitPricePence', {
      type: 'SafeInt',
      nullable: true,
      description: 'Null when the partnership pays nothing a unit (families may still pay: costOptions)',
    }),
    unitName: t.exposeString('unitName', { nullable: true }),
    commissionable: t.exposeBoolean('commissionable'),
    capacity: t.exposeInt('capacity', {
      nullable: true,
      description: 'Places the listing offers at once; null means no stated limit',
    }),
    placesLeft: t.int({
      nullable: true,
      description: 'Places free now (each accepted commission holds one); null means no stated limit',
      select: { columns: { capacity: true, placesTaken: true } },
      resolve: (s) => placesLeft(s),
    }),
    isFull: t.boolean({
      description: 'No place is free: it can still be requested, but the provider cannot accept until one frees',
      select: { columns: { capacity: true, placesTaken: true } },
      resolve: (s) => placesLeft(s) === 0,
    }),
    evidenceLevel: t.expose('evidenceLevel', { type: EvidenceLevel }),
    referralLeadTimeDays: t.exposeInt('referralLeadTimeDays', { nullable: true }),
    selfReferral: t.exposeBoolean('selfReferral', {
      nullable: true,
      description: 'Families can refer themselves; null when the listing does not say',
    }),
    contactName: t.exposeString('contactName', { nullable: true }),
    contactEmail: t.exposeString('contactEmail', { nullable: true }),
    contactPhone: t.exposeString('contactPhone', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    lastReviewedAt: t.expose('lastReviewedAt', { type: 'DateTime' }),
    stale: t.boolean({
      description: 'Not reviewed by its provider for six months',
      select: { columns: { lastReviewedAt: true } },
      resolve: (s, _args, ctx) => isStale(s.lastReviewedAt, ctx.now()),
    }),
    distanceKm: t.float({
      nullable: true,
      description: 'Distance to the nearest location, when the search gave a point (null when it has no location)',
      select: { columns: {} },
      resolve: (s) => {
        const d = (s as { distanceKm?: number | null }).distanceKm;
        return d == null || d >= NO_LOCATION_KM ? null : Math.round(d * 100) / 100;
      },
    }),
  }),
});
