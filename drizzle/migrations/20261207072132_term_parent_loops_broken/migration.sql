-- Taxonomy terms whose parents lead back to them, held before an import stopped such links
-- (schema/domain/openreferral/term-loops.ts): in each loop, the link of the term stored last (the
-- highest id, as the import now keeps the held one) is dropped, so a reader walking up the
-- published parent_id chain stops. A term only leading into a loop keeps its link.
WITH RECURSIVE "up"("start", "at") AS (
  SELECT t."id", p."id" FROM "taxonomy_terms" t JOIN "taxonomy_terms" p ON p."uuid" = t."parentUuid"
  UNION
  SELECT u."start", p."id" FROM "up" u
    JOIN "taxonomy_terms" c ON c."id" = u."at"
    JOIN "taxonomy_terms" p ON p."uuid" = c."parentUuid"
)
UPDATE "taxonomy_terms" SET "parentUuid" = NULL
WHERE "id" IN (
  SELECT u."start" FROM "up" u
  WHERE u."at" = u."start" AND u."start" = (SELECT max(w."at") FROM "up" w WHERE w."start" = u."start")
);
