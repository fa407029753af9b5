import type Database from "better-sqlite3";

/** The triggers that make the audit log append-only and keep four eyes on publishing (db/migrations). */
export const PROTECTIVE_TRIGGERS = [
  "audit_events_no_update",
  "audit_events_no_delete",
  "audit_events_extend_head",
  "claims_publish_four_eyes",
] as const;

/** Why writes must stop, or null when every protective trigger is in place. */
export function missingProtection(sqlite: Database.Database): string | null {
  const present = new Set(
    (sqlite.prepare("select name from sqlite_master where type = 'trigger'").all() as { name: string }[]).map((r) => r.name),
  );
  const missing = PROTECTIVE_TRIGGERS.filter((name) => !present.has(name));
  if (missing.length === 0) return null;
  const plural = missing.length > 1;
  return `Writes are refused: the database has lost ${plural ? "the triggers" : "the trigger"} ${missing.join(", ")}, which ${plural ? "protect" : "protects"} the audit log and four-eyes publishing. Someone altered the database; restore it from a verified backup.`;
}
