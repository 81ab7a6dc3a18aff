import { and, eq } from 'drizzle-orm';
import { districts, schools } from '../../drizzle/schema';
import { audit } from './audit';
import { ValidationError } from './errors';
import { lockZoneNames, sameNameSql } from './names';
import type { Tx } from './transaction';

export type NewSchool = {
  name: string;
  districtId: number;
  postcode: string;
  latitude: number;
  longitude: number;
};

/** Adds a district to the zone: its name must be new there, case and spacing aside (" catford " is Catford). */
export async function createDistrict(tx: Tx, zoneId: number, actorId: number, name: string) {
  // Spaces alone are no name: checked after trimming, as the name is stored.
  if (name.trim().length < 2) throw ValidationError.field(['input', 'name'], 'Enter the district’s name');
  await lockZoneNames(tx, zoneId);
  const [same] = await tx
    .select({ id: districts.id })
    .from(districts)
    .where(and(eq(districts.zoneId, zoneId), sameNameSql(districts.name, name)))
    .limit(1);
  if (same) throw ValidationError.field(['input', 'name'], 'There is already a district with this name');
  const [district] = await tx.insert(districts).values({ zoneId, name: name.trim() }).returning();
  await audit(tx, { zoneId, actorId, action: 'CREATE_DISTRICT', entityType: 'District', entityId: district!.id });
  return district!;
}

/**
 * Adds a school to the zone. Its name must be new in the zone, as a district's is: the cohort
 * import finds schools by name, ignoring case, so "St Mary's" and "ST MARY'S" are one name here too.
 */
export async function createSchool(tx: Tx, zoneId: number, actorId: number, input: NewSchool) {
  const name = input.name.trim();
  if (name.length < 2) throw ValidationError.field(['input', 'name'], 'Enter the school’s name');
  await lockZoneNames(tx, zoneId);
  const [d] = await tx
    .select({ id: districts.id })
    .from(districts)
    .where(and(eq(districts.id, input.districtId), eq(districts.zoneId, zoneId)));
  if (!d) throw ValidationError.field(['input', 'districtId'], 'Choose a district in your zone');
  const [same] = await tx
    .select({ id: schools.id })
    .from(schools)
    .where(and(eq(schools.zoneId, zoneId), sameNameSql(schools.name, name)))
    .limit(1);
  if (same) throw ValidationError.field(['input', 'name'], 'There is already a school with this name');
  const [school] = await tx
    .insert(schools)
    .values({
      zoneId,
      districtId: input.districtId,
      name,
      postcode: input.postcode.trim().toUpperCase(),
      latitude: input.latitude,
      longitude: input.longitude,
    })
    .returning();
  await audit(tx, { zoneId, actorId, action: 'CREATE_SCHOOL', entityType: 'School', entityId: school!.id });
  return school!;
}
