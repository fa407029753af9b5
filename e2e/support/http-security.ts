/**
 * What the security specs (issue #4, items 7, 8, 9 and 11) share: the e2e
 * database read beside the running server, the build's own lists of server
 * actions and route handlers, server actions posted over HTTP the way a
 * browser sends them, sign-in through next-auth's real endpoints, and the
 * user CLI.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { APIRequest, APIRequestContext, APIResponse } from "@playwright/test";
import { z } from "zod";

// ---------------------------------------------------------------- the database

/** Reads the e2e database through a read-only connection beside the running server. */
export function readDatabase<T>(read: (db: Database.Database) => T): T {
  const file = path.resolve((process.env.DATABASE_URL ?? "").replace(/^file:/, ""));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const countRow = z.object({ n: z.number() });
const nameRow = z.object({ name: z.string() });

/** One row's columns, as the caller's schema says they are. */
export function queryRow<T>(schema: z.ZodType<T>, sql: string, ...params: unknown[]): T {
  return readDatabase((db) => schema.parse(db.prepare(sql).get(...params)));
}

export function queryRows<T>(schema: z.ZodType<T>, sql: string, ...params: unknown[]): T[] {
  return readDatabase((db) => z.array(schema).parse(db.prepare(sql).all(...params)));
}

export interface DatabaseSnapshot {
  /** Every table but BOOKKEEPING_TABLES (FTS shadow tables and drizzle's journal included): its row count and a digest of every row. */
  tables: Record<string, { rows: number; digest: string }>;
  auditEvents: number;
  lastAuditId: number;
}

/**
 * Columns left out of a snapshot: bookkeeping any signed-in request may move,
 * not a write anyone asked for (lib/users/sessions.ts, "last seen").
 */
const BOOKKEEPING_COLUMNS: Record<string, readonly string[]> = { user_sessions: ["last_seen_at"] };

/**
 * Tables left out whole, for the same reason: the page cache, which any
 * request for a page may fill (lib/cache/handler.mjs), and the rate limits'
 * counters, which a refused attempt is meant to move (lib/limits/store.ts).
 * cache_tags stays in: only a change to the desk may expire a page.
 */
const BOOKKEEPING_TABLES: readonly string[] = ["cache_entries", "rate_limits"];

function snapshotColumns(db: Database.Database, table: string): string {
  const skip = BOOKKEEPING_COLUMNS[table];
  if (!skip) return "*";
  return db
    .prepare(`select name from pragma_table_info(?)`)
    .all(table)
    .map((row) => nameRow.parse(row).name)
    .filter((name) => !skip.includes(name))
    .map((name) => `"${name.replaceAll('"', '""')}"`)
    .join(", ");
}

/** The whole database in a few hashes: two equal snapshots mean nothing was written in between. */
export function snapshotDatabase(): DatabaseSnapshot {
  return readDatabase((db) => {
    const names = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all()
      .map((row) => nameRow.parse(row).name)
      .filter((name) => !BOOKKEEPING_TABLES.includes(name));
    const tables: DatabaseSnapshot["tables"] = {};
    for (const name of names) {
      const hash = createHash("sha256");
      let rows = 0;
      for (const row of db
        .prepare(`select ${snapshotColumns(db, name)} from "${name.replaceAll('"', '""')}"`)
        .raw()
        .iterate()) {
        hash.update(JSON.stringify(row));
        hash.update("\n");
        rows += 1;
      }
      tables[name] = { rows, digest: hash.digest("hex") };
    }
    const last = z
      .object({ id: z.number().nullable() })
      .parse(db.prepare("select max(id) as id from audit_events").get());
    return { tables, auditEvents: tables.audit_events?.rows ?? 0, lastAuditId: last.id ?? 0 };
  });
}

/** The tables whose rows differ between two snapshots, with their row counts before → after. */
export function changedTables(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = [...new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])].sort();
  return names
    .filter((name) => before.tables[name]?.digest !== after.tables[name]?.digest)
    .map((name) => `${name} (${before.tables[name]?.rows ?? "-"} → ${after.tables[name]?.rows ?? "-"} rows)`);
}

export function countRows(table: string, where = "1 = 1", ...params: unknown[]): number {
  return queryRow(countRow, `select count(*) as n from "${table}" where ${where}`, ...params).n;
}

const auditRow = z.object({
  id: z.number(),
  actor_kind: z.string(),
  actor_id: z.number().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  reason: z.string().nullable(),
  after: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditRow>;

/** Audit events newer than `id`, oldest first. */
export function auditEventsAfter(id: number): AuditRow[] {
  return queryRows(
    auditRow,
    "select id, actor_kind, actor_id, action, entity_type, entity_id, reason, after from audit_events where id > ? order by id",
    id,
  );
}

export function lastAuditHash(): string {
  return queryRow(z.object({ hash: z.string() }), "select hash from audit_events order by id desc limit 1").hash;
}

export function userId(email: string): number {
  return queryRow(z.object({ id: z.number() }), "select id from users where email = ?", email.toLowerCase()).id;
}

export function sessionVersion(email: string): number {
  return queryRow(
    z.object({ v: z.number() }),
    "select session_version as v from users where email = ?",
    email.toLowerCase(),
  ).v;
}

// ---------------------------------------------------------------- the build's manifests

const nextServer = path.join(process.cwd(), ".next", "server");

// `next build` lists every server action: { node: { [actionId]: { workers, filename, exportedName } }, edge: {...} }.
const actionManifestSchema = z.object({
  node: z.record(z.string(), z.object({ exportedName: z.string().optional(), filename: z.string().optional() })),
  edge: z
    .record(z.string(), z.object({ exportedName: z.string().optional(), filename: z.string().optional() }))
    .optional(),
});

export interface ServerAction {
  id: string;
  /** "app/…/actions.ts#exportedName": what the matrix is keyed by, stable across builds (ids are not). */
  key: string;
}

export function serverActions(): ServerAction[] {
  const manifest = actionManifestSchema.parse(
    JSON.parse(fs.readFileSync(path.join(nextServer, "server-reference-manifest.json"), "utf8")),
  );
  const entries = [...Object.entries(manifest.node), ...Object.entries(manifest.edge ?? {})];
  const byId = new Map(
    entries.map(([id, info]) => [id, { id, key: `${info.filename ?? "?"}#${info.exportedName ?? "?"}` }]),
  );
  return [...byId.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Every route handler in the build as its URL pattern ("/api/v1/claims/[slug]"),
 * from .next/server/app-paths-manifest.json: route groups dropped, "/route" cut.
 */
export function routeHandlerPatterns(): string[] {
  const manifest = z
    .record(z.string(), z.string())
    .parse(JSON.parse(fs.readFileSync(path.join(nextServer, "app-paths-manifest.json"), "utf8")));
  return Object.keys(manifest)
    .filter((entry) => entry.endsWith("/route"))
    .map((entry) =>
      entry
        .slice(0, -"/route".length)
        .split("/")
        .filter((segment) => !/^\(.*\)$/.test(segment))
        .join("/"),
    )
    .sort();
}

// ---------------------------------------------------------------- server actions over HTTP

export type FormFields = Record<string, string>;

/**
 * The three shapes a browser sends a server action in: the React client with
 * (prevState, formData) arguments (what useActionState forms send), with
 * (formData) only, and a no-JavaScript form post. The JS shapes put the root
 * field "0" last: Next decodes the body as it streams.
 */
export const ACTION_BODY_SHAPES = ["js-with-state", "js-form-only", "no-js"] as const;
export type ActionBodyShape = (typeof ACTION_BODY_SHAPES)[number];

function actionBody(
  id: string,
  fields: FormFields,
  shape: ActionBodyShape,
): { headers: Record<string, string>; multipart: FormData } {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(shape === "no-js" ? name : `_1_${name}`, value);
  if (shape === "no-js") {
    form.append(`$ACTION_ID_${id}`, "");
    return { headers: {}, multipart: form };
  }
  form.append("0", JSON.stringify(shape === "js-with-state" ? [null, "$K1"] : ["$K1"]));
  return { headers: { "Next-Action": id, Accept: "text/x-component" }, multipart: form };
}

export interface ActionOutcome {
  status: number;
  /** Where a plain redirect points (proxy.ts, a page's redirect()). */
  location: string | null;
  /** A server action's redirect() answer to a JS call. */
  actionRedirect: string | null;
  /** The ActionState the action returned, when the answer carries one. */
  state: "ok" | "error" | null;
  message: string | null;
  text: string;
}

// lib/actions.ts builds every outcome as { ok, message, ... }, so the two keys arrive in that order.
const STATE_IN_FLIGHT = /"ok":(true|false),"message":"((?:[^"\\]|\\.)*)"/;

export async function readActionOutcome(response: APIResponse): Promise<ActionOutcome> {
  const text = await response.text();
  const match = STATE_IN_FLIGHT.exec(text);
  const headers = response.headers();
  return {
    status: response.status(),
    location: headers["location"] ?? null,
    actionRedirect: headers["x-action-redirect"] ?? null,
    state: match?.[1] === "true" ? "ok" : match?.[1] === "false" ? "error" : null,
    message: match?.[2] !== undefined ? z.string().parse(JSON.parse(`"${match[2]}"`)) : null,
    text,
  };
}

export async function postAction(
  context: APIRequestContext,
  input: {
    id: string;
    path: string;
    fields: FormFields;
    shape: ActionBodyShape;
    origin: string;
    headers?: Record<string, string>;
  },
): Promise<ActionOutcome> {
  const body = actionBody(input.id, input.fields, input.shape);
  const response = await context.post(input.path, {
    headers: { Origin: input.origin, ...body.headers, ...input.headers },
    multipart: body.multipart,
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  return readActionOutcome(response);
}

// ---------------------------------------------------------------- sign-in over HTTP

export const SESSION_COOKIE = "next-auth.session-token";

export interface Credentials {
  email: string;
  password: string;
}

export interface SignInAnswer {
  status: number;
  /** Where next-auth sends the browser: the callback on success, /signin?error=… on failure. */
  url: string;
  signedIn: boolean;
}

const csrfAnswer = z.object({ csrfToken: z.string().min(1) });
const callbackAnswer = z.object({ url: z.string() });

/**
 * One sign-in as the sign-in form makes it: next-auth's CSRF token, then the
 * credentials callback with json=true. `address` is sent as X-Forwarded-For,
 * the hop a proxy in front of the desk would add (lib/http/client-address.ts).
 */
export async function attemptSignIn(
  context: APIRequestContext,
  credentials: Credentials,
  address?: string,
): Promise<SignInAnswer> {
  const headers: Record<string, string> = address ? { "X-Forwarded-For": address } : {};
  const csrf = csrfAnswer.parse(await (await context.get("/api/auth/csrf", { headers })).json());
  const response = await context.post("/api/auth/callback/credentials", {
    headers,
    form: {
      email: credentials.email,
      password: credentials.password,
      csrfToken: csrf.csrfToken,
      callbackUrl: "/review",
      json: "true",
    },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const setCookie = response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  return {
    status: response.status(),
    url: callbackAnswer.parse(await response.json()).url,
    signedIn: setCookie.some(
      (cookie) => cookie.startsWith(`${SESSION_COOKIE}=`) && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie),
    ),
  };
}

/** A request context (its own cookie jar) holding a real session cookie for `credentials`. */
export async function signInOverHttp(
  request: APIRequest,
  baseURL: string,
  credentials: Credentials,
): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  const answer = await attemptSignIn(context, credentials);
  if (!answer.signedIn)
    throw new Error(`Could not sign in ${credentials.email} over HTTP: ${answer.status} ${answer.url}`);
  return context;
}

/** The session cookie a context holds, as `name=value` for a Cookie header. */
export async function sessionCookie(context: APIRequestContext): Promise<string> {
  const cookie = (await context.storageState()).cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error("This context holds no session cookie.");
  return `${cookie.name}=${cookie.value}`;
}

/** Signs out as the sign-out button does: CSRF token, then POST /api/auth/signout. */
export async function signOutOverHttp(context: APIRequestContext): Promise<APIResponse> {
  const csrf = csrfAnswer.parse(await (await context.get("/api/auth/csrf")).json());
  return context.post("/api/auth/signout", {
    form: { csrfToken: csrf.csrfToken, json: "true" },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
}

/** lib/auth/login-throttle.ts: the first block after the free failures. */
const BASE_DELAY_MS = 1_000;

/**
 * Fails until the throttle has blocked `blocks` times in a row: the first
 * block lasts BASE_DELAY_MS, and each failure after a block runs out doubles
 * it. `from` is the address each attempt names in X-Forwarded-For (a
 * function for a new one each time). Returns the answers; the caller's next
 * attempt comes inside the last (4 s) block.
 */
export async function failUntilBlocked(
  context: APIRequestContext,
  attempts: () => Credentials,
  from: string | (() => string),
  freeFailures: number,
  blocks: number,
): Promise<SignInAnswer[]> {
  const address = typeof from === "string" ? () => from : from;
  const answers: SignInAnswer[] = [];
  for (let i = 0; i < freeFailures + 1; i += 1) answers.push(await attemptSignIn(context, attempts(), address()));
  for (let block = 1; block < blocks; block += 1) {
    await new Promise((resolve) => setTimeout(resolve, BASE_DELAY_MS * 2 ** (block - 1) + 300));
    answers.push(await attemptSignIn(context, attempts(), address()));
  }
  return answers;
}

// ---------------------------------------------------------------- the user CLI

const tsxCli = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");

/** `npm run user -- …args` against the e2e database (a password, when asked for, on stdin). */
export function userCli(args: string[], stdin = ""): Promise<string> {
  if (!process.env.DATABASE_URL)
    throw new Error("DATABASE_URL is not set: run the browser tests with `npm run test:e2e`.");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, "--conditions=react-server", "scripts/user.ts", ...args], {
      env: process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`user ${args.join(" ")} exited ${code}:\n${stderr || stdout}`)),
    );
    child.stdin.end(stdin);
  });
}

// ---------------------------------------------------------------- counting

/** How many requests a spec sent, and how many of them were refused or allowed, per kind of target. */
export class RequestTally {
  private readonly rows = new Map<string, { sent: number; refused: number; allowed: number }>();

  add(kind: string, outcome: "refused" | "allowed"): void {
    const row = this.rows.get(kind) ?? { sent: 0, refused: 0, allowed: 0 };
    row.sent += 1;
    row[outcome] += 1;
    this.rows.set(kind, row);
  }

  total(): { sent: number; refused: number; allowed: number } {
    let sent = 0;
    let refused = 0;
    let allowed = 0;
    for (const row of this.rows.values()) {
      sent += row.sent;
      refused += row.refused;
      allowed += row.allowed;
    }
    return { sent, refused, allowed };
  }

  summary(title: string): string {
    const lines = [...this.rows.entries()].map(
      ([kind, r]) =>
        `  ${kind.padEnd(44)} sent ${String(r.sent).padStart(4)}  refused ${String(r.refused).padStart(4)}  allowed ${String(r.allowed).padStart(4)}`,
    );
    const t = this.total();
    return [
      title,
      ...lines,
      `  ${"TOTAL".padEnd(44)} sent ${String(t.sent).padStart(4)}  refused ${String(t.refused).padStart(4)}  allowed ${String(t.allowed).padStart(4)}`,
    ].join("\n");
  }
}
