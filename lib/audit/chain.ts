import { createHash } from "node:crypto";

/** The hash that stands before the first event. */
export const GENESIS_HASH = "0".repeat(64);

/** The fields of an audit event that its hash covers, in the order they are hashed. */
export interface HashedAuditFields {
  id: number;
  at: string;
  actorKind: string;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  prevHash: string;
}

/**
 * SHA-256 over a canonical JSON array of the event's content and the previous
 * hash. An array, not an object, so key order can never change the bytes.
 */
export function hashAuditEvent(event: HashedAuditFields): string {
  const canonical = JSON.stringify([
    event.id,
    event.at,
    event.actorKind,
    event.actorId,
    event.action,
    event.entityType,
    event.entityId,
    event.before,
    event.after,
    event.reason,
    event.prevHash,
  ]);
  return createHash("sha256").update(canonical, "utf8").digest("hex");
}

export interface ChainCheck {
  ok: boolean;
  count: number;
  headId: number | null;
  headHash: string;
  /** The first event that does not fit the chain, when there is one. */
  firstBadId?: number;
  problem?: string;
}

/**
 * Walks events in id order and checks that ids are consecutive, that each
 * event points at the hash before it and that its own hash is right.
 */
export function checkChain(events: Iterable<HashedAuditFields & { hash: string }>): ChainCheck {
  let count = 0;
  let expectedPrev = GENESIS_HASH;
  let expectedId: number | null = null;
  let headId: number | null = null;
  for (const event of events) {
    const fail = (problem: string): ChainCheck => ({
      ok: false,
      count,
      headId,
      headHash: expectedPrev,
      firstBadId: event.id,
      problem,
    });
    if (expectedId !== null && event.id !== expectedId) {
      return fail(`event ids jump from ${expectedId - 1} to ${event.id} (a row was deleted or inserted)`);
    }
    if (event.prevHash !== expectedPrev) return fail("prev_hash does not match the previous event's hash");
    if (hashAuditEvent(event) !== event.hash) return fail("hash does not match the event's content");
    count += 1;
    expectedPrev = event.hash;
    expectedId = event.id + 1;
    headId = event.id;
  }
  return { ok: true, count, headId, headHash: expectedPrev };
}
