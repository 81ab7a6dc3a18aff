import { builder } from '../builder';
import { AccessibilityFeature, ScheduleFrequency, Weekday } from './service-details';

// Inputs of a listing's parts, used by createService and updateService.
export const LocationInput = builder.inputType('LocationInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    address: t.string({ required: true }),
    postcode: t.string({ required: true }),
    latitude: t.float({ description: 'Omit both coordinates to take them from the postcode' }),
    longitude: t.float(),
    accessibility: t.field({ type: [AccessibilityFeature] }),
    accessibilityNotes: t.string(),
  }),
});

export const ScheduleInput = builder.inputType('ScheduleInput', {
  fields: (t) => ({
    days: t.field({ type: [Weekday], required: true }),
    opensAt: t.string({ description: 'HH:MM' }),
    closesAt: t.string({ description: 'HH:MM' }),
    validFrom: t.field({ type: 'Date' }),
    validTo: t.field({ type: 'Date' }),
    description: t.string(),
    // An imported rule, sent back as it was read; absent is every week.
    freq: t.field({ type: ScheduleFrequency }),
    interval: t.int(),
    dtstart: t.field({ type: 'Date' }),
    byMonthDay: t.intList(),
    byDayInMonth: t.stringList(),
  }),
});
export const LanguageInput = builder.inputType('LanguageInput', {
  fields: (t) => ({ name: t.string({ required: true }), code: t.string({ description: 'ISO 639-1, e.g. pl' }) }),
});
export const CostOptionInput = builder.inputType('CostOptionInput', {
  fields: (t) => ({ amountPence: t.int(), per: t.string(), conditions: t.string() }),
});
const PhoneInput = builder.inputType('PhoneInput', {
  fields: (t) => ({ number: t.string({ required: true }), description: t.string() }),
});
export const ContactInput = builder.inputType('ContactInput', {
  fields: (t) => ({
    name: t.string(),
    title: t.string(),
    email: t.string(),
    phones: t.field({ type: [PhoneInput] }),
  }),
});
export const ServiceAreaInput = builder.inputType('ServiceAreaInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    // An imported area's shape and link, sent back as they were read.
    extent: t.string(),
    extentType: t.string(),
    uri: t.string(),
    serviceArea: t.string(),
  }),
});
