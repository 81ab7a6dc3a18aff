-- Distance search by index: each venue as a point on a sphere of the Earth's mean radius (6371 km)
-- in 3-D (the cube extension, in PGlite's contrib and PostgreSQL's), with a GiST index. The
-- straight-line (chord) distance between two such points orders them exactly as the great-circle
-- distance does, so nearest-first is a KNN index scan (<->) and within-radius a box (<@).
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
-- search_path is fixed so that a restore (pg_dump clears it) can still build the index.
CREATE FUNCTION geo_point(latitude double precision, longitude double precision) RETURNS cube
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = public, pg_catalog AS $$
  SELECT cube(ARRAY[
    6371 * cos(radians(latitude)) * cos(radians(longitude)),
    6371 * cos(radians(latitude)) * sin(radians(longitude)),
    6371 * sin(radians(latitude))])
$$;--> statement-breakpoint
-- The chord (km) that spans a great-circle distance (km), and back.
CREATE FUNCTION geo_chord_km(arc_km double precision) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 2 * 6371 * sin(least(arc_km / (2 * 6371), pi() / 2)) $$;--> statement-breakpoint
CREATE FUNCTION geo_arc_km(chord_km double precision) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT 2 * 6371 * asin(least(chord_km / (2 * 6371), 1)) $$;--> statement-breakpoint
CREATE INDEX service_locations_geo ON service_locations USING gist (geo_point(latitude, longitude));
