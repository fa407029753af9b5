import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getConnection, writeTransaction } from "@/db/client";
import { readAnchors } from "@/lib/audit/anchor";
import { checkChain, hashAuditEvent } from "@/lib/audit/chain";
import { appendAuditEvent, PUBLIC, SYSTEM, type Actor } from "@/lib/audit/events";
import type { SessionUser } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import {
  anchorNow,
  auditChainStatus,
  auditFilterChoices,
  exportAuditEvents,
  listAuditEvents,
  type AuditFilters,
} from "./audit-log";
import { csvCell, csvRow } from "./csv";

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;
let editor: SessionUser;
let reviewer: SessionUser;
let scratch: string;

interface Row {
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

const sqlite = () => getConnection().sqlite;
const allRows = () => sqlite().prepare("select * from audit_events order by id").all() as Row[];
const auditCount = () => (sqlite().prepare("select count(*) as n from audit_events").get() as { n: number }).n;

/** A fixed pseudo-random sequence, so a failure replays exactly. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const ACTIONS: [string, string, number][] = [
  ["claim.status_changed", "claim", 40],
  ["evidence.added", "evidence", 25],
  ["user.login", "user", 18],
  ["user.login_failed", "user", 10],
  ["claim.published", "claim", 5],
  ["article.created", "article", 2],
];

const START = Date.parse("2025-01-01T00:00:00.000Z");

beforeAll(async () => {
  db = useTemporaryDatabase();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-admin-"));
  // The users are made "before" the seeded events, so times rise with ids as
  // they do in real use; the last test sets the clock back.
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2024-12-01T00:00:00.000Z") });
  admin = await makeUser("admin", "Ada Admin");
  editor = await makeUser("editor", "Eddie Editor");
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  vi.useRealTimers();
  // Six thousand events over about eighty days, so some filters match more
  // than the query planner's probe looks at and others only a handful.
  const next = random(42);
  const actors: Actor[] = [
    { kind: "user", id: admin.id },
    { kind: "user", id: editor.id },
    { kind: "user", id: reviewer.id },
    SYSTEM,
    PUBLIC,
  ];
  const total = ACTIONS.reduce((sum, [, , weight]) => sum + weight, 0);
  writeTransaction((tx) => {
    for (let n = 0; n < 6000; n += 1) {
      let pick = next() * total;
      const [action, entityType] = ACTIONS.find(([, , weight]) => (pick -= weight) <= 0) ?? [
        "claim.status_changed",
        "claim",
        0,
      ];
      const actor = actors[Math.floor(next() * actors.length)] ?? SYSTEM;
      appendAuditEvent(
        tx,
        {
          actor,
          action,
          entityType,
          entityId: 1 + Math.floor(next() * 40),
          before: { status: "unverified" },
          after: { status: n % 2 ? "sourced" : "disputed", n },
        },
        new Date(START + n * 19 * 60_000),
      );
    }
    // The day's last instant belongs to the day.
    appendAuditEvent(
      tx,
      { actor: SYSTEM, action: "test.edge", entityType: "test", entityId: "late" },
      new Date("2025-03-25T23:59:59.999Z"),
    );
    appendAuditEvent(
      tx,
      { actor: SYSTEM, action: "test.edge", entityType: "test", entityId: "early" },
      new Date("2025-03-26T00:00:00.000Z"),
    );
  });
});
afterAll(() => {
  db.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env.AUDIT_ANCHOR_FILE;
});

/** The filters' meaning, written out plainly, to check the indexed query against. */
function matches(row: Row, f: AuditFilters, actorId?: number): boolean {
  if (f.actor === "system" || f.actor === "public") {
    if (row.actor_kind !== f.actor) return false;
  } else if (f.actor !== undefined && !(row.actor_kind === "user" && row.actor_id === actorId)) return false;
  if (f.action !== undefined && (f.action.endsWith(".") ? !row.action.startsWith(f.action) : row.action !== f.action))
    return false;
  if (f.entityType !== undefined && row.entity_type !== f.entityType) return false;
  if (f.entityId !== undefined && row.entity_id !== f.entityId) return false;
  if (f.from !== undefined && row.at < `${f.from}T00:00:00.000Z`) return false;
  if (f.to !== undefined && row.at.slice(0, 10) > f.to) return false;
  return true;
}

function everyPage(filters: AuditFilters, limit: number): number[] {
  const seen: number[] = [];
  let cursor: number | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = listAuditEvents({ by: admin, ...filters, cursor, limit });
    seen.push(...page.events.map((e) => e.id));
    if (page.nextCursor === null) return seen;
    expect(page.events).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

/** Random combinations of filters, each paged through and compared with the filters' plain meaning. */
function crossCheck(seed: number, combinations: number) {
  const rows = allRows();
  const next = random(seed);
  const pick = <T>(options: T[]): T | undefined =>
    next() < 0.45 ? options[Math.floor(next() * options.length)] : undefined;
  for (let n = 0; n < combinations; n += 1) {
    const actorChoice = pick<[string, number | undefined]>([
      ["system", undefined],
      ["public", undefined],
      [String(admin.id), admin.id],
      [reviewer.email, reviewer.id],
    ]);
    const filters: AuditFilters = {
      actor: actorChoice?.[0],
      action: pick([
        "claim.",
        "user.",
        "claim.status_changed",
        "evidence.added",
        "user.login_failed",
        "article.created",
      ]),
      entityType: pick(["claim", "evidence", "user", "article"]),
      entityId: pick(["1", "17", "33"]),
      from: pick(["2024-12-01", "2025-01-01", "2025-02-03", "2025-03-20"]),
      to: pick(["2025-01-02", "2025-02-10", "2026-12-31"]),
    };
    if (filters.from && filters.to && filters.from > filters.to) filters.to = undefined;
    const expected = rows
      .filter((r) => matches(r, filters, actorChoice?.[1]))
      .map((r) => r.id)
      .reverse();
    const limit = [13, 50, 200][n % 3] ?? 50;
    expect(everyPage(filters, limit), JSON.stringify(filters)).toEqual(expected);
  }
}

describe("listAuditEvents", () => {
  it("lists newest first with the actor's name and email and before/after parsed", () => {
    const page = listAuditEvents({ by: admin });
    expect(page.events).toHaveLength(50);
    const ids = page.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(ids[0]).toBe(auditCount());
    const created = listAuditEvents({ by: admin, action: "user.created", entityId: String(admin.id) }).events[0];
    expect(created).toMatchObject({
      actor: { kind: "system", id: null, name: null, email: null },
      after: { email: admin.email, role: "admin" },
    });
    const byAdmin = listAuditEvents({ by: admin, actor: admin.email, limit: 1 }).events[0];
    expect(byAdmin?.actor).toEqual({ kind: "user", id: admin.id, name: "Ada Admin", email: admin.email });
    expect(byAdmin?.before).toEqual({ status: "unverified" });
    expect(byAdmin?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("filters by actor as system, public, a user's id or email in any case", () => {
    const rows = allRows();
    const count = (f: AuditFilters, id?: number) => rows.filter((r) => matches(r, f, id)).length;
    expect(everyPage({ actor: "system" }, 200)).toHaveLength(count({ actor: "system" }));
    expect(everyPage({ actor: "PUBLIC" }, 200)).toHaveLength(count({ actor: "public" }));
    const byId = everyPage({ actor: String(editor.id) }, 200);
    expect(byId).toHaveLength(count({ actor: String(editor.id) }, editor.id));
    expect(everyPage({ actor: editor.email.toUpperCase() }, 200)).toEqual(byId);
    expect(() => listAuditEvents({ by: admin, actor: "nobody@example.org" })).toThrow(
      /No user has the email nobody@example.org/,
    );
    expect(() => listAuditEvents({ by: admin, actor: "somebody" })).toThrow(/Actor must be/);
  });

  it("filters by exact action or every action under a prefix", () => {
    const rows = allRows();
    const published = everyPage({ action: "claim.published" }, 200);
    expect(published.length).toBeGreaterThan(100);
    expect(published).toHaveLength(rows.filter((r) => r.action === "claim.published").length);
    const claimEvents = rows
      .filter((r) => r.action.startsWith("claim."))
      .map((r) => r.id)
      .reverse();
    expect(everyPage({ action: "claim." }, 200)).toEqual(claimEvents);
    expect(everyPage({ action: "Claim.*" }, 200)).toEqual(claimEvents);
    expect(listAuditEvents({ by: admin, action: "nothing." })).toEqual({ events: [], nextCursor: null });
    expect(listAuditEvents({ by: admin, action: "claim" }).events).toEqual([]);
    expect(() => listAuditEvents({ by: admin, action: "claim.%" })).toThrow(/Action must be/);
  });

  it("filters by entity type and id", () => {
    const rows = allRows();
    const one = everyPage({ entityType: "claim", entityId: "7" }, 10);
    expect(one).toEqual(
      rows
        .filter((r) => r.entity_type === "claim" && r.entity_id === "7")
        .map((r) => r.id)
        .reverse(),
    );
    expect(everyPage({ entityType: "article" }, 200)).toHaveLength(
      rows.filter((r) => r.entity_type === "article").length,
    );
  });

  it("filters by date range, both days inclusive, in UTC", () => {
    const day = listAuditEvents({ by: admin, from: "2025-03-25", to: "2025-03-25", action: "test.edge" }).events;
    expect(day.map((e) => e.entityId)).toEqual(["late"]);
    const rows = allRows();
    const range = everyPage({ from: "2025-01-05", to: "2025-01-09" }, 200);
    expect(range).toEqual(
      rows
        .filter((r) => r.at >= "2025-01-05" && r.at < "2025-01-10")
        .map((r) => r.id)
        .reverse(),
    );
    expect(range.length).toBeGreaterThan(300);
    expect(() => listAuditEvents({ by: admin, from: "2025-02-01", to: "2025-01-01" })).toThrow(
      /end date must be on or after/,
    );
    expect(() => listAuditEvents({ by: admin, from: "2025-02-30" })).toThrow(/Use a date like/);
  });

  it("returns exactly the matching events, each once, for many combinations of filters and page sizes", () => {
    crossCheck(7, 60);
  });

  it("pages by cursor through the whole log, every event once", () => {
    const ids = everyPage({}, 137);
    expect(ids).toHaveLength(auditCount());
    expect(new Set(ids).size).toBe(ids.length);
    expect(listAuditEvents({ by: admin, cursor: ids.at(-1) })).toEqual({ events: [], nextCursor: null });
  });

  it("refuses a bad limit or cursor with a message", () => {
    for (const limit of [0, 201, "ten", 1.5])
      expect(() => listAuditEvents({ by: admin, limit })).toThrow(/Limit must be/);
    expect(() => listAuditEvents({ by: admin, cursor: "-3" })).toThrow(/cursor/);
    expect(listAuditEvents({ by: admin, limit: "" }).events).toHaveLength(50);
    expect(listAuditEvents({ by: admin, limit: "200" }).events).toHaveLength(200);
  });

  it("offers the actions and entity types ever logged", () => {
    expect(auditFilterChoices({ by: admin })).toEqual({
      actions: expect.arrayContaining(["claim.published", "user.created", "test.edge"]),
      entityTypes: ["article", "claim", "evidence", "test", "user"],
    });
  });
});

/** A small RFC 4180 reader, to check the writer against. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += c;
  }
  expect(cell).toBe("");
  return rows;
}

const text = (lines: Iterable<string>) => [...lines].join("");

describe("exportAuditEvents", () => {
  it("quotes CSV cells as RFC 4180 asks and defuses spreadsheet formulas", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(12)).toBe("12");
    for (const hostile of ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", '=HYPERLINK("http://x","y")']) {
      expect(csvCell(hostile).replace(/^"/, "").startsWith("'")).toBe(true);
    }
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvRow(["a", null, 3])).toBe("a,,3\r\n");
  });

  it("writes CSV with a header row, actor names and guarded cells", () => {
    writeTransaction((tx) =>
      appendAuditEvent(tx, {
        actor: { kind: "user", id: editor.id },
        action: "claim.status_changed",
        entityType: "csvcheck",
        entityId: "=cmd|' /C calc'!A0",
        before: { rationale: 'a, "quoted"\nline' },
        reason: "@import",
      }),
    );
    const exported = exportAuditEvents({ by: admin, filters: { entityType: "csvcheck" }, format: "csv" });
    expect(exported).toMatchObject({ format: "csv", rows: 1, contentType: expect.stringMatching(/^text\/csv/) });
    const rows = parseCsv(text(exported.lines));
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows).toHaveLength(2);
    const [, , kind, actorId, name, email, action, entityType, entityId, before, after, reason] = rows[1] ?? [];
    expect([kind, actorId, name, email, action, entityType]).toEqual([
      "user",
      String(editor.id),
      "Eddie Editor",
      editor.email,
      "claim.status_changed",
      "csvcheck",
    ]);
    expect(entityId).toBe("'=cmd|' /C calc'!A0");
    expect(JSON.parse(before ?? "")).toEqual({ rationale: 'a, "quoted"\nline' });
    expect(after).toBe("");
    expect(reason).toBe("'@import");
  });

  it("writes JSON Lines that re-verify as the whole chain, and audits the export with its filters and size", () => {
    const before = auditCount();
    const exported = exportAuditEvents({ by: admin, format: "jsonl" });
    // The export's own event is written first, and is the one event the export leaves out.
    expect(auditCount()).toBe(before + 1);
    const lines = text(exported.lines).split("\n");
    expect(lines.pop()).toBe("");
    const events = lines.map((line) => JSON.parse(line) as Parameters<typeof hashAuditEvent>[0] & { hash: string });
    expect(events).toHaveLength(before);
    expect(exported.rows).toBe(before);
    const check = checkChain(events);
    expect(check).toMatchObject({ ok: true, count: before, headId: before });
    expect(typeof events[0]?.before === "string" || events[0]?.before === null).toBe(true);
    const last = allRows().at(-1);
    expect(last).toMatchObject({
      id: before + 1,
      action: "audit.exported",
      actor_kind: "user",
      actor_id: admin.id,
      entity_type: "audit",
      entity_id: String(before),
    });
    expect(JSON.parse(last?.after ?? "")).toEqual({ format: "jsonl", filters: {}, rows: before, throughId: before });
    expect(last?.prev_hash).toBe(check.headHash);
  });

  it("exports only the matching events, oldest first, each with a hash anyone can recompute", () => {
    const exported = exportAuditEvents({
      by: admin,
      filters: { action: "claim.", from: "2025-02-01", to: "2025-02-03", actor: "" },
      format: "jsonl",
    });
    const events = text(exported.lines)
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Parameters<typeof hashAuditEvent>[0] & { hash: string });
    const expected = allRows().filter((r) => matches(r, { action: "claim.", from: "2025-02-01", to: "2025-02-03" }));
    expect(events.map((e) => e.id)).toEqual(expected.map((r) => r.id));
    for (const event of events) expect(hashAuditEvent(event)).toBe(event.hash);
    expect(JSON.parse(allRows().at(-1)?.after ?? "")).toMatchObject({
      format: "jsonl",
      filters: { action: "claim.", from: "2025-02-01", to: "2025-02-03" },
      rows: expected.length,
    });
  });

  it("refuses a bad format or filter before writing anything", () => {
    const before = auditCount();
    expect(() => exportAuditEvents({ by: admin, format: "xlsx" })).toThrow(/Format must be csv or jsonl/);
    expect(() => exportAuditEvents({ by: admin, format: "csv", filters: { from: "yesterday" } })).toThrow(
      /Use a date like/,
    );
    expect(() => exportAuditEvents({ by: admin, format: "csv", filters: "actor=system" })).toThrow();
    expect(auditCount()).toBe(before);
  });
});

describe("auditChainStatus and anchorNow", () => {
  it("reports an intact chain with its head, and no anchors until some are written", () => {
    const status = auditChainStatus({ by: admin });
    const last = allRows().at(-1);
    expect(status).toEqual({
      ok: true,
      count: auditCount(),
      headId: last?.id,
      headHash: last?.hash,
      firstBadId: null,
      problem: null,
      anchorFile: null,
      lastAnchor: null,
      anchorProblems: [],
      writesRefused: null,
    });
    const missing = path.join(scratch, "not-yet.jsonl");
    expect(auditChainStatus({ by: admin, anchorFile: missing })).toMatchObject({
      ok: true,
      anchorFile: missing,
      lastAnchor: null,
      anchorProblems: [],
    });
  });

  it("refuses to anchor without AUDIT_ANCHOR_FILE, and never into the database itself", () => {
    const before = auditCount();
    expect(() => anchorNow({ by: admin })).toThrow(/needs AUDIT_ANCHOR_FILE/);
    process.env.AUDIT_ANCHOR_FILE = db.file;
    expect(() => anchorNow({ by: admin })).toThrow(/must not be the database/);
    process.env.AUDIT_ANCHOR_FILE = `${db.file}-wal`;
    expect(() => anchorNow({ by: admin })).toThrow(/must not be the database/);
    expect(auditCount()).toBe(before);
  });

  it("appends the head to AUDIT_ANCHOR_FILE, audits it, and checks the chain against it", () => {
    const file = path.join(scratch, "anchors", "audit.jsonl");
    process.env.AUDIT_ANCHOR_FILE = file;
    const head = allRows().at(-1);
    const anchor = anchorNow({ by: admin });
    expect(anchor).toMatchObject({ id: head?.id, hash: head?.hash });
    expect(readAnchors(file)).toEqual([anchor]);
    const event = allRows().at(-1);
    expect(event).toMatchObject({
      id: (head?.id ?? 0) + 1,
      action: "audit.anchored",
      actor_id: admin.id,
      entity_type: "audit",
      entity_id: String(head?.id),
    });
    expect(JSON.parse(event?.after ?? "")).toEqual({ ...anchor, file });
    expect(auditChainStatus({ by: admin })).toMatchObject({
      ok: true,
      anchorFile: file,
      lastAnchor: anchor,
      anchorProblems: [],
    });

    // An anchor for a hash the log no longer has, and one past its end, as after a rewrite or truncation.
    fs.appendFileSync(
      file,
      `${JSON.stringify({ ...anchor, hash: "f".repeat(64) })}\n${JSON.stringify({ ...anchor, id: 999_999 })}\n`,
    );
    const status = auditChainStatus({ by: admin });
    expect(status.ok).toBe(true);
    expect(status.lastAnchor).toMatchObject({ id: 999_999 });
    expect(status.anchorProblems).toEqual([
      expect.stringMatching(new RegExp(`event #${anchor.id} no longer has the hash .*rewritten`)),
      expect.stringMatching(/event #999999 .* is gone: the log was truncated/),
    ]);
    fs.appendFileSync(file, "not json\n");
    expect(auditChainStatus({ by: admin }).anchorProblems[0]).toMatch(/Cannot read the anchor file: .*not JSON/);
  });

  it("reports the first bad event of a tampered copy, and that the copy lost its protection", () => {
    const copy = path.join(scratch, "tampered.db");
    sqlite().pragma("wal_checkpoint(TRUNCATE)");
    fs.copyFileSync(db.file, copy);
    const raw = new Database(copy);
    raw.exec("drop trigger audit_events_no_update");
    raw.prepare("update audit_events set reason = 'quietly changed' where id = 100").run();
    raw.close();
    const original = process.env.DATABASE_URL;
    closeDb();
    process.env.DATABASE_URL = copy;
    try {
      const status = auditChainStatus({ by: admin });
      expect(status).toMatchObject({
        ok: false,
        firstBadId: 100,
        headId: 99,
        problem: "hash does not match the event's content",
      });
      expect(status.writesRefused).toMatch(/audit_events_no_update/);
    } finally {
      closeDb();
      process.env.DATABASE_URL = original;
    }
    expect(auditChainStatus({ by: admin }).ok).toBe(true);
  });
});

describe("authorisation", () => {
  const calls = {
    listAuditEvents: (by: SessionUser | null) => listAuditEvents({ by }),
    exportAuditEvents: (by: SessionUser | null) => exportAuditEvents({ by, format: "csv" }),
    auditChainStatus: (by: SessionUser | null) => auditChainStatus({ by }),
    anchorNow: (by: SessionUser | null) => anchorNow({ by }),
    auditFilterChoices: (by: SessionUser | null) => auditFilterChoices({ by }),
  };

  it("refuses every function to the signed-out, reviewers and editors, writing nothing", () => {
    process.env.AUDIT_ANCHOR_FILE = path.join(scratch, "refused.jsonl");
    const before = auditCount();
    for (const [name, call] of Object.entries(calls)) {
      expect(() => call(null), name).toThrow(expect.objectContaining({ code: "unauthenticated" }));
      expect(() => call(reviewer), name).toThrow(expect.objectContaining({ code: "forbidden" }));
      expect(() => call(editor), name).toThrow(expect.objectContaining({ code: "forbidden" }));
    }
    expect(auditCount()).toBe(before);
    expect(fs.existsSync(path.join(scratch, "refused.jsonl"))).toBe(false);
  });
});

describe("a clock set back", () => {
  it("keeps every filter exact when an event's time is earlier than the one before it", () => {
    // An event stamped before its predecessor, as after an NTP step back: date ranges are no longer id ranges.
    writeTransaction((tx) =>
      appendAuditEvent(
        tx,
        { actor: SYSTEM, action: "claim.status_changed", entityType: "claim", entityId: 17 },
        new Date("2025-01-03T12:00:00.000Z"),
      ),
    );
    const backdated = auditCount();
    expect(
      listAuditEvents({ by: admin, from: "2025-01-03", to: "2025-01-03", entityId: "17", limit: 200 }).events.map(
        (e) => e.id,
      ),
    ).toContain(backdated);
    crossCheck(11, 30);
  });
});
