-- The hash chain covers the ledger's new columns (contractId, paymentLineId). Each is added to a
-- row's payload only when set (concat_ws skips NULL), so every existing row hashes as before.
CREATE OR REPLACE FUNCTION ledger_entry_payload(e ledger_entries) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(',', quote_nullable(e.id), quote_nullable(e."zoneId"), quote_nullable(e."budgetId"),
    quote_nullable(e.kind), quote_nullable(e."amountPence"), quote_nullable(e."fundingPotId"),
    quote_nullable(e."allocationId"), quote_nullable(e."commissionId"), quote_nullable(e."actorId"),
    quote_nullable(e.reason), quote_nullable(extract(epoch from e."createdAt")),
    CASE WHEN e."contractId" IS NOT NULL THEN 'contract=' || e."contractId" END,
    CASE WHEN e."paymentLineId" IS NOT NULL THEN 'paymentLine=' || e."paymentLineId" END)
$$;
--> statement-breakpoint
-- A payment line, once written, is what was paid: never changed or removed.
CREATE TRIGGER payment_lines_append_only BEFORE UPDATE OR DELETE ON payment_lines
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
