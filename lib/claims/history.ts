import "server-only";
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { getDb, type Reader } from "@/db/client";
import { auditEvents, comments, evidence, users, type Role } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";

// A claim's history is read from the audit log: the same events that prove
// what happened tell the desk who changed which field.

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: number;
  at: string;
  /** The claim's version after this event, where the event recorded it. */
  version: number | null;
  actor: { name: string; role: Role | null };
  action: string;
  changes: HistoryChange[];
  reason: string | null;
}

function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Field-level differences between an event's before and after. */
export function diffFields(before: unknown, after: unknown): HistoryChange[] {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(before) && !isRecord(after)) {
    return before === null && after === null ? [] : [{ field: "value", before, after }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

function recordedVersion(after: unknown): number | null {
  if (typeof after !== "object" || after === null) return null;
  const record = after as Record<string, unknown>;
  const version = record.claimVersion ?? record.version;
  return typeof version === "number" ? version : null;
}

/** Every audit event about the claim, its evidence and its comments, newest first. */
export function historyOf(db: Reader, claimId: number): HistoryEntry[] {
  const related = (table: typeof evidence | typeof comments) =>
    db
      .select({ id: table.id })
      .from(table)
      .where(eq(table.claimId, claimId))
      .all()
      .map((e) => String(e.id));
  const evidenceIds = related(evidence);
  const commentIds = related(comments);
  const rows = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorKind: auditEvents.actorKind,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      reason: auditEvents.reason,
      name: users.name,
      role: users.role,
    })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorKind, "user"), eq(users.id, auditEvents.actorId)))
    .where(
      or(
        and(eq(auditEvents.entityType, "claim"), eq(auditEvents.entityId, String(claimId))),
        evidenceIds.length > 0
          ? and(eq(auditEvents.entityType, "evidence"), inArray(auditEvents.entityId, evidenceIds))
          : undefined,
        commentIds.length > 0
          ? and(eq(auditEvents.entityType, "comment"), inArray(auditEvents.entityId, commentIds))
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .all();
  return rows.map((r) => {
    const after = parseJson(r.after);
    return {
      id: r.id,
      at: r.at,
      version: recordedVersion(after),
      actor: { name: r.name ?? (r.actorKind === "system" ? "System" : "Public"), role: r.role },
      action: r.action,
      changes: diffFields(parseJson(r.before), after),
      reason: r.reason,
    };
  });
}

export function getClaimHistory(input: { by: Principal | null; claimId: number }): HistoryEntry[] {
  authorize(input.by, "claim.edit");
  return historyOf(getDb(), input.claimId);
}
