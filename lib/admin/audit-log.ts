import "server-only";
import path from "node:path";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { databaseFile, getConnection, getDb } from "@/db/client";
import { auditEvents, users, type ActorKind } from "@/db/schema";
import { appendAnchor, checkAnchors, readAnchors, type Anchor } from "@/lib/audit/anchor";
import { verifyAuditChain } from "@/lib/audit/events";
import { writesRefused } from "@/lib/audit/guard";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput } from "@/lib/validation";
import { auditFilterSchema, auditQuery, distinctValues, resolveFilters, type AuditFilters } from "./audit-query";
import { csvRow } from "./csv";

// The admin's view of the audit log (DESIGN.md, People and roles: an admin
// reads the whole audit log and verifies the chain). Every function checks
// "audit.read" first, whoever calls it.

export { AUDIT_FILTER_KEYS, type AuditFilters } from "./audit-query";

export interface AuditLogEntry {
  id: number;
  at: string;
  actor: { kind: ActorKind; id: number | null; name: string | null; email: string | null };
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  hash: string;
}

export interface AuditLogPage {
  events: AuditLogEntry[];
  /** Pass back as `cursor` for the next, older page; null on the last page. */
  nextCursor: number | null;
}

const pageSchema = z.object({
  cursor: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number({ message: "The page cursor must be an event id." })
      .int()
      .positive("The page cursor must be an event id.")
      .optional(),
  ),
  limit: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number({ message: "Limit must be a number from 1 to 200." })
      .int("Limit must be a whole number.")
      .min(1, "Limit must be a number from 1 to 200.")
      .max(200, "Limit must be a number from 1 to 200.")
      .default(50),
  ),
});

type FilterInput = { [K in keyof AuditFilters]?: unknown };

function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The stored rows for these ids with their actors' names, in id order either way. */
function loadRows(ids: number[], direction: "newest" | "oldest") {
  if (ids.length === 0) return [];
  return getDb()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorKind: auditEvents.actorKind,
      actorId: auditEvents.actorId,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      before: auditEvents.before,
      after: auditEvents.after,
      reason: auditEvents.reason,
      prevHash: auditEvents.prevHash,
      hash: auditEvents.hash,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorKind, "user"), eq(users.id, auditEvents.actorId)))
    .where(inArray(auditEvents.id, ids))
    .orderBy(direction === "newest" ? desc(auditEvents.id) : asc(auditEvents.id))
    .all();
}

/** Parses the filters and builds their query; null when they cannot match anything. */
function prepareQuery(filters: unknown) {
  const parsed = parseInput(auditFilterSchema, filters);
  const { sqlite } = getConnection();
  const resolved = resolveFilters(getDb(), sqlite, parsed);
  return { filters: parsed, query: resolved ? auditQuery(sqlite, resolved) : null };
}

/** One page of the audit log, newest first, filtered by actor, action, entity and dates (inclusive days, UTC). */
export function listAuditEvents(
  input: FilterInput & { by: Principal | null; cursor?: unknown; limit?: unknown },
): AuditLogPage {
  authorize(input.by, "audit.read");
  const { cursor, limit } = parseInput(pageSchema, { cursor: input.cursor, limit: input.limit });
  const { query } = prepareQuery({
    actor: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    from: input.from,
    to: input.to,
  });
  if (!query) return { events: [], nextCursor: null };
  // One more than asked for says whether an older page exists.
  const ids = query.ids({ direction: "newest", after: cursor, limit: limit + 1 });
  const pageIds = ids.slice(0, limit);
  const events = loadRows(pageIds, "newest").map((r): AuditLogEntry => ({
    id: r.id,
    at: r.at,
    actor: { kind: r.actorKind, id: r.actorId, name: r.actorName, email: r.actorEmail },
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    before: parseJson(r.before),
    after: parseJson(r.after),
    reason: r.reason,
    hash: r.hash,
  }));
  return { events, nextCursor: ids.length > limit ? (pageIds.at(-1) ?? null) : null };
}

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const formatSchema = z.enum(EXPORT_FORMATS, { message: "Format must be csv or jsonl." });

export interface AuditExport {
  format: ExportFormat;
  contentType: string;
  filename: string;
  /** How many events the export holds: those matching the filters up to the head when it started. */
  rows: number;
  /** The file, a line at a time (CSV lines end in CRLF, JSON Lines in LF). */
  lines: Iterable<string>;
}

const CSV_HEADER = [
  "id",
  "at",
  "actor_kind",
  "actor_id",
  "actor_name",
  "actor_email",
  "action",
  "entity_type",
  "entity_id",
  "before",
  "after",
  "reason",
  "prev_hash",
  "hash",
];

/** Rows are read in batches, each query finished before the next line is handed on, so a slow download never holds the connection. */
const EXPORT_BATCH = 500;

/**
 * The audit log, or the part matching the filters, oldest first, as CSV or
 * JSON Lines. JSON Lines carries each event exactly as stored (before and
 * after as their JSON text, prev_hash and hash), so anyone holding the file
 * can recompute the hashes; an unfiltered export is the whole chain. The
 * export is itself audited, before the first line, with its filters and size.
 */
export function exportAuditEvents(input: { by: Principal | null; filters?: unknown; format: unknown }): AuditExport {
  authorize(input.by, "audit.read");
  const by = input.by;
  const format = parseInput(z.object({ format: formatSchema }), { format: input.format }).format;
  const { filters, query } = prepareQuery(input.filters ?? {});
  // The export stops at today's head, so the event recording it (and anything later) stays out of it.
  const { rows, head } = mutate({
    by,
    permission: "audit.read",
    write: (tx) => {
      const last = tx.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get();
      const head = last?.id ?? 0;
      const rows = query ? query.count(head) : 0;
      return {
        result: { rows, head },
        audit: {
          action: "audit.exported",
          entityType: "audit",
          entityId: head,
          after: { format, filters, rows, throughId: head },
        },
      };
    },
  });

  function* lines(): Generator<string> {
    if (format === "csv") yield csvRow(CSV_HEADER);
    if (!query) return;
    let after: number | undefined;
    for (;;) {
      const ids = query.ids({ direction: "oldest", after, throughId: head, limit: EXPORT_BATCH });
      if (ids.length === 0) return;
      for (const r of loadRows(ids, "oldest")) {
        yield format === "csv"
          ? csvRow([
              r.id,
              r.at,
              r.actorKind,
              r.actorId,
              r.actorName,
              r.actorEmail,
              r.action,
              r.entityType,
              r.entityId,
              r.before,
              r.after,
              r.reason,
              r.prevHash,
              r.hash,
            ])
          : `${JSON.stringify({
              id: r.id,
              at: r.at,
              actorKind: r.actorKind,
              actorId: r.actorId,
              action: r.action,
              entityType: r.entityType,
              entityId: r.entityId,
              before: r.before,
              after: r.after,
              reason: r.reason,
              prevHash: r.prevHash,
              hash: r.hash,
            })}\n`;
      }
      after = ids.at(-1);
    }
  }

  const stamp = new Date().toISOString().slice(0, 10);
  return {
    format,
    contentType: format === "csv" ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8",
    filename: `claimtrail-audit-${stamp}-to-${head}.${format}`,
    rows,
    lines: lines(),
  };
}

// ---------------------------------------------------------------- chain and anchors

/**
 * AUDIT_ANCHOR_FILE, or a file named by a caller: a path, never the database
 * itself (appending a line to it would corrupt it).
 */
const anchorFileSchema = z
  .string({ message: "The anchor file must be a path." })
  .trim()
  .min(1, "The anchor file must be a path.")
  .max(4096, "The anchor file's path is too long.")
  .refine((v) => !v.includes("\0"), "The anchor file's path contains a NUL byte.")
  .transform((v) => path.resolve(v))
  .refine((file) => {
    const db = databaseFile();
    return ![db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(file);
  }, "The anchor file must not be the database or one of its own files.");

function anchorFileFrom(value: unknown): string | null {
  if (value === undefined || (typeof value === "string" && value.trim() === "")) return null;
  const parsed = anchorFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      "unavailable",
      `AUDIT_ANCHOR_FILE is not usable: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

/** Where anchors go, from AUDIT_ANCHOR_FILE; null when it is not set. */
export function configuredAnchorFile(env: NodeJS.ProcessEnv = process.env): string | null {
  return anchorFileFrom(env.AUDIT_ANCHOR_FILE);
}

export interface AuditChainStatus {
  ok: boolean;
  count: number;
  headId: number | null;
  headHash: string;
  firstBadId: number | null;
  problem: string | null;
  /** The anchor file checked, when one is configured. */
  anchorFile: string | null;
  lastAnchor: Anchor | null;
  anchorProblems: string[];
  /** Set when the append-only triggers are gone and the app refuses writes (lib/audit/guard.ts). */
  writesRefused: string | null;
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/**
 * Recomputes the whole hash chain (as npm run audit:verify does) and checks it
 * against the anchors written outside the database, which catch a log cut
 * back or rewritten wholesale behind them.
 */
export function auditChainStatus(input: { by: Principal | null; anchorFile?: unknown }): AuditChainStatus {
  authorize(input.by, "audit.read");
  const anchorFile = input.anchorFile === undefined ? configuredAnchorFile() : anchorFileFrom(input.anchorFile);
  const { sqlite } = getConnection();
  const check = verifyAuditChain(sqlite);
  let anchors: Anchor[] = [];
  const anchorProblems: string[] = [];
  if (anchorFile) {
    try {
      anchors = readAnchors(anchorFile);
    } catch (error) {
      // No file yet just means nothing was anchored yet.
      if (!isMissingFile(error))
        anchorProblems.push(`Cannot read the anchor file: ${error instanceof Error ? error.message : String(error)}`);
    }
    anchorProblems.push(...checkAnchors(sqlite, anchors).map((p) => p.problem));
  }
  return {
    ok: check.ok,
    count: check.count,
    headId: check.headId,
    headHash: check.headHash,
    firstBadId: check.firstBadId ?? null,
    problem: check.problem ?? null,
    anchorFile,
    lastAnchor: anchors.at(-1) ?? null,
    anchorProblems,
    writesRefused: writesRefused(),
  };
}

/**
 * Writes the chain's head to AUDIT_ANCHOR_FILE, as npm run audit:anchor --
 * --append does, and audits it (see recordAnchor).
 */
export function anchorNow(input: { by: Principal | null }): Anchor {
  authorize(input.by, "audit.read");
  const file = configuredAnchorFile();
  if (!file) {
    throw new AppError(
      "rule",
      "Anchoring from here needs AUDIT_ANCHOR_FILE: set it to a file kept outside the database and restart the server, or run npm run audit:anchor -- --append FILE.",
    );
  }
  return recordAnchor({ by: input.by, file });
}

/**
 * Takes an anchor of the chain's head, appends it to `file` when one is given
 * and records it as an "audit.anchored" event, which /transparency and its
 * feed publish (issue #14, part 7): the desk's "Anchor now" and npm run
 * audit:anchor both come here, so the public list holds every anchor. The
 * head is read under the write lock, so the anchor names an event that is
 * committed and stays the head until the event recording it.
 */
export function recordAnchor(input: { by: Principal | null; file: unknown }): Anchor {
  authorize(input.by, "audit.read");
  const file = input.file === null ? null : namedAnchorFile(input.file);
  return mutate({
    by: input.by,
    permission: "audit.read",
    write: (tx) => {
      const head = tx
        .select({ id: auditEvents.id, hash: auditEvents.hash })
        .from(auditEvents)
        .orderBy(desc(auditEvents.id))
        .limit(1)
        .get();
      if (!head) throw new AppError("rule", "The audit log is empty; there is nothing to anchor yet.");
      const anchor: Anchor = { id: head.id, hash: head.hash, at: new Date().toISOString() };
      if (file) {
        try {
          appendAnchor(file, anchor);
        } catch (error) {
          const reason = error instanceof Error && "code" in error ? String(error.code) : "write failed";
          throw new AppError(
            "unavailable",
            `Could not write to the anchor file ${file} (${reason}); nothing was anchored.`,
          );
        }
      }
      return {
        result: anchor,
        audit: { action: "audit.anchored", entityType: "audit", entityId: head.id, after: { ...anchor, file } },
      };
    },
  });
}

/** A file named by the caller (the command line's --append): the same rules as AUDIT_ANCHOR_FILE. */
function namedAnchorFile(value: unknown): string {
  const parsed = anchorFileSchema.safeParse(value);
  if (!parsed.success) throw new AppError("invalid", parsed.error.issues[0]?.message ?? "The anchor file must be a path.");
  return parsed.data;
}

/** The actions and entity types ever logged, to offer in the filter form. */
export function auditFilterChoices(input: { by: Principal | null }): { actions: string[]; entityTypes: string[] } {
  authorize(input.by, "audit.read");
  const { sqlite } = getConnection();
  return {
    actions: distinctValues(sqlite, "action", { max: 300 }),
    entityTypes: distinctValues(sqlite, "entity_type", { max: 300 }),
  };
}
