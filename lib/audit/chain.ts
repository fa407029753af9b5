import { hash } from "node:crypto";

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
 * The audit_events columns a hash covers, in the order they are hashed: the
 * one definition that both hashing an event and reading rows back for a check
 * (`select <these>, hash`) follow.
 */
export const HASHED_AUDIT_COLUMNS = [
  "id",
  "at",
  "actor_kind",
  "actor_id",
  "action",
  "entity_type",
  "entity_id",
  "before",
  "after",
  "reason",
  "prev_hash",
] as const;

/** Every event's hashed values and then its stored hash, as checkSegment reads them (add `where`/`order by`). */
export const SELECT_HASHED_ROWS = `select ${HASHED_AUDIT_COLUMNS.join(", ")}, hash from audit_events`;

/** Where the hash chain's own fields sit among HASHED_AUDIT_COLUMNS. */
const ID = 0;
const PREV_HASH = 10;

/** An event's hashed values in HASHED_AUDIT_COLUMNS order, as a raw SQLite row gives them. */
type HashedValues = unknown[];

/**
 * SHA-256 over a canonical JSON array of the event's content and the previous
 * hash. An array, not an object, so key order can never change the bytes.
 */
function hashValues(values: HashedValues): string {
  // crypto.hash: one call per event, without a Hash object each (a third of the cost at a million events).
  return hash("sha256", JSON.stringify(values), "hex");
}

/** An event's hashed values, in HASHED_AUDIT_COLUMNS order. */
function valuesOf(event: HashedAuditFields): HashedValues {
  return [
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
  ];
}

export function hashAuditEvent(event: HashedAuditFields): string {
  return hashValues(valuesOf(event));
}

/** An event as stored: its hashed fields and its hash. */
export type AuditRow = HashedAuditFields & { hash: string };

export type AuditColumn = (typeof HASHED_AUDIT_COLUMNS)[number] | "hash";

/**
 * An event as audit_events column values (HASHED_AUDIT_COLUMNS, then hash),
 * for a bulk insert through a prepared statement over those columns. A column
 * added to HASHED_AUDIT_COLUMNS and missing here fails to compile.
 */
export function auditRowColumns(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    actor_kind: row.actorKind,
    actor_id: row.actorId,
    action: row.action,
    entity_type: row.entityType,
    entity_id: row.entityId,
    before: row.before,
    after: row.after,
    reason: row.reason,
    prev_hash: row.prevHash,
    hash: row.hash,
  } satisfies Record<AuditColumn, string | number | null>;
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
 * A run of consecutive events checked on its own: ids consecutive, each event
 * pointing at the hash before it, each hash right. Its first event's link to
 * the run before it is left to joinSegments, so runs can be checked in any
 * order, or at once (lib/audit/verify-parallel.ts).
 */
export interface SegmentCheck {
  /** Events that passed, up to the first that did not. */
  count: number;
  /** The first event's id and prev_hash: what the run before must end with. */
  first: { id: number; prevHash: string } | null;
  /** The last event that passed. */
  last: { id: number; hash: string } | null;
  bad?: { id: number; problem: string };
}

const JUMP = (from: number, to: number) => `event ids jump from ${from} to ${to} (a row was deleted or inserted)`;
const BROKEN_LINK = "prev_hash does not match the previous event's hash";
const BAD_HASH = "hash does not match the event's content";

/**
 * Checks rows of HASHED_AUDIT_COLUMNS values followed by the stored hash, in
 * id order, as `${SELECT_HASHED_ROWS} … order by id` reads them with .raw().
 * Each row array is used up: the stored hash is popped off its end.
 */
export function checkSegment(rows: Iterable<unknown[]>): SegmentCheck {
  let count = 0;
  let first: SegmentCheck["first"] = null;
  let last: SegmentCheck["last"] = null;
  for (const row of rows) {
    const stored = row.pop();
    const id = row[ID];
    const prevHash = row[PREV_HASH];
    if (typeof id !== "number" || typeof prevHash !== "string" || typeof stored !== "string") {
      return {
        count,
        first,
        last,
        bad: {
          id: typeof id === "number" ? id : (last?.id ?? 0) + 1,
          problem: "an event's id or hashes are not what the schema allows",
        },
      };
    }
    if (first === null) first = { id, prevHash };
    else if (last !== null) {
      if (id !== last.id + 1) return { count, first, last, bad: { id, problem: JUMP(last.id, id) } };
      if (prevHash !== last.hash) return { count, first, last, bad: { id, problem: BROKEN_LINK } };
    }
    if (hashValues(row) !== stored) return { count, first, last, bad: { id, problem: BAD_HASH } };
    count += 1;
    last = { id, hash: stored };
  }
  return { count, first, last };
}

/**
 * Joins runs checked apart, in id order, into the check of the whole chain: each
 * run's first event must follow the last of the run before (the genesis hash
 * for the very first), and the first bad event anywhere is the one reported,
 * as a walk from the start would report it.
 */
export function joinSegments(segments: SegmentCheck[]): ChainCheck {
  let count = 0;
  let head: { id: number; hash: string } | null = null;
  for (const segment of segments) {
    const fail = (
      id: number,
      problem: string,
      passed: number,
      last: { id: number; hash: string } | null,
    ): ChainCheck => {
      const at = last ?? head;
      return {
        ok: false,
        count: count + passed,
        headId: at?.id ?? null,
        headHash: at?.hash ?? GENESIS_HASH,
        firstBadId: id,
        problem,
      };
    };
    if (segment.first) {
      if (head && segment.first.id !== head.id + 1)
        return fail(segment.first.id, JUMP(head.id, segment.first.id), 0, null);
      if (segment.first.prevHash !== (head?.hash ?? GENESIS_HASH)) return fail(segment.first.id, BROKEN_LINK, 0, null);
    }
    if (segment.bad) return fail(segment.bad.id, segment.bad.problem, segment.count, segment.last);
    count += segment.count;
    head = segment.last ?? head;
  }
  return { ok: true, count, headId: head?.id ?? null, headHash: head?.hash ?? GENESIS_HASH };
}

/**
 * Walks events in id order and checks that ids are consecutive, that each
 * event points at the hash before it and that its own hash is right.
 */
export function checkChain(events: Iterable<HashedAuditFields & { hash: string }>): ChainCheck {
  function* rows() {
    for (const event of events) yield [...valuesOf(event), event.hash];
  }
  return joinSegments([checkSegment(rows())]);
}
