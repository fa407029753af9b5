import "server-only";
import { eq } from "drizzle-orm";
import type Database from "better-sqlite3";
import { z } from "zod";
import type { Reader } from "@/db/client";
import { users } from "@/db/schema";
import { emailSchema } from "@/lib/users/users";
import { AppError } from "@/lib/errors";

// The audit log's filters, parsed from outside input, and the query they make.
// With a million events (DESIGN.md, Performance budgets) SQLite's planner,
// which has no statistics here, can pick an index that costs seconds; so the
// query names its index itself, chosen by a cheap probe of each candidate,
// and a date range becomes a range of ids, which every index ends in.

const ACTOR_HINT = "Actor must be system, public, a user's email or a user's id number.";
const ACTION_HINT = "Action must be a name like claim.status_changed, or a prefix ending in a dot like claim.";

/** Blank form fields mean "no filter". */
const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = <S extends z.ZodType>(schema: S) => z.preprocess(blank, schema.optional());

const dateSchema = z.iso.date({ message: "Use a date like 2026-03-05." });

/** The filters as text, checked: what the form shows, links carry and the export's audit event records. */
export const auditFilterSchema = z
  .object({
    actor: optionalText(
      z
        .string()
        .trim()
        .max(254, ACTOR_HINT)
        .refine(
          (v) => /^(system|public)$/i.test(v) || /^[1-9]\d{0,9}$/.test(v) || emailSchema.safeParse(v).success,
          ACTOR_HINT,
        )
        .transform((v) => (v.includes("@") ? emailSchema.parse(v) : v.toLowerCase())),
    ),
    action: optionalText(
      z
        .string()
        .trim()
        .toLowerCase()
        .max(100, ACTION_HINT)
        .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*(\.\*?)?$/, ACTION_HINT)
        .transform((v) => v.replace(/\*$/, "")),
    ),
    entityType: optionalText(z.string().trim().max(60, "Entity type is at most 60 characters.")),
    entityId: optionalText(z.string().trim().max(200, "Entity id is at most 200 characters.")),
    from: optionalText(dateSchema),
    to: optionalText(dateSchema),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "The end date must be on or after the start date.",
    path: ["to"],
  });

export type AuditFilters = z.output<typeof auditFilterSchema>;
export const AUDIT_FILTER_KEYS = [
  "actor",
  "action",
  "entityType",
  "entityId",
  "from",
  "to",
] as const satisfies readonly (keyof AuditFilters)[];

type ActorCondition = { kind: "user"; id: number } | { kind: "system" } | { kind: "public" };

/** The filters turned into what the query compares: a user's id, the actions under a prefix, instants. */
interface ResolvedQuery {
  actor?: ActorCondition;
  actions?: string[];
  /** One type, or every type ever logged when only an entity id is given: the entity index starts with the type. */
  entityTypes?: string[];
  entityId?: string;
  /** Inclusive lower bound on `at`: the start of the `from` day, UTC. */
  fromAt?: string;
  /** Exclusive upper bound on `at`: the start of the day after `to`, UTC. */
  beforeAt?: string;
}

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString();
}

/** The string just above every string that starts with `prefix`, for an index range. */
function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The distinct values of an indexed column from `start` (exclusive) up to
 * `end`, found by skipping through the index one value at a time: a lookup per
 * value, however many events share it.
 */
export function distinctValues(
  sqlite: Database.Database,
  column: "action" | "entity_type",
  options: { start?: string; end?: string; max?: number } = {},
): string[] {
  const index = column === "action" ? "audit_events_action_idx" : "audit_events_entity_idx";
  const next = sqlite.prepare<[string, string], { value: string }>(
    `select ${column} as value from audit_events indexed by ${index} where ${column} > ? and ${column} < ? order by ${column} limit 1`,
  );
  // The last code point: its UTF-8 bytes sort after those of any other text.
  const end = options.end ?? "\u{10FFFF}";
  const found: string[] = [];
  for (
    let row = next.get(options.start ?? "", end);
    row && found.length < (options.max ?? Infinity);
    row = next.get(row.value, end)
  ) {
    found.push(row.value);
  }
  return found;
}

/** Every action logged under a prefix. A prefix ends in a dot, which no action does, so "> prefix" starts at the first one. */
function actionsUnder(sqlite: Database.Database, prefix: string): string[] {
  return distinctValues(sqlite, "action", { start: prefix, end: prefixEnd(prefix) });
}

export function resolveFilters(reader: Reader, sqlite: Database.Database, filters: AuditFilters): ResolvedQuery | null {
  const query: ResolvedQuery = {};
  const actor = filters.actor;
  if (actor === "system" || actor === "public") query.actor = { kind: actor };
  else if (actor?.includes("@")) {
    const user = reader.select({ id: users.id }).from(users).where(eq(users.email, actor)).get();
    if (!user)
      throw new AppError("invalid", `No user has the email ${actor}.`, { actor: [`No user has the email ${actor}.`] });
    query.actor = { kind: "user", id: user.id };
  } else if (actor) query.actor = { kind: "user", id: Number(actor) };
  if (filters.action?.endsWith(".")) {
    query.actions = actionsUnder(sqlite, filters.action);
    // Nothing was ever logged under that prefix: no query needed.
    if (query.actions.length === 0) return null;
  } else if (filters.action) query.actions = [filters.action];
  if (filters.entityType) query.entityTypes = [filters.entityType];
  else if (filters.entityId) query.entityTypes = distinctValues(sqlite, "entity_type");
  if (filters.entityId) query.entityId = filters.entityId;
  if (filters.from) query.fromAt = `${filters.from}T00:00:00.000Z`;
  if (filters.to) query.beforeAt = nextDay(filters.to);
  return query;
}

type Param = string | number;

interface Clause {
  sql: string;
  params: Param[];
}

interface Candidate extends Clause {
  index: string;
  /** The index holds matching events in id order: a page stops after `limit` of them, and an id range is a seek. */
  ordered: boolean;
}

// ---------------------------------------------------------------- dates as id ranges

interface TimeOrder {
  /** The newest event checked so far, and the latest time seen up to it. */
  checkedThrough: number;
  latestAt: string;
  /** Whether no event was ever recorded with an earlier time than one before it. */
  holds: boolean;
}

const timeOrders = new WeakMap<Database.Database, TimeOrder>();

/**
 * Whether `at` never goes down as ids go up. Events are numbered and stamped
 * under the same write lock, so it holds unless the clock was set back. While
 * it holds, a date range is exactly a range of ids, which every index ends in.
 * The whole log is checked once per process (reading the date index, in id
 * order exactly when this holds), then only the events added since.
 */
function timeFollowsIds(sqlite: Database.Database): boolean {
  let order = timeOrders.get(sqlite);
  if (!order) {
    const ids = sqlite
      .prepare<[], number>("select id from audit_events indexed by audit_events_at_idx order by at, id")
      .pluck()
      .all();
    const holds = ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0));
    const last = ids.at(-1);
    const latest =
      last === undefined
        ? undefined
        : sqlite.prepare<[number], string>("select at from audit_events where id = ?").pluck().get(last);
    order = { checkedThrough: holds ? (last ?? 0) : 0, latestAt: latest ?? "", holds };
    timeOrders.set(sqlite, order);
  }
  if (!order.holds) return false;
  const added = sqlite
    .prepare<[number], { id: number; at: string }>("select id, at from audit_events where id > ? order by id")
    .all(order.checkedThrough);
  for (const event of added) {
    if (event.at < order.latestAt) {
      order.holds = false;
      return false;
    }
    order.latestAt = event.at;
    order.checkedThrough = event.id;
  }
  return true;
}

/** The ids of the first and last events in the date range, or null when it holds none. */
function idRange(sqlite: Database.Database, query: ResolvedQuery): { first: number; last: number } | null {
  const first =
    query.fromAt === undefined
      ? 1
      : sqlite
          .prepare<[string], number>(
            "select id from audit_events indexed by audit_events_at_idx where at >= ? order by at, id limit 1",
          )
          .pluck()
          .get(query.fromAt);
  const last =
    query.beforeAt === undefined
      ? Number.MAX_SAFE_INTEGER
      : sqlite
          .prepare<[string], number>(
            "select id from audit_events indexed by audit_events_at_idx where at < ? order by at desc, id desc limit 1",
          )
          .pluck()
          .get(query.beforeAt);
  return first === undefined || last === undefined || first > last ? null : { first, last };
}

// ---------------------------------------------------------------- the query

function clauses(
  query: ResolvedQuery,
  ids: { first: number; last: number } | undefined,
): { where: Clause[]; candidates: Candidate[] } {
  const where: Clause[] = [];
  const candidates: Candidate[] = [];
  const add = (clause: Clause, index: string, ordered: boolean) => {
    where.push(clause);
    candidates.push({ ...clause, index, ordered });
  };
  const types = query.entityTypes?.map(() => "?").join(", ");
  if (query.entityTypes && query.entityId !== undefined) {
    add(
      { sql: `entity_type in (${types}) and entity_id = ?`, params: [...query.entityTypes, query.entityId] },
      "audit_events_entity_idx",
      true,
    );
  } else if (query.entityTypes) {
    add({ sql: `entity_type in (${types})`, params: query.entityTypes }, "audit_events_entity_idx", false);
  }
  if (query.actor) {
    add(
      query.actor.kind === "user"
        ? { sql: "actor_kind = 'user' and actor_id = ?", params: [query.actor.id] }
        : { sql: "actor_kind = ? and actor_id is null", params: [query.actor.kind] },
      "audit_events_actor_idx",
      true,
    );
  }
  if (query.actions) {
    // One index range per action, each in id order: SQLite merges their newest events.
    add(
      { sql: `action in (${query.actions.map(() => "?").join(", ")})`, params: query.actions },
      "audit_events_action_idx",
      true,
    );
  }
  const dates: Clause[] = [];
  if (query.fromAt !== undefined) dates.push({ sql: "at >= ?", params: [query.fromAt] });
  if (query.beforeAt !== undefined) dates.push({ sql: "at < ?", params: [query.beforeAt] });
  if (dates.length > 0) {
    const clause = { sql: dates.map((d) => d.sql).join(" and "), params: dates.flatMap((d) => d.params) };
    if (ids) {
      // The times stay as a check; the id range is what the indexes use.
      where.push(clause, { sql: "id between ? and ?", params: [ids.first, ids.last] });
    } else add(clause, "audit_events_at_idx", false);
  }
  return { where, candidates };
}

/** Probes stop counting here: anything under it costs at most this many index steps to read whole. */
const PROBE_CAP = 2000;

/**
 * Which index drives the query. A filter that matches few events wins
 * outright; otherwise an index that yields events in id order, so a page
 * stops early; otherwise the table, newest first, within the date range's
 * ids; and when dates are not in id order, a closed date range is read from
 * the date index rather than walking every newer event.
 */
function drivingIndex(
  sqlite: Database.Database,
  query: ResolvedQuery,
  candidates: Candidate[],
  ids: { first: number; last: number } | undefined,
): string | null {
  let best: { index: string; count: number } | null = null;
  for (const candidate of candidates) {
    const range =
      ids && candidate.ordered
        ? { sql: " and id between ? and ?", params: [ids.first, ids.last] }
        : { sql: "", params: [] };
    const n = sqlite
      .prepare<Param[], number>(
        `select count(*) from (select 1 from audit_events indexed by ${candidate.index} where ${candidate.sql}${range.sql} limit ${PROBE_CAP})`,
      )
      .pluck()
      .get(...candidate.params, ...range.params);
    if (n !== undefined && n < PROBE_CAP && (!best || n < best.count)) best = { index: candidate.index, count: n };
  }
  if (best) return best.index;
  const ordered = candidates.find((c) => c.ordered);
  if (ordered) return ordered.index;
  if (!ids && query.beforeAt !== undefined) return "audit_events_at_idx";
  return null;
}

export interface AuditQuery {
  /** Ids of matching events past `after` in the given direction, at most `limit`, and never above `throughId`. */
  ids(options: { direction: "newest" | "oldest"; after?: number; throughId?: number; limit: number }): number[];
  count(throughId: number): number;
}

const NOTHING: AuditQuery = { ids: () => [], count: () => 0 };

export function auditQuery(sqlite: Database.Database, query: ResolvedQuery): AuditQuery {
  let ids: { first: number; last: number } | undefined;
  if ((query.fromAt !== undefined || query.beforeAt !== undefined) && timeFollowsIds(sqlite)) {
    const range = idRange(sqlite, query);
    if (!range) return NOTHING;
    ids = range;
  }
  const { where, candidates } = clauses(query, ids);
  const index = drivingIndex(sqlite, query, candidates, ids);
  const from = `audit_events ${index ? `indexed by ${index}` : "not indexed"}`;
  const build = (extra: Clause[]) => {
    const all = [...where, ...extra];
    return {
      sql: all.length > 0 ? `where ${all.map((c) => `(${c.sql})`).join(" and ")}` : "",
      params: all.flatMap((c) => c.params),
    };
  };
  return {
    ids({ direction, after, throughId, limit }) {
      const extra: Clause[] = [];
      if (after !== undefined) extra.push({ sql: direction === "newest" ? "id < ?" : "id > ?", params: [after] });
      if (throughId !== undefined) extra.push({ sql: "id <= ?", params: [throughId] });
      const { sql, params } = build(extra);
      return sqlite
        .prepare<Param[], number>(
          `select id from ${from} ${sql} order by id ${direction === "newest" ? "desc" : "asc"} limit ${Math.trunc(limit)}`,
        )
        .pluck()
        .all(...params);
    },
    count(throughId) {
      const { sql, params } = build([{ sql: "id <= ?", params: [throughId] }]);
      return (
        sqlite
          .prepare<Param[], number>(`select count(*) from ${from} ${sql}`)
          .pluck()
          .get(...params) ?? 0
      );
    },
  };
}
