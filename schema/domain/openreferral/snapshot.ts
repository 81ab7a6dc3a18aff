import type { ImportedService } from './from-oruk';

// An imported record's snapshot (what we wrote), to tell a changed record from an unchanged one
// and to describe the change in a dry run's diff.

export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export function snapshotOf(s: ImportedService): Record<string, unknown> {
  // Notes say what a record lacks, not what we wrote: earlier runs' snapshots have none.
  // Nor the feed's schedule ids (they only keep our schedules' UUIDs the same, write-services.ts).
  const { externalId: _, lastModified, notes: __, ...rest } = s;
  // Nor the feed's ids of its other parts, for the same reason (earlier snapshots have none).
  const bare = <T extends { externalId?: string }>(list: T[]) => list.map(({ externalId: ___, ...x }) => x);
  return {
    ...rest,
    // Nor what a venue gave off the globe, nor its own notes (said in the notes; earlier snapshots have none).
    locations: rest.locations.map(({ offGlobe: ___, notes: ____, ...x }) => x),
    schedules: bare(rest.schedules),
    languages: bare(rest.languages),
    costOptions: bare(rest.costOptions),
    contacts: bare(rest.contacts).map((c) => ({ ...c, phones: bare(c.phones) })),
    serviceAreas: bare(rest.serviceAreas),
    lastModified,
  };
}
export const comparable = (snap: Record<string, unknown> | null) => {
  if (!snap) return null;
  const { lastModified: _, ...rest } = snap;
  return stable(rest);
};

export function describeChange(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const changes: string[] = [];
  const b = before as Record<string, Record<string, unknown>>;
  const a = after as Record<string, Record<string, unknown>>;
  for (const [k, v] of Object.entries(a.fields ?? {}))
    if (stable(v) !== stable(b.fields?.[k])) changes.push(`${k} ${stable(b.fields?.[k])} → ${stable(v)}`);
  for (const k of Object.keys(after))
    if (k !== 'fields' && k !== 'lastModified' && stable(after[k]) !== stable(before[k])) changes.push(`${k} changed`);
  return changes.join('; ');
}
