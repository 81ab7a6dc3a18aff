CREATE INDEX "children_zone_first_name" ON "children" ("zoneId",lower("firstName"));--> statement-breakpoint
CREATE INDEX "children_zone_last_name" ON "children" ("zoneId",lower("lastName"));