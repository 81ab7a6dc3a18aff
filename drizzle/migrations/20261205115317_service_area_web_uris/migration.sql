-- A service area's link is a web address (http or https) from now on: the forms refuse others, the
-- import drops them with a note, and the feed publishes none. Links already stored that are not one
-- (say javascript:...) are dropped, so a provider's next save does not fail on a field the form does
-- not show.
UPDATE "service_areas" SET "uri" = NULL WHERE "uri" IS NOT NULL AND "uri" !~* '^https?://[^/?#[:space:]]';
