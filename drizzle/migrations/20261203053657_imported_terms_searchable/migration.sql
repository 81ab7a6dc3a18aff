-- An imported listing's taxonomy terms (another directory's tags, such as "Widget therapy") are
-- searched as its categories are: the search terms of listings tagged so far are written again.
UPDATE "services" s SET "searchTerms" =
  coalesce((SELECT o."name" FROM "organisations" o WHERE o."id" = s."organisationId"), '')
  || ' ' || coalesce((SELECT string_agg(c."name" || ' ' || coalesce(p."name", ''), ' ')
    FROM "service_categories" sc JOIN "categories" c ON c."id" = sc."categoryId"
    LEFT JOIN "categories" p ON p."id" = c."parentId" WHERE sc."serviceId" = s."id"), '')
  || ' ' || coalesce((SELECT string_agg(t."name", ' ')
    FROM "service_attributes" sa JOIN "taxonomy_terms" t ON t."id" = sa."taxonomyTermId"
    WHERE sa."serviceId" = s."id"), '')
WHERE EXISTS (SELECT 1 FROM "service_attributes" sa WHERE sa."serviceId" = s."id");
