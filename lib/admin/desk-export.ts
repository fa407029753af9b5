import "server-only";
import { createHash } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Writable } from "node:stream";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { z } from "zod";
import { openSnapshot, type Snapshot } from "@/db/client";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "@/db/private-files";
import { checkSegment, HASHED_AUDIT_COLUMNS, joinSegments, type ChainCheck, type SegmentCheck } from "@/lib/audit/chain";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";

/*
 * The full desk export (issue #14): every article, claim, piece of evidence,
 * publication, comment, correction request, user and audit event, as one
 * JSON Lines file per table plus a manifest (rows, bytes and SHA-256 of each
 * file, the audit chain's head and whether the exported chain verifies).
 *
 * Read from one snapshot (db/client.ts openSnapshot), so the files agree with
 * each other and with the chain head in the manifest, while the desk keeps
 * working. Streamed a page of rows at a time: a tar entry needs its size
 * before its bytes, so each file is read twice, once to measure and hash it,
 * once to send it; nothing is ever held whole in memory.
 *
 * Left out on purpose: password hashes, session versions, TOTP secrets and
 * recovery codes (credentials, useless anywhere else); readers' email
 * addresses, their address hashes and their private-link token hashes
 * (readers gave an address to get an answer, not to be in an archive;
 * `email_given` says whether one was given). Personal feed tokens, saved
 * views and intake suggestions are not part of the record either.
 */

export const EXPORT_FORMAT = "claimtrail-desk-export";
export const EXPORT_VERSION = 1;
export const MANIFEST_NAME = "manifest.json";
export const AUDIT_FILE = "audit-events.jsonl";
/** Rows read per page: small enough to keep the server answering between pages. */
const PAGE = 1000;

interface ExportSource {
  file: string;
  table: string;
  /** The selected columns, as SQL; every table is read in id order. */
  columns: string;
  /** A row as its JSON line's object. */
  line?: (row: Record<string, unknown>) => unknown;
}

/** The audit event as the audit log's own JSON Lines export writes it (lib/admin/audit-log.ts), so both verify alike. */
function auditLine(row: Record<string, unknown>) {
  return {
    id: row.id,
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const SOURCES: readonly ExportSource[] = [
  { file: "articles.jsonl", table: "articles", columns: "*" },
  { file: "claims.jsonl", table: "claims", columns: "*" },
  { file: "evidence.jsonl", table: "evidence", columns: "*" },
  { file: "publications.jsonl", table: "publications", columns: "*" },
  { file: "comments.jsonl", table: "comments", columns: "*" },
  {
    file: "correction-requests.jsonl",
    table: "correction_requests",
    // An allow-list: a column added later stays out until someone decides it belongs.
    columns:
      "id, claim_id, message, email is not null as email_given, state, created_at, handled_by, handled_at, review_started_at, public_answer, answered_at, publication_id",
    line: (row) => ({ ...row, email_given: row.email_given === 1 }),
  },
  {
    file: "users.jsonl",
    table: "users",
    columns: "id, email, name, role, disabled_at, created_at, totp_enabled_at",
  },
  { file: AUDIT_FILE, table: "audit_events", columns: `${HASHED_AUDIT_COLUMNS.join(", ")}, hash`, line: auditLine },
];

export const EXPORT_FILES = SOURCES.map((s) => s.file);

export interface ExportedFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface DeskExportManifest {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  createdAt: string;
  exportedBy: string;
  files: ExportedFile[];
  audit: { count: number; headId: number | null; headHash: string; verified: boolean; problem?: string };
  leftOut: string[];
}

export const EXPORT_LEFT_OUT = [
  "users: password hashes, session versions, TOTP secrets, recovery codes",
  "correction requests: readers' email addresses (email_given says whether one was given), address hashes, private-link token hashes",
  "personal feed tokens, saved views, intake suggestions, desk visits",
];

/** One page of a source's JSON lines after `afterId`. */
function page(snapshot: Snapshot, source: ExportSource, afterId: number): { lines: string[]; lastId: number } {
  const rows = snapshot.sqlite
    .prepare(`select ${source.columns} from ${source.table} where id > ? order by id limit ?`)
    .all(afterId, PAGE);
  const parsed = z.array(z.record(z.string(), z.unknown())).parse(rows);
  const last = parsed.at(-1);
  return {
    lines: parsed.map((row) => `${JSON.stringify(source.line ? source.line(row) : row)}\n`),
    lastId: last ? z.number().int().parse(last.id) : afterId,
  };
}

/** Every page of a source, yielding to the event loop between pages so a big export never stalls the server. */
async function* pages(snapshot: Snapshot, source: ExportSource, isStopped: () => boolean): AsyncGenerator<string[]> {
  let after = 0;
  for (;;) {
    if (isStopped()) return;
    const next = page(snapshot, source, after);
    if (next.lines.length === 0) return;
    yield next.lines;
    after = next.lastId;
    await nextTurn();
  }
}

// ---------------------------------------------------------------- checking the audit lines

const auditLineSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.number().int().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

/**
 * Checks audit events given as the export's JSON lines, a batch at a time:
 * each batch is a run for lib/audit/chain.ts checkSegment, and the runs are
 * joined as audit:verify joins them. A line that is not an event fails the
 * check, named by its line number.
 */
export class AuditLinesCheck {
  private readonly segments: SegmentCheck[] = [];
  private lineNumber = 0;
  private broken: ChainCheck | null = null;

  add(lines: readonly string[]): void {
    if (this.broken) return;
    const rows: unknown[][] = [];
    for (const line of lines) {
      this.lineNumber += 1;
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      const event = auditLineSchema.safeParse(value);
      if (!event.success) {
        this.segments.push(checkSegment(rows));
        const sofar = joinSegments(this.segments);
        this.broken = {
          ...sofar,
          ok: false,
          firstBadId: (sofar.headId ?? 0) + 1,
          problem: `line ${this.lineNumber} of ${AUDIT_FILE} is not an audit event`,
        };
        return;
      }
      const e = event.data;
      rows.push([e.id, e.at, e.actorKind, e.actorId, e.action, e.entityType, e.entityId, e.before, e.after, e.reason, e.prevHash, e.hash]);
    }
    this.segments.push(checkSegment(rows));
  }

  result(): ChainCheck {
    return this.broken ?? joinSegments(this.segments);
  }
}

/** Checks an exported audit-events.jsonl file on disk, streamed. */
export async function verifyAuditFile(file: string): Promise<ChainCheck> {
  const check = new AuditLinesCheck();
  let rest = "";
  for await (const chunk of fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = rest + String(chunk);
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    check.add(lines);
  }
  if (rest !== "") check.add([rest]);
  return check.result();
}

// ---------------------------------------------------------------- the export

export interface DeskExport {
  /** The audit head the export runs through (its own audit event comes after). */
  throughId: number;
  filename: string;
  /** Streams the gzipped tar archive into `out`; resolves with the manifest once it is written. */
  writeArchive(out: Writable): Promise<DeskExportManifest>;
  /** Writes the files and the manifest into a new, empty directory. */
  writeDirectory(dir: string): Promise<DeskExportManifest>;
  /** Stops a write part-way (a cancelled download) and lets the snapshot go. */
  close(): void;
}

function describeActor(by: Principal): string {
  return by.kind === "user" ? `user ${by.id} (${by.email})` : "system (command line)";
}

/**
 * Starts a full desk export for an admin (or the command line): takes the
 * snapshot, then records the export in the audit log (who, when, through
 * which event) before a single byte leaves. Call writeArchive or
 * writeDirectory once.
 */
export function startDeskExport(input: { by: Principal | null; file?: string }): DeskExport {
  authorize(input.by, "audit.read");
  const snapshot = openSnapshot(input.file);
  let stopped = false;
  const close = () => {
    stopped = true;
    snapshot.close();
  };
  try {
    const head = z
      .object({ id: z.number().int() })
      .optional()
      .parse(snapshot.sqlite.prepare("select id from audit_events order by id desc limit 1").get());
    const throughId = head?.id ?? 0;
    const createdAt = new Date().toISOString();
    const exportedBy = mutate({
      by: input.by,
      permission: "audit.read",
      write: (_tx, _data, by) => ({
        result: describeActor(by),
        audit: {
          action: "desk.exported",
          entityType: "desk",
          entityId: throughId,
          after: { throughId, files: EXPORT_FILES },
        },
      }),
    });
    const stamp = createdAt.slice(0, 10);
    return {
      throughId,
      filename: `claimtrail-desk-${stamp}-to-${throughId}.tar.gz`,
      close,
      writeArchive: (out) => writeArchive(snapshot, out, { createdAt, exportedBy }, () => stopped).finally(close),
      writeDirectory: (dir) => writeDirectory(snapshot, dir, { createdAt, exportedBy }, () => stopped).finally(close),
    };
  } catch (error) {
    close();
    throw error;
  }
}

interface Measured {
  file: ExportedFile;
  audit?: ChainCheck;
}

/** The first pass over a source: its rows, bytes and SHA-256, and for the audit log the chain check of its lines. */
async function measure(snapshot: Snapshot, source: ExportSource, isStopped: () => boolean): Promise<Measured> {
  const hash = createHash("sha256");
  let rows = 0;
  let bytes = 0;
  const check = source.file === AUDIT_FILE ? new AuditLinesCheck() : null;
  for await (const lines of pages(snapshot, source, isStopped)) {
    for (const line of lines) {
      hash.update(line, "utf8");
      bytes += Buffer.byteLength(line, "utf8");
    }
    rows += lines.length;
    check?.add(lines);
  }
  return { file: { name: source.file, rows, bytes, sha256: hash.digest("hex") }, audit: check?.result() };
}

function manifestOf(files: Measured[], meta: { createdAt: string; exportedBy: string }): DeskExportManifest {
  const audit = files.find((f) => f.audit)?.audit;
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    createdAt: meta.createdAt,
    exportedBy: meta.exportedBy,
    files: files.map((f) => f.file),
    audit: {
      count: audit?.count ?? 0,
      headId: audit?.headId ?? null,
      headHash: audit?.headHash ?? "",
      verified: audit?.ok ?? false,
      ...(audit?.problem ? { problem: `event ${audit.firstBadId}: ${audit.problem}` } : {}),
    },
    leftOut: EXPORT_LEFT_OUT,
  };
}

/** Where a chunk goes: a Node stream or a tar entry (streamx), either of which says when it is full. */
interface ChunkSink {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/** Writes a chunk and, when the sink's buffer is full, waits for it to drain: the reader sets the pace. */
async function write(sink: ChunkSink, chunk: string): Promise<void> {
  if (sink.write(chunk)) return;
  await new Promise<void>((resolve) => sink.once("drain", resolve));
}

function stoppedError(): AppError {
  return new AppError("unavailable", "The export was stopped before it finished.");
}

async function writeArchive(
  snapshot: Snapshot,
  out: Writable,
  meta: { createdAt: string; exportedBy: string },
  isStopped: () => boolean,
): Promise<DeskExportManifest> {
  const pack = tar.pack();
  const gzip = createGzip();
  pack.pipe(gzip).pipe(out);
  const finished = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("close", resolve);
    out.on("error", reject);
    gzip.on("error", reject);
  });
  const mtime = new Date(meta.createdAt);
  const measured: Measured[] = [];
  for (const source of SOURCES) {
    const m = await measure(snapshot, source, isStopped);
    if (isStopped()) throw stoppedError();
    measured.push(m);
    let entryDone: (error?: Error | null) => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      entryDone = (error) => (error ? reject(error) : resolve());
    });
    const entry = pack.entry({ name: source.file, size: m.file.bytes, mode: PRIVATE_FILE_MODE, mtime }, (error) => entryDone(error));
    for await (const lines of pages(snapshot, source, isStopped)) await write(entry, lines.join(""));
    if (isStopped()) throw stoppedError();
    entry.end(undefined);
    await done;
  }
  const manifest = manifestOf(measured, meta);
  const body = `${JSON.stringify(manifest, null, 2)}\n`;
  await new Promise<void>((resolve, reject) =>
    pack.entry({ name: MANIFEST_NAME, mode: PRIVATE_FILE_MODE, mtime }, body, (error) => (error ? reject(error) : resolve())),
  );
  pack.finalize();
  await finished;
  return manifest;
}

/** Refuses a directory that holds anything already, so no earlier export is mixed in. */
export function assertExportDirectory(dir: string): void {
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new AppError("invalid", `${dir} is not empty: give a new or empty directory, so no earlier export is mixed in.`);
  }
}

async function writeDirectory(
  snapshot: Snapshot,
  dir: string,
  meta: { createdAt: string; exportedBy: string },
  isStopped: () => boolean,
): Promise<DeskExportManifest> {
  assertExportDirectory(dir);
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const measured: Measured[] = [];
  for (const source of SOURCES) {
    const out = fs.createWriteStream(path.join(dir, source.file), { mode: PRIVATE_FILE_MODE, flags: "wx" });
    const hash = createHash("sha256");
    let rows = 0;
    let bytes = 0;
    for await (const lines of pages(snapshot, source, isStopped)) {
      const chunk = lines.join("");
      hash.update(chunk, "utf8");
      bytes += Buffer.byteLength(chunk, "utf8");
      rows += lines.length;
      await write(out, chunk);
    }
    out.end();
    await once(out, "close");
    if (isStopped()) throw stoppedError();
    const file: ExportedFile = { name: source.file, rows, bytes, sha256: hash.digest("hex") };
    // The chain is checked in the file as written, read back from disk.
    measured.push(source.file === AUDIT_FILE ? { file, audit: await verifyAuditFile(path.join(dir, source.file)) } : { file });
  }
  const manifest = manifestOf(measured, meta);
  fs.writeFileSync(path.join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE_MODE, flag: "wx" });
  return manifest;
}

// ---------------------------------------------------------------- checking an export on disk

const manifestSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  files: z.array(z.object({ name: z.string(), rows: z.number().int(), bytes: z.number().int(), sha256: z.string() })),
  audit: z.object({ count: z.number().int(), headId: z.number().int().nullable(), headHash: z.string() }).loose(),
}).loose();

export interface ExportCheck {
  ok: boolean;
  problems: string[];
  audit: ChainCheck;
}

/**
 * Checks an export directory: the manifest parses, each file's size and
 * SHA-256 match it, and the audit lines form an unbroken chain ending at the
 * manifest's head.
 */
export async function verifyExportDirectory(dir: string): Promise<ExportCheck> {
  const problems: string[] = [];
  let manifest: z.infer<typeof manifestSchema>;
  try {
    manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_NAME), "utf8")));
  } catch {
    throw new AppError("invalid", `${path.join(dir, MANIFEST_NAME)} is missing or is not a desk export manifest.`);
  }
  for (const file of manifest.files) {
    const full = path.join(dir, path.basename(file.name));
    if (!fs.existsSync(full)) {
      problems.push(`${file.name} is missing`);
      continue;
    }
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of fs.createReadStream(full)) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      hash.update(buffer);
      bytes += buffer.length;
    }
    if (bytes !== file.bytes || hash.digest("hex") !== file.sha256) problems.push(`${file.name} does not match its SHA-256 in the manifest`);
  }
  const audit = await verifyAuditFile(path.join(dir, AUDIT_FILE));
  if (!audit.ok) problems.push(`the audit chain breaks at event ${audit.firstBadId}: ${audit.problem}`);
  else if (audit.headId !== manifest.audit.headId || audit.headHash !== manifest.audit.headHash)
    problems.push(`the audit chain ends at event ${audit.headId}, not at the manifest's head ${manifest.audit.headId}`);
  return { ok: problems.length === 0, problems, audit };
}
