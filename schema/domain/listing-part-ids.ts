import { eq } from 'drizzle-orm';
import {
  serviceAreas,
  serviceContacts,
  serviceCostOptions,
  serviceLanguages,
  serviceLocations,
  serviceSchedules,
} from '../../drizzle/schema';
import type { ContactPhone } from '../../drizzle/tables/service-contacts';
import type { Tx } from './transaction';

// A listing's form sends its venues, opening times, contacts and the rest as whole lists, and
// saving rewrites them. Each part keeps its id (published as the Open Referral feed's id, which
// an aggregator follows) and what the form does not show (an imported address's state_province):
// a part the same as before keeps its id; an edited one keeps the id of the old part it most
// resembles (a venue by its name, then its postcode), else of the one in its place.

/**
 * For each new part, the old part it continues, or undefined for one that is new. Each key, the
 * strictest first, pairs what it can of what is left; then the rest pair in order.
 */
export function pairParts<O, N, V>(
  old: O[],
  next: N[],
  view: { old: (o: O) => V; next: (n: N) => V },
  keys: ((v: V) => unknown)[],
) {
  const unused = new Set(old.keys());
  const paired: (O | undefined)[] = next.map(() => undefined);
  const oldViews = old.map(view.old);
  const nextViews = next.map(view.next);
  for (const k of [...keys, () => 'in order']) {
    for (const [i, n] of nextViews.entries()) {
      if (paired[i]) continue;
      const want = JSON.stringify(k(n));
      const j = [...unused].find((u) => JSON.stringify(k(oldViews[u]!)) === want);
      if (j === undefined) continue;
      unused.delete(j);
      paired[i] = old[j];
    }
  }
  return paired;
}

const hhmm = (t: string | null | undefined) => (t ? t.slice(0, 5) : null);
const same = <T>(v: T) => v;

export type OldParts = Awaited<ReturnType<typeof readOldParts>>;

/** The parts a listing has now, in the order the form shows them, read before they are rewritten. */
export async function readOldParts(tx: Tx, serviceId: number) {
  const sl = serviceLocations;
  const ss = serviceSchedules;
  const lang = serviceLanguages;
  const co = serviceCostOptions;
  const sc = serviceContacts;
  const sa = serviceAreas;
  return {
    locations: await tx.select().from(sl).where(eq(sl.serviceId, serviceId)).orderBy(sl.id),
    schedules: await tx.select().from(ss).where(eq(ss.serviceId, serviceId)).orderBy(ss.id),
    languages: await tx.select().from(lang).where(eq(lang.serviceId, serviceId)).orderBy(lang.id),
    costOptions: await tx.select().from(co).where(eq(co.serviceId, serviceId)).orderBy(co.id),
    contacts: await tx.select().from(sc).where(eq(sc.serviceId, serviceId)).orderBy(sc.id),
    areas: await tx.select().from(sa).where(eq(sa.serviceId, serviceId)).orderBy(sa.id),
  };
}

const withIds = <N>(paired: ({ uuid: string } | undefined)[], next: N[]) =>
  next.map((n, i) => ({ ...n, ...(paired[i] ? { uuid: paired[i]!.uuid } : {}) }));

type Venue = { name: string; address: string; postcode: string };
/** New venues with the old ones' ids and state_province: the same venue, then by name, then postcode. */
export function venuesKeepingIds<L extends Venue>(old: OldParts['locations'] = [], next: L[]) {
  const view = { old: same<Venue>, next: same<Venue> };
  const keys = [(v: Venue) => [v.name, v.address, v.postcode], (v: Venue) => v.name, (v: Venue) => v.postcode];
  return pairParts(old, next, view, keys).map((o, i) => ({
    ...next[i]!,
    ...(o ? { uuid: o.uuid, stateProvince: o.stateProvince } : {}),
  }));
}

type Times = { days: string[]; opensAt: string | null; closesAt: string | null; description: string };
type NewTimes = { days: string[]; opensAt?: string | null; closesAt?: string | null; description: string };
export function schedulesKeepingIds<S extends NewTimes>(old: OldParts['schedules'] = [], next: S[]) {
  const times = (t: NewTimes): Times => ({
    days: [...new Set(t.days)].sort(),
    opensAt: hhmm(t.opensAt),
    closesAt: hhmm(t.closesAt),
    description: t.description,
  });
  const view = { old: (o: OldParts['schedules'][number]) => times({ ...o, days: o.byDay }), next: times };
  const keys = [same<Times>, (t: Times) => [t.days, t.description], (t: Times) => t.days];
  return withIds(pairParts(old, next, view, keys), next);
}

type Language = { name: string; code?: string | null };
export function languagesKeepingIds<L extends Language>(old: OldParts['languages'] = [], next: L[]) {
  const view = { old: same<Language>, next: same<Language> };
  return withIds(pairParts(old, next, view, [(l) => l.name, (l) => l.code ?? null]), next);
}

type Cost = { amountPence?: number | null; per?: string | null; conditions?: string | null };
export function costsKeepingIds<C extends Cost>(old: OldParts['costOptions'] = [], next: C[]) {
  const view = { old: same<Cost>, next: same<Cost> };
  const keys = [(c: Cost) => [c.amountPence ?? null, c.per ?? '', c.conditions ?? ''], (c: Cost) => c.per ?? ''];
  return withIds(pairParts(old, next, view, keys), next);
}

type Area = { name: string; uri?: string | null };
export function areasKeepingIds<A extends Area>(old: OldParts['areas'] = [], next: A[]) {
  const view = { old: same<Area>, next: same<Area> };
  return withIds(pairParts(old, next, view, [(a) => [a.name, a.uri ?? null], (a) => a.name]), next);
}

type Phone = Omit<ContactPhone, 'uuid'>;
type Contact = { name?: string | null; email?: string | null; phones: Phone[] };
/** Contacts, and each contact's phones, with the old ids carried over. */
export function contactsKeepingIds<C extends Contact>(old: OldParts['contacts'] = [], next: C[]) {
  const view = { old: same<Contact>, next: same<Contact> };
  const keys = [
    (c: Contact) => [c.name ?? '', c.email || null],
    (c: Contact) => c.name ?? '',
    (c: Contact) => c.email || null,
  ];
  return pairParts(old, next, view, keys).map((o, i) => {
    const c = next[i]!;
    const phoneView = { old: same<Phone>, next: same<Phone> };
    const phones = pairParts(o?.phones ?? [], c.phones, phoneView, [(p) => p.number]).map((p, j) => ({
      ...c.phones[j]!,
      uuid: p?.uuid ?? crypto.randomUUID(),
    }));
    return { ...c, ...(o ? { uuid: o.uuid } : {}), phones };
  });
}
