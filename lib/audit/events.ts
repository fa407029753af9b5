import "server-only";
import { desc } from "drizzle-orm";
import type Database from "better-sqlite3";
import type { Tx } from "@/db/client";
import { auditEvents, type ActorKind } from "@/db/schema";
import {
  checkSegment,
  GENESIS_HASH,
  hashAuditEvent,
  joinSegments,
  SELECT_HASHED_ROWS,
  type AuditRow,
  type ChainCheck,
  type HashedAuditFields,
} from "./chain";

export type Actor = { kind: "user"; id: number } | { kind: "system" } | { kind: "public" };

export const SYSTEM: Actor = { kind: "system" };
export const PUBLIC: Actor = { kind: "public" };

export interface AuditInput {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * The row that follows `previous` (the chain's head, or undefined for the
 * first event) for this event at `at` (ISO 8601): its id, its JSON, its hash.
 * appendAuditEvent stores exactly this; the benchmark builds its archive's
 * chain with it too, so the two cannot drift apart.
 */
export function buildAuditRow(input: AuditInput, previous: { id: number; hash: string } | undefined, at: string): AuditRow {
  const fields: HashedAuditFields = {
    id: (previous?.id ?? 0) + 1,
    at,
    actorKind: input.actor.kind,
    actorId: input.actor.kind === "user" ? input.actor.id : null,
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    before: toJson(input.before),
    after: toJson(input.after),
    reason: input.reason ?? null,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...fields, hash: hashAuditEvent(fields) };
}

/**
 * Appends one event to the chain. Call it inside the write transaction that
 * makes the change (DESIGN.md: no write path skips its audit event); the
 * IMMEDIATE lock that transaction holds keeps ids and hashes in order.
 */
export function appendAuditEvent(tx: Tx, input: AuditInput, now: Date = new Date()): AuditRow {
  const last = tx
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  const row = buildAuditRow(input, last, now.toISOString());
  const actorKind: ActorKind = input.actor.kind;
  tx.insert(auditEvents).values({ ...row, actorKind }).run();
  return row;
}

/**
 * Recomputes the whole chain in this thread, streaming rows so a million
 * events stay cheap on memory. Rows come as arrays (.raw()), not objects: the
 * check needs their values in hashing order and nothing else. npm run
 * audit:verify splits the same walk across threads (verify-parallel.ts).
 */
export function verifyAuditChain(sqlite: Database.Database): ChainCheck {
  const rows = sqlite.prepare<[], unknown[]>(`${SELECT_HASHED_ROWS} order by id`).raw().iterate();
  return joinSegments([checkSegment(rows)]);
}
