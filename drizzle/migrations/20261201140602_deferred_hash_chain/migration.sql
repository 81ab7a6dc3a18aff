ALTER TABLE "audit_events" ALTER COLUMN "chainSeq" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "chainSeq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "chainSeq" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "chainSeq" DROP NOT NULL;--> statement-breakpoint

-- The hash chains are joined as each transaction commits, not as its rows are inserted. Before,
-- a BEFORE INSERT trigger took the chain's lock at the insert and held it until commit: every
-- writer in the deployment waited, one at a time, through its last statement's round trip, the
-- application's turn to send COMMIT and the commit itself (about 14 ms a raise under load, so
-- 63-81 raises a second). Now a deferred constraint trigger chains the transaction's rows inside
-- COMMIT: the lock is held only for those few updates and the commit record, never across the
-- network. One lock for both chains, so no two committers can take them in opposite orders.
DROP TRIGGER ledger_entries_chain ON ledger_entries;--> statement-breakpoint
DROP TRIGGER audit_events_chain ON audit_events;--> statement-breakpoint
DROP FUNCTION chain_ledger_entry();--> statement-breakpoint
DROP FUNCTION chain_audit_event();--> statement-breakpoint
CREATE FUNCTION chain_ledger_entry_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('hash chains'));
  SELECT "chainSeq", "hash" INTO last FROM ledger_entries WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1;
  UPDATE ledger_entries SET "chainSeq" = coalesce(last."chainSeq", 0) + 1, "prevHash" = coalesce(last."hash", ''),
    "hash" = chain_hash(coalesce(last."hash", ''), ledger_entry_payload(NEW))
  WHERE id = NEW.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION chain_audit_event_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('hash chains'));
  SELECT "chainSeq", "hash" INTO last FROM audit_events WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1;
  UPDATE audit_events SET "chainSeq" = coalesce(last."chainSeq", 0) + 1, "prevHash" = coalesce(last."hash", ''),
    "hash" = chain_hash(coalesce(last."hash", ''), audit_event_payload(NEW))
  WHERE id = NEW.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- Append-only still: the one change a row may ever see is its own transaction's trigger above
-- giving it its place in the chain (chainSeq null before, content unchanged). A committed row is
-- always chained, so it can never be changed or removed.
CREATE FUNCTION refuse_change_but_chaining() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."chainSeq" IS NULL AND NEW."chainSeq" IS NOT NULL THEN
    -- Each branch is planned only for its own table's row type.
    IF TG_TABLE_NAME = 'ledger_entries' THEN
      IF ledger_entry_payload(OLD) = ledger_entry_payload(NEW) THEN RETURN NEW; END IF;
    ELSIF audit_event_payload(OLD) = audit_event_payload(NEW) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
DROP TRIGGER ledger_entries_append_only ON ledger_entries;--> statement-breakpoint
DROP TRIGGER audit_events_append_only ON audit_events;--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change_but_chaining();--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change_but_chaining();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_chain AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chain_ledger_entry_at_commit();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_events_chain AFTER INSERT ON audit_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chain_audit_event_at_commit();
