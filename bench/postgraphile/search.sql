-- The benchmark's peer: the portal's directory search (schema/domain/search.ts, search-nearest.ts)
-- as SQL functions, for PostGraphile v5 to serve. Installed by bench/postgraphile/server.ts into
-- the schema bench_peer; the portal itself never uses it. Same filters, same order: distance
-- then name with a point, else rank then name with text, else name; published listings only (the
-- public's view). Nearest-first takes its candidates off the venue index (KNN) as the portal does,
-- with a fixed window of four venue rows per wanted listing instead of the portal's doubling loop.

drop schema if exists bench_peer cascade;
create schema bench_peer;

-- Parameters are qualified (matching.latitude): inside a subquery over service_locations a bare
-- "latitude" would be the venue's own column. Set-returning SQL functions, so PostgreSQL inlines
-- them into the query PostGraphile sends (a boolean helper with EXISTS would not be inlined).
create or replace function bench_peer.matching(
  q text, category_slugs text[], age int, delivery_modes public.delivery_mode[],
  max_unit_price_pence int, commissionable_only boolean, latitude float8, longitude float8, within_km float8
) returns setof public.services language sql stable as $$
  select s.* from public.services s
  where s."status" = 'PUBLISHED'
    and (matching.q is null or s."searchVector" @@ websearch_to_tsquery('english_unaccent', matching.q))
    and (matching.category_slugs is null or exists (select 1 from public.service_categories sc
      join public.categories c on c."id" = sc."categoryId"
      left join public.categories p on p."id" = c."parentId"
      where sc."serviceId" = s."id"
        and (c."slug" = any(matching.category_slugs) or p."slug" = any(matching.category_slugs))))
    and (matching.age is null or (s."minAge" <= matching.age and s."maxAge" >= matching.age))
    and (matching.delivery_modes is null or s."deliveryModes" && matching.delivery_modes)
    and (matching.max_unit_price_pence is null or s."unitPricePence" is null
      or s."unitPricePence" <= matching.max_unit_price_pence)
    and (not coalesce(matching.commissionable_only, false) or s."commissionable")
    and (matching.within_km is null or matching.latitude is null or exists (
      select 1 from public.service_locations wl where wl."serviceId" = s."id"
        and public.geo_point(wl."latitude", wl."longitude") <@ public.cube_enlarge(
          public.geo_point(matching.latitude, matching.longitude), public.geo_chord_km(matching.within_km), 3)
        and public.geo_point(wl."latitude", wl."longitude") <-> public.geo_point(matching.latitude, matching.longitude)
          <= public.geo_chord_km(matching.within_km)))
$$;

comment on function bench_peer.matching is E'@behavior -*\nThe search''s filters; not exposed.';

create or replace function bench_peer.search_services(
  q text default null, category_slugs text[] default null, age int default null,
  delivery_modes public.delivery_mode[] default null, max_unit_price_pence int default null,
  commissionable_only boolean default false, latitude float8 default null, longitude float8 default null,
  within_km float8 default null, want int default 21
) returns setof public.services language sql stable as $$
  select s.* from bench_peer.matching(q, category_slugs, age, delivery_modes, max_unit_price_pence,
      commissionable_only, latitude, longitude, within_km) s
  where search_services.latitude is null or s."id" in (
    select l."serviceId" from public.service_locations l
    join bench_peer.matching(q, category_slugs, age, delivery_modes, max_unit_price_pence,
      commissionable_only, latitude, longitude, within_km) s2 on s2."id" = l."serviceId"
    order by public.geo_point(l."latitude", l."longitude")
      <-> public.geo_point(search_services.latitude, search_services.longitude)
    limit want * 4)
  order by
    case when search_services.latitude is not null then coalesce((select public.geo_arc_km(min(
      public.geo_point(nl."latitude", nl."longitude")
        <-> public.geo_point(search_services.latitude, search_services.longitude)))
      from public.service_locations nl where nl."serviceId" = s."id"), 99999) end,
    case when q is not null and search_services.latitude is null
      then ts_rank_cd(s."searchVector", websearch_to_tsquery('english_unaccent', q)) end desc,
    s."name"
$$;

-- totalCount as the portal gives it: every match, not only the page's candidates.
create or replace function bench_peer.count_services(
  q text default null, category_slugs text[] default null, age int default null,
  delivery_modes public.delivery_mode[] default null, max_unit_price_pence int default null,
  commissionable_only boolean default false, latitude float8 default null, longitude float8 default null,
  within_km float8 default null
) returns int language sql stable as $$
  select count(*)::int from bench_peer.matching(q, category_slugs, age, delivery_modes, max_unit_price_pence,
      commissionable_only, latitude, longitude, within_km)
$$;

-- Service.distanceKm(latitude, longitude), as the portal's Service.distanceKm.
create or replace function bench_peer.services_distance_km(s public.services, latitude float8, longitude float8)
returns float8 language sql stable as $$
  select public.geo_arc_km(min(public.geo_point(l."latitude", l."longitude")
    <-> public.geo_point(services_distance_km.latitude, services_distance_km.longitude)))
  from public.service_locations l where l."serviceId" = s."id"
$$;
