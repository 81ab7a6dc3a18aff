-- Existing commissions get a reference derived from their id: (id * 1000003) mod 30^5 is a
-- one-to-one map for ids under 30^5 (1000003 shares no factor with 30), written in the 30-letter
-- alphabet of schema/domain/commission-reference.ts, so backfilled references never collide.
-- New commissions get random ones, retried on collision.
ALTER TABLE "commissions" ADD COLUMN "reference" text;--> statement-breakpoint
UPDATE "commissions" SET "reference" = 'CR-' || (
  SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTVWXYZ', ((("id"::bigint * 1000003) % 24300000) / (30 ^ p)::bigint % 30)::int + 1, 1), '' ORDER BY p DESC)
  FROM generate_series(0, 4) AS p
);--> statement-breakpoint
ALTER TABLE "commissions" ALTER COLUMN "reference" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_zone_reference" UNIQUE("zoneId","reference");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_reference_format" CHECK ("reference" ~ '^CR-[2-9A-HJKMNP-TV-Z]{5}$');
