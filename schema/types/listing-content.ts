import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder';
import type { Listing } from '../domain/listing';
import { DeliveryMode, EvidenceLevel } from './enums';
import { versionOf } from './revision-versions';
import { AccessibilityFeature, Phone, ScheduleFrequency, Weekday } from './service-details';
import { ServiceRevision } from './service-revision';

// A version's whole content, in the shape of the Service fields the provider's form reads, so the
// form can start from changes still waiting for approval (audit of issue 14, point 7). Stored
// versions were valid when written; parts added since may be missing, hence the defaults.

type Sched = Listing['schedules'][number];
type Part<K extends 'locations' | 'languages' | 'costOptions' | 'contacts' | 'serviceAreas'> = Listing[K][number];

const str = <T>(k: keyof T & string) => ({ resolve: (v: T) => String(v[k] ?? '') });
const opt = <T>(k: keyof T & string) => ({
  nullable: true as const,
  resolve: (v: T) => (v[k] ?? null) as string | null,
});

const ListingLocation = builder.objectRef<Part<'locations'>>('ListingLocation').implement({
  fields: (t) => ({
    name: t.string(str('name')),
    address: t.string(str('address')),
    postcode: t.string(str('postcode')),
    accessibility: t.field({ type: [AccessibilityFeature], resolve: (l) => l.accessibility ?? [] }),
    accessibilityNotes: t.string(str('accessibilityNotes')),
  }),
});
const ListingLanguage = builder.objectRef<Part<'languages'>>('ListingLanguage').implement({
  fields: (t) => ({ name: t.string(str('name')), code: t.string(opt('code')) }),
});
const ListingCostOption = builder.objectRef<Part<'costOptions'>>('ListingCostOption').implement({
  fields: (t) => ({
    amountPence: t.field({ type: 'SafeInt', nullable: true, resolve: (c) => c.amountPence ?? null }),
    per: t.string(str('per')),
    conditions: t.string(str('conditions')),
  }),
});
const ListingContact = builder.objectRef<Part<'contacts'>>('ListingContact').implement({
  fields: (t) => ({
    name: t.string(str('name')),
    title: t.string(str('title')),
    email: t.string(opt('email')),
    phones: t.field({
      type: [Phone],
      resolve: (c) => (c.phones ?? []).map((p) => ({ number: p.number, description: p.description ?? '' })),
    }),
  }),
});
const ListingServiceArea = builder.objectRef<Part<'serviceAreas'>>('ListingServiceArea').implement({
  fields: (t) => ({
    name: t.string(str('name')),
    description: t.string(str('description')),
    extent: t.string(opt('extent')),
    extentType: t.string(opt('extentType')),
    uri: t.string(opt('uri')),
    serviceArea: t.string(opt('serviceArea')),
  }),
});

const ListingSchedule = builder.objectRef<Sched>('ListingSchedule').implement({
  description: 'An opening of a listing version (as Schedule, without ids)',
  fields: (t) => ({
    days: t.field({ type: [Weekday], resolve: (s) => (s.days ?? []) as ('MO' | 'TU')[] }),
    opensAt: t.string({ nullable: true, resolve: (s) => s.opensAt ?? null }),
    closesAt: t.string({ nullable: true, resolve: (s) => s.closesAt ?? null }),
    validFrom: t.field({ type: 'Date', nullable: true, resolve: (s) => s.validFrom ?? null }),
    validTo: t.field({ type: 'Date', nullable: true, resolve: (s) => s.validTo ?? null }),
    description: t.string({ resolve: (s) => s.description ?? '' }),
    freq: t.field({ type: ScheduleFrequency, resolve: (s) => (s.freq ?? 'WEEKLY') as 'WEEKLY' }),
    interval: t.int({ resolve: (s) => s.interval ?? 1 }),
    dtstart: t.field({ type: 'Date', nullable: true, resolve: (s) => s.dtstart ?? null }),
    byMonthDay: t.intList({ resolve: (s) => s.byMonthDay ?? [] }),
    byDayInMonth: t.stringList({ resolve: (s) => s.byDayInMonth ?? [] }),
  }),
});

const ListingContent = builder.objectRef<Listing>('ListingContent').implement({
  description: 'A listing as a version has it, field by field',
  fields: (t) => ({
    name: t.string({ resolve: (l) => l.name }),
    description: t.string({ resolve: (l) => l.description }),
    eligibility: t.string({ resolve: (l) => l.eligibility ?? '' }),
    categoryIds: t.idList({ resolve: (l) => l.categoryIds.map((id) => encodeGlobalID('Category', id)) }),
    minAge: t.int({ resolve: (l) => l.minAge }),
    maxAge: t.int({ resolve: (l) => l.maxAge }),
    deliveryModes: t.field({ type: [DeliveryMode], resolve: (l) => l.deliveryModes }),
    unitPricePence: t.field({ type: 'SafeInt', nullable: true, resolve: (l) => l.unitPricePence ?? null }),
    unitName: t.string({ nullable: true, resolve: (l) => l.unitName ?? null }),
    commissionable: t.boolean({ resolve: (l) => !!l.commissionable }),
    capacity: t.int({ nullable: true, resolve: (l) => l.capacity ?? null }),
    evidenceLevel: t.field({ type: EvidenceLevel, resolve: (l) => l.evidenceLevel ?? 'NONE' }),
    referralLeadTimeDays: t.int({ nullable: true, resolve: (l) => l.referralLeadTimeDays ?? null }),
    selfReferral: t.boolean({ nullable: true, resolve: (l) => l.selfReferral ?? null }),
    contactName: t.string({ nullable: true, resolve: (l) => l.contactName ?? null }),
    contactEmail: t.string({ nullable: true, resolve: (l) => l.contactEmail ?? null }),
    contactPhone: t.string({ nullable: true, resolve: (l) => l.contactPhone ?? null }),
    website: t.string({ nullable: true, resolve: (l) => l.website ?? null }),
    locations: t.field({ type: [ListingLocation], resolve: (l) => l.locations ?? [] }),
    schedules: t.field({ type: [ListingSchedule], resolve: (l) => l.schedules ?? [] }),
    languages: t.field({ type: [ListingLanguage], resolve: (l) => l.languages ?? [] }),
    costOptions: t.field({ type: [ListingCostOption], resolve: (l) => l.costOptions ?? [] }),
    contacts: t.field({ type: [ListingContact], resolve: (l) => l.contacts ?? [] }),
    serviceAreas: t.field({ type: [ListingServiceArea], resolve: (l) => l.serviceAreas ?? [] }),
  }),
});

builder.objectField(ServiceRevision, 'content', (t) =>
  t.field({
    type: ListingContent,
    description: 'The whole listing as this version has it (for a pending one: what approval would make live)',
    resolve: async (r, _args, ctx) => (await versionOf(r, ctx)).after,
  }),
);
