-- The search vector in english_unaccent (the migration before this one). A generated column's
-- expression cannot be changed in PostgreSQL 15, so the column is made again, with its index,
-- from every listing's text.
ALTER TABLE "services" DROP COLUMN "searchVector";--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english_unaccent', "services"."name"), 'A') || setweight(to_tsvector('english_unaccent', "services"."searchTerms"), 'B') || setweight(to_tsvector('english_unaccent', "services"."description"), 'C')) STORED;--> statement-breakpoint
CREATE INDEX "services_search" ON "services" USING gin ("searchVector");