-- Consent history is append-only like the ledger and the audit trail: a change of mind is a new row.
CREATE TRIGGER child_consents_append_only BEFORE UPDATE OR DELETE ON child_consents
  FOR EACH ROW EXECUTE FUNCTION refuse_change();--> statement-breakpoint
CREATE TRIGGER child_consents_no_truncate BEFORE TRUNCATE ON child_consents
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
