ALTER TABLE "commissions" ADD COLUMN "approvedAt" timestamp with time zone;--> statement-breakpoint
-- Existing commissions: approved if their timeline says so.
UPDATE "commissions" c SET "approvedAt" = e."at"
FROM (SELECT "commissionId", min("at") AS "at" FROM "commission_events" WHERE "toStatus" = 'APPROVED' GROUP BY "commissionId") e
WHERE e."commissionId" = c."id";
