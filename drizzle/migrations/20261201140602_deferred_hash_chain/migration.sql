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
DECLARE r ledger_entries; seq integer; prev text; ids integer[] := '{}'; seqs integer[] := '{}'; prevs text[] := '{}'; hashes text[] := '{}';
BEGIN
  -- The first of the transaction's rows to fire chains all of them, in id order, in one update
  -- (a bulk insert would otherwise pay an update each); the rest find theirs done.
  IF EXISTS (SELECT 1 FROM ledger_entries WHERE id = NEW.id AND "chainSeq" IS NOT NULL) THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('hash chains'));
  SELECT "chainSeq", "hash" INTO seq, prev FROM ledger_entries WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1;
  seq := coalesce(seq, 0);
  prev := coalesce(prev, '');
  -- Unchained rows are only ever this transaction's own: every committed row is chained.
  FOR r IN SELECT * FROM ledger_entries WHERE "chainSeq" IS NULL ORDER BY id LOOP
    seq := seq + 1;
    ids := ids || r.id;
    seqs := seqs || seq;
    prevs := prevs || prev;
    prev := chain_hash(prev, ledger_entry_payload(r));
    hashes := hashes || prev;
  END LOOP;
  UPDATE ledger_entries t SET "chainSeq" = c.seq, "prevHash" = c.prev, "hash" = c.hash
  FROM unnest(ids, seqs, prevs, hashes) AS c(id, seq, prev, hash) WHERE t.id = c.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION chain_audit_event_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r audit_events; seq integer; prev text; ids integer[] := '{}'; seqs integer[] := '{}'; prevs text[] := '{}'; hashes text[] := '{}';
BEGIN
  -- The first of the transaction's rows to fire chains all of them, in id order, in one update
  -- (a bulk insert would otherwise pay an update each); the rest find theirs done.
  IF EXISTS (SELECT 1 FROM audit_events WHERE id = NEW.id AND "chainSeq" IS NOT NULL) THEN RETURN NULL; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('hash chains'));
  SELECT "chainSeq", "hash" INTO seq, prev FROM audit_events WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq" DESC LIMIT 1;
  seq := coalesce(seq, 0);
  prev := coalesce(prev, '');
  -- Unchained rows are only ever this transaction's own: every committed row is chained.
  FOR r IN SELECT * FROM audit_events WHERE "chainSeq" IS NULL ORDER BY id LOOP
    seq := seq + 1;
    ids := ids || r.id;
    seqs := seqs || seq;
    prevs := prevs || prev;
    prev := chain_hash(prev, audit_event_payload(r));
    hashes := hashes || prev;
  END LOOP;
  UPDATE audit_events t SET "chainSeq" = c.seq, "prevHash" = c.prev, "hash" = c.hash
  FROM unnest(ids, seqs, prevs, hashes) AS c(id, seq, prev, hash) WHERE t.id = c.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint
-- Append-only still: the one change a row may ever see is the chaining trigger above giving it
-- its place (chainSeq null before, content unchanged), run from within that trigger (depth 2: no
-- statement the application sends runs there). A committed row is always chained, so it can never
-- be changed or removed.
CREATE FUNCTION refuse_change_but_chaining() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND OLD."chainSeq" IS NULL AND NEW."chainSeq" IS NOT NULL THEN
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
