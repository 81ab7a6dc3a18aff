ALTER TYPE "ledger_kind" ADD VALUE 'DEFUND';--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_owner", ADD CONSTRAINT "ledger_entries_owner" CHECK (("kind" = 'ALLOCATE' and "allocationId" is not null and "fundingPotId" is not null and "budgetId" is not null) or ("kind"::text in ('FUND', 'DEFUND') and "fundingPotId" is not null and "budgetId" is null) or ("kind"::text in ('CARRY_OUT', 'CARRY_IN', 'RETURN') and "fundingPotId" is not null and "budgetId" is not null) or ("kind" <> 'ALLOCATE' and "kind"::text not in ('FUND', 'DEFUND', 'CARRY_OUT', 'CARRY_IN', 'RETURN') and ("commissionId" is not null or "contractId" is not null)));--> statement-breakpoint
-- Zone pots were made without a ledger entry (only a district's share was credited, FUND): each
-- pot not yet credited gets one FUND entry of its total as it stands, dated when the pot was made,
-- so every pot's total is in the ledger from here on. Rows are only added (the ledger is append-only).
-- Run only when there are pots: a fresh database runs every migration in one transaction, where
-- 'FUND' (added by an earlier migration) cannot be used yet (55P04). A database so old that the
-- same is true of it keeps its pots uncredited, and npm run reconcile names each one.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "funding_pots") THEN
    EXECUTE $backfill$
      INSERT INTO "ledger_entries" ("zoneId", "kind", "amountPence", "fundingPotId", "reason", "createdAt")
      SELECT p."zoneId", 'FUND', p."totalPence", p."id", 'Pot total when the ledger began recording pot funding', p."createdAt"
      FROM "funding_pots" p
      WHERE p."totalPence" > 0
        AND NOT EXISTS (SELECT 1 FROM "ledger_entries" l WHERE l."fundingPotId" = p."id" AND l."kind"::text = 'FUND')
      ORDER BY p."id"
    $backfill$;
  END IF;
EXCEPTION WHEN unsafe_new_enum_value_usage THEN
  RAISE WARNING 'Funding pots were not credited in the ledger: run npm run reconcile to see which';
END
$$;
