-- DESIGN.md: the audit log is append-only and the database itself refuses
-- UPDATE and DELETE. With recursive_triggers on (db/client.ts) INSERT OR
-- REPLACE fires the delete trigger too.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
--> statement-breakpoint
-- A new event must extend the chain's head: next id, previous hash.
CREATE TRIGGER audit_events_extend_head BEFORE INSERT ON audit_events
WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM audit_events)
  OR NEW.prev_hash IS NOT coalesce(
    (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1),
    '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'audit_events insert must extend the chain head');
END;
--> statement-breakpoint
-- Four-eyes (DESIGN.md, Status rules), second line behind lib/claims: the
-- editor who publishes must not be the one who set the current status.
CREATE TRIGGER claims_publish_four_eyes BEFORE UPDATE OF published_at ON claims
WHEN NEW.published_at IS NOT NULL
  AND NEW.published_at IS NOT OLD.published_at
  AND NEW.published_by IS NEW.status_set_by
BEGIN
  SELECT RAISE(ABORT, 'four-eyes: the publisher set this status');
END;
