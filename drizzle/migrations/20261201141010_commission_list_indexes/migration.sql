CREATE INDEX "child_budgets_zone_period" ON "child_budgets" ("zoneId","period");--> statement-breakpoint
CREATE INDEX "commissions_zone_id" ON "commissions" ("zoneId","id");--> statement-breakpoint
CREATE INDEX "commissions_service" ON "commissions" ("serviceId","status");