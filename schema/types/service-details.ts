import { eq } from 'drizzle-orm';
import { accessibilityEnum, services } from '../../drizzle/schema';
import { builder } from '../builder';
import { canSeeService } from '../domain/access';
import { nodeVisibility } from '../node-access';

// The parts of a listing other directories' data carries (Open Referral UK): opening times,
// languages, cost options, contacts, areas served, terms of other taxonomies.
export const Weekday = builder.enumType('Weekday', {
  description: 'A day of the week, as iCalendar codes (MO is Monday)',
  values: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const,
});
export const AccessibilityFeature = builder.enumType('AccessibilityFeature', {
  values: accessibilityEnum.enumValues,
});

export const ScheduleFrequency = builder.enumType('ScheduleFrequency', {
  description: 'How often a schedule repeats (iCalendar FREQ), every `interval` weeks or months',
  values: ['WEEKLY', 'MONTHLY'] as const,
});

const hhmm = (value: string | null) => (value == null ? null : value.slice(0, 5));

// An opening is seen by whoever sees its listing. Asked only by node(id): a listing's own
// openings are reached through the listing, already checked, so search results pay nothing for it.
nodeVisibility('Schedule', async (s: { serviceId: number }, ctx) => {
  const [listing] = await ctx.db
    .select({ zoneId: services.zoneId, organisationId: services.organisationId, status: services.status })
    .from(services)
    .where(eq(services.id, s.serviceId));
  return !!listing && canSeeService(ctx, listing);
});

export const Schedule = builder.drizzleNode('serviceSchedules', {
  name: 'Schedule',
  description: 'A regular weekly opening',
  id: { column: (s) => s.id },
  select: { columns: { byDay: true, opensAt: true, closesAt: true, freq: true, serviceId: true } },
  fields: (t) => ({
    uuid: t.exposeString('uuid', { description: 'Stable public id (the Open Referral id)' }),
    days: t.field({ type: [Weekday], resolve: (s) => s.byDay as ('MO' | 'TU')[] }),
    opensAt: t.string({ nullable: true, description: 'HH:MM', resolve: (s) => hhmm(s.opensAt) }),
    closesAt: t.string({ nullable: true, description: 'HH:MM', resolve: (s) => hhmm(s.closesAt) }),
    validFrom: t.expose('validFrom', { type: 'Date', nullable: true }),
    validTo: t.expose('validTo', { type: 'Date', nullable: true }),
    description: t.exposeString('description'),
    // An imported rule (fortnightly, monthly) the provider's form keeps as it is.
    freq: t.field({ type: ScheduleFrequency, resolve: (s) => s.freq as 'WEEKLY' | 'MONTHLY' }),
    interval: t.exposeInt('interval'),
    dtstart: t.expose('dtstart', { type: 'Date', nullable: true, description: 'The date the rule counts from' }),
    byMonthDay: t.exposeIntList('byMonthDay', { description: 'Days of the month, -1 the last' }),
    byDayInMonth: t.exposeStringList('byDayInMonth', {
      description: "Days with their place in the month: '1MO', '-1FR'",
    }),
  }),
});

export const Language = builder.drizzleObject('serviceLanguages', {
  name: 'Language',
  fields: (t) => ({
    name: t.exposeString('name'),
    code: t.exposeString('code', { nullable: true, description: 'ISO 639-1, e.g. pl' }),
  }),
});

export const CostOption = builder.drizzleObject('serviceCostOptions', {
  name: 'CostOption',
  fields: (t) => ({
    amountPence: t.expose('amountPence', { type: 'SafeInt', nullable: true }),
    per: t.exposeString('per', { description: 'What the amount is for, e.g. per session' }),
    conditions: t.exposeString('conditions'),
  }),
});

export const Phone = builder.objectRef<{ number: string; description: string }>('Phone').implement({
  fields: (t) => ({ number: t.exposeString('number'), description: t.exposeString('description') }),
});

export const Contact = builder.drizzleObject('serviceContacts', {
  name: 'Contact',
  fields: (t) => ({
    name: t.exposeString('name'),
    title: t.exposeString('title'),
    email: t.exposeString('email', { nullable: true }),
    phones: t.field({ type: [Phone], resolve: (c) => c.phones }),
  }),
});

export const ServiceArea = builder.drizzleObject('serviceAreas', {
  name: 'ServiceArea',
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    extent: t.exposeString('extent', { nullable: true, description: 'A GeoJSON or WKT shape, as imported' }),
    extentType: t.exposeString('extentType', { nullable: true }),
    uri: t.exposeString('uri', { nullable: true }),
    serviceArea: t.exposeString('serviceArea', {
      nullable: true,
      description: "The feed's service_area, when not the name",
    }),
  }),
});

// National reference data shared by every zone, like the categories: anyone may read a term.
nodeVisibility('TaxonomyTerm', () => true);

export const TaxonomyTerm = builder.drizzleNode('taxonomyTerms', {
  name: 'TaxonomyTerm',
  description: 'A term of another taxonomy (e.g. the LGA/esd service list) a listing is tagged with',
  id: { column: (term) => term.id },
  fields: (t) => ({
    uuid: t.exposeString('uuid', { description: 'Stable public id (the Open Referral id)' }),
    code: t.exposeString('code', { nullable: true }),
    name: t.exposeString('name'),
    taxonomy: t.string({
      select: { with: { taxonomy: { columns: { name: true } } } },
      resolve: (term) => term.taxonomy.name,
    }),
  }),
});
