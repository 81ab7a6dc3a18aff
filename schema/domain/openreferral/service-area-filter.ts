import { type SQL, sql } from 'drizzle-orm';
import type { services } from '../../../drizzle/schema';
import type { OrukQuery } from './params';

// A service area named only by postcode districts or sectors ("SE6 and SE13", "SE15 4, SE16").
const DISTRICT = '[A-Z]{1,2}[0-9][A-Z0-9]?( [0-9])?';
const SEPARATOR = '\\s*(,|/|&|;|\\mAND\\M)\\s*';
const DISTRICT_LIST = `^${DISTRICT}(${SEPARATOR}${DISTRICT})*$`;

/**
 * The OpenAPI's postcode rule: "if service_area is available, only return results where the
 * postcode exists within the service_area". A service is left out only when every one of its
 * areas is a list of postcode districts or sectors and none is the postcode's (given only an
 * outward code, any of its sectors counts). An area named
 * by place ("Lewisham") cannot be decided (our postcode tables hold no local authority), so it
 * keeps the service, as does having no areas at all; either way results are nearest first.
 */
export function serviceAreaCovers(t: typeof services, postcode: NonNullable<OrukQuery['postcode']>): SQL {
  const sector =
    postcode.full.length > postcode.outward.length ? postcode.full.slice(0, postcode.outward.length + 2) : '';
  return sql`(not exists (select 1 from "service_areas" a where a."serviceId" = ${t.id})
    or exists (select 1 from "service_areas" a where a."serviceId" = ${t.id}
      and (upper(trim(a."name")) !~ ${DISTRICT_LIST}
        or exists (select 1 from regexp_split_to_table(upper(trim(a."name")), ${SEPARATOR}) d
          where d in (${postcode.outward}, ${sector})
            or (${sector} = '' and split_part(d, ' ', 1) = ${postcode.outward})))))`;
}
