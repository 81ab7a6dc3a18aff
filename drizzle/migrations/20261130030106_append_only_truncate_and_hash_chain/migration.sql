-- Append-only for real: TRUNCATE is refused too (the row triggers never see it).
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER commission_events_no_truncate BEFORE TRUNCATE ON commission_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();--> statement-breakpoint

-- Tamper evidence: every ledger and audit row carries sha256(previous row's hash || its own content),
-- in the order the chain was written (chainSeq, taken under a lock, so concurrent writers queue).
-- Timestamps as epoch seconds and values quoted, so the text is the same for any session settings.
CREATE FUNCTION ledger_entry_payload(e ledger_entries) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(',', quote_nullable(e.id), quote_nullable(e."zoneId"), quote_nullable(e."budgetId"),
    quote_nullable(e.kind), quote_nullable(e."amountPence"), quote_nullable(e."fundingPotId"),
    quote_nullable(e."allocationId"), quote_nullable(e."commissionId"), quote_nullable(e."actorId"),
    quote_nullable(e.reason), quote_nullable(extract(epoch from e."createdAt")))
$$;--> statement-breakpoint
CREATE FUNCTION audit_event_payload(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws(',', quote_nullable(e.id), quote_nullable(e."zoneId"), quote_nullable(e."actorId"),
    quote_nullable(e.action), quote_nullable(e."entityType"), quote_nullable(e."entityId"),
    quote_nullable(e.detail::text), quote_nullable(extract(epoch from e.at)))
$$;--> statement-breakpoint
CREATE FUNCTION chain_hash(prev text, payload text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev || '|' || payload, 'UTF8')), 'hex')
$$;--> statement-breakpoint
CREATE FUNCTION chain_ledger_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('ledger_entries chain'));
  SELECT "chainSeq", "hash" INTO last FROM ledger_entries ORDER BY "chainSeq" DESC LIMIT 1;
  NEW."chainSeq" := coalesce(last."chainSeq", 0) + 1;
  NEW."prevHash" := coalesce(last."hash", '');
  NEW."hash" := chain_hash(NEW."prevHash", ledger_entry_payload(NEW));
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE FUNCTION chain_audit_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('audit_events chain'));
  SELECT "chainSeq", "hash" INTO last FROM audit_events ORDER BY "chainSeq" DESC LIMIT 1;
  NEW."chainSeq" := coalesce(last."chainSeq", 0) + 1;
  NEW."prevHash" := coalesce(last."hash", '');
  NEW."hash" := chain_hash(NEW."prevHash", audit_event_payload(NEW));
  RETURN NEW;
END;
$$;--> statement-breakpoint

-- Existing rows join the chain in id order (the append-only guards step aside for this once).
ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;--> statement-breakpoint
ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;--> statement-breakpoint
DO $$
DECLARE r record; prev text := ''; seq integer := 0;
BEGIN
  FOR r IN SELECT * FROM ledger_entries ORDER BY id LOOP
    seq := seq + 1;
    UPDATE ledger_entries SET "chainSeq" = seq, "prevHash" = prev, "hash" = chain_hash(prev, ledger_entry_payload(r)) WHERE id = r.id
      RETURNING "hash" INTO prev;
  END LOOP;
  prev := ''; seq := 0;
  FOR r IN SELECT * FROM audit_events ORDER BY id LOOP
    seq := seq + 1;
    UPDATE audit_events SET "chainSeq" = seq, "prevHash" = prev, "hash" = chain_hash(prev, audit_event_payload(r)) WHERE id = r.id
      RETURNING "hash" INTO prev;
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only;--> statement-breakpoint
ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;--> statement-breakpoint
CREATE UNIQUE INDEX ledger_entries_chain ON ledger_entries ("chainSeq");--> statement-breakpoint
CREATE UNIQUE INDEX audit_events_chain ON audit_events ("chainSeq");--> statement-breakpoint
CREATE TRIGGER ledger_entries_chain BEFORE INSERT ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION chain_ledger_entry();--> statement-breakpoint
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION chain_audit_event();
