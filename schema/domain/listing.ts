import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  categories,
  districts,
  organisations,
  serviceAreas,
  serviceCategories,
  serviceContacts,
  serviceCostOptions,
  serviceDistricts,
  serviceLanguages,
  serviceLocations,
  serviceSchedules,
  services,
} from '../../drizzle/schema';
import { accessibilityEnum } from '../../drizzle/tables/enums';
import { issueMessage } from '../validation-messages';
import { ValidationError } from './errors';
import { LISTING_TEXT_LIMITS, PHONE_MESSAGE, PHONE_NUMBER } from './listing-limits';
import {
  areasKeepingIds,
  contactsKeepingIds,
  costsKeepingIds,
  languagesKeepingIds,
  type OldParts,
  readOldParts,
  schedulesKeepingIds,
  venuesKeepingIds,
} from './listing-part-ids';
import { isOneLine, oneLineMessage } from './one-line';
import { EMAIL_MESSAGE, isPublishableEmail, isPublishableWebsite, WEBSITE_MESSAGE } from './openreferral/formats';
import { canonicalText, hasLetterOrDigit } from './text';
import type { Tx } from './transaction';

// One set of rules for a listing, used when a provider creates or edits one (the GraphQL
// inputs validate with it) and by the seed. Messages are written for the provider to read.
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} must be ${max} characters or fewer`)
    .refine(hasLetterOrDigit, `Enter the ${label}`)
    .transform(canonicalText);
// A name is one line (one-line.ts): a line break in it would break a list, a CSV cell or an email.
const line = (label: string, max: number) => text(label, max).refine(isOneLine, oneLineMessage(label));
const optionalText = (label: string, max: number) =>
  z.string().trim().max(max, `The ${label} must be ${max} characters or fewer`).transform(canonicalText).nullish();
const optionalLine = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `The ${label} must be ${max} characters or fewer`)
    .refine(isOneLine, oneLineMessage(label))
    .transform(canonicalText);

/** Venues a listing may have (withCoordinates places none of a request with more). */
export const MAX_LOCATIONS = 20;

export const LocationSchema = z.object({
  name: line('location name', 120),
  address: text('address', 300),
  // Stored and published as written on letters ("SE8 2UR"), however it was typed.
  postcode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,2}\d[A-Z\d]? *\d[A-Z]{2}$/, 'Enter a real UK postcode, like SE6 4RU')
    .transform((p) => `${p.replace(/ /g, '').slice(0, -3)} ${p.slice(-3)}`),
  latitude: z
    .number()
    .min(49.8, 'Latitude must be in the UK (49.8 to 60.9)')
    .max(60.9, 'Latitude must be in the UK (49.8 to 60.9)'),
  longitude: z
    .number()
    .min(-8.7, 'Longitude must be in the UK (-8.7 to 1.8)')
    .max(1.8, 'Longitude must be in the UK (-8.7 to 1.8)'),
  accessibility: z.array(z.enum(accessibilityEnum.enumValues)).max(20).default([]),
  accessibilityNotes: z.string().trim().max(1000, 'The access notes must be 1000 characters or fewer').default(''),
});

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const time = z.string().trim().regex(TIME, 'Enter a time like 09:30 or 16:00').nullish();
const day = z.iso.date('Enter a date like 2026-09-01').nullish();

export const ScheduleSchema = z
  .object({
    days: z.array(z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'])).max(7),
    opensAt: time,
    closesAt: time,
    validFrom: day,
    validTo: day,
    description: z.string().trim().max(300, 'The description must be 300 characters or fewer').default(''),
    // The rest of an imported ORUK/iCal rule (fortnightly, monthly): the provider's form shows it
    // and sends it back as it is, so saving a claimed listing keeps it. The table's CHECKs match.
    // Absent or null (GraphQL) is the weekly default.
    freq: z
      .enum(['WEEKLY', 'MONTHLY'])
      .nullish()
      .transform((v) => v ?? 'WEEKLY'),
    interval: z
      .number()
      .int()
      .min(1, 'The interval must be 1 or more')
      .max(99, 'The interval must be 99 or less')
      .nullish()
      .transform((v) => v ?? 1),
    dtstart: day,
    byMonthDay: z
      .array(
        z
          .number()
          .int()
          .min(-31)
          .max(31)
          .refine((d) => d !== 0, 'A day of the month is 1 to 31 or -1 to -31'),
      )
      .max(31)
      .nullish()
      .transform((v) => v ?? []),
    byDayInMonth: z
      .array(z.string().regex(/^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/, 'Enter a day like 1MO or -1FR'))
      .max(35)
      .nullish()
      .transform((v) => v ?? []),
  })
  .superRefine((s, ctx) => {
    // A monthly rule may name days of the month instead, and an imported one only words (as the
    // importer keeps them: openreferral/schedules.ts).
    if (s.days.length === 0 && s.byMonthDay.length === 0 && !s.description)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Choose at least one day' });
    if (s.opensAt && s.closesAt && s.opensAt >= s.closesAt)
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'Closing time must be after opening time' });
    if (s.validFrom && s.validTo && s.validFrom > s.validTo)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'The end date must be on or after the start date' });
  });

export const LanguageSchema = z.object({
  name: line('language', 60),
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$/, 'Enter a two- or three-letter language code, like pl')
    .nullish(),
});

// Only addresses the Open Referral feed can publish validly (openreferral/formats.ts): an email
// domain like "example-.org" or a website that is not an http(s) URL is refused here, not dropped later.
const emailAddress = z
  .string()
  .trim()
  .max(254, 'Enter an email address of 254 characters or fewer')
  .refine(isPublishableEmail, EMAIL_MESSAGE)
  .nullish();
const webAddress = z
  .string()
  .trim()
  .max(300, 'Enter a web address of 300 characters or fewer')
  .refine(isPublishableWebsite, WEBSITE_MESSAGE)
  .nullish();

export const CostOptionSchema = z.object({
  amountPence: z.number().int().min(0, 'An amount cannot be negative').max(10_000_000).nullish(),
  per: z.string().trim().max(60, 'Say what it is for in 60 characters or fewer').default(''),
  conditions: z.string().trim().max(500, 'The conditions must be 500 characters or fewer').default(''),
});

const phone = z.string().trim().regex(PHONE_NUMBER, PHONE_MESSAGE);
export const ContactSchema = z.object({
  name: optionalLine('contact’s name', 120).default(''),
  title: optionalLine('contact’s job title', 120).default(''),
  email: emailAddress,
  phones: z
    .array(z.object({ number: phone, description: z.string().trim().max(120).default('') }))
    .max(10)
    .default([]),
});

const AREA_URI_MESSAGE = 'Enter the area’s web address, starting http:// or https://';
export const ServiceAreaSchema = z.object({
  name: line('area name', 120),
  description: z.string().trim().max(500).default(''),
  // An imported area's shape and link, which the form does not edit but sends back as they were.
  extent: z.string().max(1_000_000).nullish(),
  extentType: z.string().trim().max(60).nullish(),
  // Shown as a link by whoever reads the feed: a web address only (an ONS area's is http://), never javascript:.
  uri: z.string().trim().max(300).refine(isPublishableWebsite, AREA_URI_MESSAGE).nullish(),
  serviceArea: z.string().trim().max(120).nullish(),
});

export const ListingSchema = z
  .object({
    name: line('service name', LISTING_TEXT_LIMITS.name),
    description: text('description', LISTING_TEXT_LIMITS.description),
    eligibility: optionalText('eligibility', LISTING_TEXT_LIMITS.eligibility),
    categoryIds: z
      .array(z.number().int())
      .min(1, 'Choose at least one category')
      .max(10, 'Choose at most 10 categories'),
    // 0 to 120, as imports keep them (from-oruk.ts): an imported adult service stays editable.
    minAge: z.number().int().min(0, 'Minimum age must be 0 or more').max(120, 'Minimum age must be 120 or less'),
    maxAge: z.number().int().min(0, 'Maximum age must be 0 or more').max(120, 'Maximum age must be 120 or less'),
    // A way or a language given twice is one (the listing would show it twice).
    deliveryModes: z
      .array(z.enum(['IN_SCHOOL', 'COMMUNITY_VENUE', 'HOME', 'ONLINE']))
      .min(1, 'Choose at least one way the service is delivered')
      .transform((modes) => [...new Set(modes)]),
    unitPricePence: z
      .number()
      .int()
      .min(1, 'Price must be at least 1p, or leave it empty for a free service')
      .max(1_000_000, 'Price must be £10,000 or less')
      .nullish(),
    unitName: optionalText('unit name', 40),
    commissionable: z.boolean(),
    capacity: z
      .number()
      .int()
      .min(0, 'Capacity cannot be negative')
      .max(10_000, 'Capacity must be 10,000 or less')
      .nullish(),
    evidenceLevel: z.enum(['NONE', 'EMERGING', 'PROMISING', 'ESTABLISHED', 'PROVEN']),
    referralLeadTimeDays: z
      .number()
      .int()
      .min(0, 'Lead time cannot be negative')
      .max(365, 'Lead time must be a year or less')
      .nullish(),
    /** Families can refer themselves; null when the listing does not say. */
    selfReferral: z.boolean().nullish(),
    contactName: optionalLine('contact name', 120).nullish(),
    contactEmail: emailAddress,
    contactPhone: phone.nullish().or(z.literal('')),
    website: webAddress,
    locations: z.array(LocationSchema).max(MAX_LOCATIONS, `At most ${MAX_LOCATIONS} locations`),
    districtIds: z.array(z.number().int()).max(50),
    schedules: z.array(ScheduleSchema).max(30, 'At most 30 opening times').default([]),
    languages: z
      .array(LanguageSchema)
      .max(30, 'At most 30 languages')
      .default([])
      .transform((list) => [...new Map(list.map((l) => [l.code ?? l.name.toLowerCase(), l])).values()]),
    costOptions: z.array(CostOptionSchema).max(20, 'At most 20 cost options').default([]),
    contacts: z.array(ContactSchema).max(20, 'At most 20 contacts').default([]),
    serviceAreas: z.array(ServiceAreaSchema).max(50, 'At most 50 areas').default([]),
  })
  .superRefine(
    (l, ctx) => {
      // Run even when a field failed to parse (`when` below), so one answer lists every problem: each
      // rule checks the types it compares, as a value that failed is left as it was sent.
      if (typeof l.minAge === 'number' && typeof l.maxAge === 'number' && l.minAge > l.maxAge)
        ctx.addIssue({
          code: 'custom',
          path: ['maxAge'],
          message: 'Maximum age must be the same as or more than the minimum age',
        });
      if (typeof l.unitPricePence === 'number' && !(typeof l.unitName === 'string' && l.unitName.trim()))
        ctx.addIssue({
          code: 'custom',
          path: ['unitName'],
          message: 'Say what the price is for, like session or term',
        });
      if (l.commissionable === true && l.unitPricePence == null)
        ctx.addIssue({
          code: 'custom',
          path: ['unitPricePence'],
          message: 'A service commissioned through the portal needs a price',
        });
      const modes: unknown[] = Array.isArray(l.deliveryModes) ? l.deliveryModes : [];
      if (
        Array.isArray(l.locations) &&
        l.locations.length === 0 &&
        !modes.includes('ONLINE') &&
        !modes.includes('HOME') &&
        !modes.includes('IN_SCHOOL')
      ) {
        ctx.addIssue({ code: 'custom', path: ['locations'], message: 'Add the address of the venue' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

export type Listing = z.infer<typeof ListingSchema>;

/** Validates a whole listing; failures become one ValidationError listing every field. */
export function parseListing(input: unknown): Listing {
  const parsed = ListingSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fieldErrors = parsed.error.issues.map((i) => ({
    path: ['input', ...i.path.map(String)],
    message: issueMessage(i),
  }));
  throw new ValidationError(fieldErrors[0]?.message ?? 'Check the listing', fieldErrors);
}

/** Keeps the denormalised organisation, category and taxonomy term names the search vector reads. */
export async function refreshSearchTerms(tx: Tx, serviceIds: number[]) {
  if (serviceIds.length === 0) return;
  await tx
    .update(services)
    .set({
      searchTerms: sql`(select ${organisations.name} from ${organisations} where ${organisations.id} = ${services.organisationId})
        || ' ' || coalesce((select string_agg(c."name" || ' ' || coalesce(p."name", ''), ' ')
          from "service_categories" sc join "categories" c on c."id" = sc."categoryId"
          left join "categories" p on p."id" = c."parentId" where sc."serviceId" = ${services.id}), '')
        || ' ' || coalesce((select string_agg(t."name", ' ')
          from "service_attributes" sa join "taxonomy_terms" t on t."id" = sa."taxonomyTermId"
          where sa."serviceId" = ${services.id}), '')`,
    })
    .where(inArray(services.id, serviceIds));
}

/** Writes a validated listing's rows (the listing, categories, locations, districts). */
export async function saveListing(
  tx: Tx,
  owner: { zoneId: number; organisationId: number },
  listing: Listing,
  existingId?: number,
  extra: { status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'; lastReviewedAt?: string } = {},
): Promise<number> {
  const knownCategories = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(inArray(categories.id, listing.categoryIds));
  if (knownCategories.length !== new Set(listing.categoryIds).size) {
    throw ValidationError.field(['input', 'categoryIds'], 'Choose categories from the list');
  }
  if (listing.districtIds.length) {
    const known = await tx
      .select({ id: districts.id })
      .from(districts)
      .where(and(inArray(districts.id, listing.districtIds), eq(districts.zoneId, owner.zoneId)));
    if (known.length !== new Set(listing.districtIds).size)
      throw ValidationError.field(['input', 'districtIds'], 'Choose districts from the list');
  }
  const {
    categoryIds,
    locations,
    districtIds,
    schedules,
    languages,
    costOptions,
    contacts,
    serviceAreas: areas,
    ...columns
  } = listing;
  const values = {
    ...columns,
    eligibility: columns.eligibility ?? '',
    contactEmail: columns.contactEmail || null,
    contactPhone: columns.contactPhone || null,
    selfReferral: columns.selfReferral ?? null,
    website: columns.website || null,
    unitName: columns.unitPricePence == null ? null : columns.unitName,
    ...extra,
    updatedAt: new Date(),
  };
  let id = existingId;
  let old: OldParts | undefined;
  if (id == null) {
    const [row] = await tx
      .insert(services)
      .values({ ...values, ...owner })
      .returning({ id: services.id });
    id = row!.id;
  } else {
    await tx.update(services).set(values).where(eq(services.id, id));
    old = await readOldParts(tx, id);
    await tx.delete(serviceCategories).where(eq(serviceCategories.serviceId, id));
    await tx.delete(serviceLocations).where(eq(serviceLocations.serviceId, id));
    await tx.delete(serviceDistricts).where(eq(serviceDistricts.serviceId, id));
    for (const table of [serviceSchedules, serviceLanguages, serviceCostOptions, serviceContacts, serviceAreas]) {
      await tx.delete(table).where(eq(table.serviceId, id));
    }
  }
  const serviceId = id;
  await tx.insert(serviceCategories).values([...new Set(categoryIds)].map((categoryId) => ({ serviceId, categoryId })));
  if (locations.length)
    await tx
      .insert(serviceLocations)
      .values(venuesKeepingIds(old?.locations, locations).map((l) => ({ ...l, serviceId })));
  if (districtIds.length) {
    await tx
      .insert(serviceDistricts)
      .values([...new Set(districtIds)].map((districtId) => ({ serviceId, districtId })));
  }
  await saveDetails(tx, serviceId, { schedules, languages, costOptions, contacts, serviceAreas: areas }, old);
  await refreshSearchTerms(tx, [serviceId]);
  return serviceId;
}

type Details = Pick<Listing, 'schedules' | 'languages' | 'costOptions' | 'contacts' | 'serviceAreas'>;

/** Inserts a listing's opening times, languages, cost options, contacts and areas. */
async function saveDetails(tx: Tx, serviceId: number, d: Details, old?: OldParts) {
  if (d.schedules.length) {
    await tx.insert(serviceSchedules).values(
      schedulesKeepingIds(old?.schedules, d.schedules).map(({ days, ...s }) => ({
        ...s,
        byDay: [...new Set(days)],
        opensAt: s.opensAt ?? null,
        closesAt: s.closesAt ?? null,
        validFrom: s.validFrom ?? null,
        validTo: s.validTo ?? null,
        dtstart: s.dtstart ?? null,
        serviceId,
      })),
    );
  }
  if (d.languages.length)
    await tx
      .insert(serviceLanguages)
      .values(languagesKeepingIds(old?.languages, d.languages).map((l) => ({ ...l, serviceId })));
  if (d.costOptions.length)
    await tx
      .insert(serviceCostOptions)
      .values(costsKeepingIds(old?.costOptions, d.costOptions).map((c) => ({ ...c, serviceId })));
  if (d.contacts.length) {
    await tx
      .insert(serviceContacts)
      .values(contactsKeepingIds(old?.contacts, d.contacts).map((c) => ({ ...c, email: c.email || null, serviceId })));
  }
  if (d.serviceAreas.length)
    await tx.insert(serviceAreas).values(
      areasKeepingIds(old?.areas, d.serviceAreas).map((a) => ({
        ...a,
        extent: a.extent ?? null,
        extentType: a.extentType ?? null,
        uri: a.uri ?? null,
        serviceArea: a.serviceArea ?? null,
        serviceId,
      })),
    );
}
