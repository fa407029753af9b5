import "server-only";
import { desc } from "drizzle-orm";
import type Database from "better-sqlite3";
import type { Tx } from "@/db/client";
import { auditEvents, type ActorKind } from "@/db/schema";
import { checkChain, GENESIS_HASH, hashAuditEvent, type ChainCheck, type HashedAuditFields } from "./chain";

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
 * Appends one event to the chain. Call it inside the write transaction that
 * makes the change (DESIGN.md: no write path skips its audit event); the
 * IMMEDIATE lock that transaction holds keeps ids and hashes in order.
 */
export function appendAuditEvent(tx: Tx, input: AuditInput, now: Date = new Date()): HashedAuditFields & { hash: string } {
  const last = tx
    .select({ id: auditEvents.id, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  const actorKind: ActorKind = input.actor.kind;
  const fields: HashedAuditFields = {
    id: (last?.id ?? 0) + 1,
    at: now.toISOString(),
    actorKind,
    actorId: input.actor.kind === "user" ? input.actor.id : null,
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    before: toJson(input.before),
    after: toJson(input.after),
    reason: input.reason ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const row = { ...fields, hash: hashAuditEvent(fields) };
  tx.insert(auditEvents).values({ ...row, actorKind }).run();
  return row;
}

interface RawAuditRow {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

/** Recomputes the whole chain, streaming rows so a million events stay cheap on memory. */
export function verifyAuditChain(sqlite: Database.Database): ChainCheck {
  const rows = sqlite.prepare("select * from audit_events order by id").iterate() as IterableIterator<RawAuditRow>;
  function* events() {
    for (const r of rows) {
      yield {
        id: r.id,
        at: r.at,
        actorKind: r.actor_kind,
        actorId: r.actor_id,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        reason: r.reason,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
    }
  }
  return checkChain(events());
}
