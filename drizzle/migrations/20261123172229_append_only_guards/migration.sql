-- The ledger, the audit trail and commission timelines are append-only: refuse UPDATE and DELETE
-- whatever the client, so history cannot be rewritten even by a bug in the application.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER commission_events_append_only BEFORE UPDATE OR DELETE ON commission_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
