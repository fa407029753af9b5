import type Database from "better-sqlite3";
import { getConnection } from "@/db/client";
import { AppError } from "@/lib/errors";

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

/** Thrown by every write while the database lacks its audit protection. */
export class WritesRefusedError extends AppError {
  constructor(reason: string) {
    super("unavailable", reason);
    this.name = "WritesRefusedError";
  }
}

// Checked once per connection, the first time lib/ asks: the triggers live in
// the file, so a reopened file is checked again.
const checked = new WeakMap<Database.Database, string | null>();

/** Why the process's database must take no writes, or null when its protective triggers are all there. */
export function writesRefused(): string | null {
  const { sqlite } = getConnection();
  let reason = checked.get(sqlite);
  if (reason === undefined) {
    reason = missingProtection(sqlite);
    checked.set(sqlite, reason);
    if (reason) console.error(`claimtrail: ${reason}`);
  }
  return reason;
}

/** Throws WritesRefusedError while the audit log has lost its protection; every write checks it first. */
export function assertWritesAllowed(): void {
  const reason = writesRefused();
  if (reason) throw new WritesRefusedError(reason);
}
