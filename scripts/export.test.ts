import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { checkChain } from "@/lib/audit/chain";
import { count, readDatabase, runScript, temporaryDatabase } from "@/lib/testing/run-script";

let db: ReturnType<typeof temporaryDatabase>;
const READER_EMAIL = "reader.private@example.org";
const TOTP_SECRET = "sealed-totp-secret-for-the-export-test";

beforeAll(() => {
  db = temporaryDatabase();
  const seed = runScript("seed", [], db.file);
  expect(seed.status, seed.stderr).toBe(0);
  writeDatabase(db.file, (sqlite) => {
    const claim = z.number().parse(sqlite.prepare("select id from claims where published_at is not null limit 1").pluck().get());
    sqlite
      .prepare(
        "insert into correction_requests (claim_id, message, email, address_hash, state, created_at, token_hash) values (?, ?, ?, ?, 'open', ?, ?)",
      )
      .run(claim, "The figure was revised last week.", READER_EMAIL, "a".repeat(64), new Date().toISOString(), "b".repeat(64));
    sqlite.prepare("update users set totp_secret = ?").run(TOTP_SECRET);
  });
});
afterAll(() => db.cleanup());

/** Changes a test database behind the app's back, as someone holding the file could. */
function writeDatabase(file: string, write: (sqlite: Database.Database) => void): void {
  const sqlite = new Database(file);
  try {
    write(sqlite);
  } finally {
    sqlite.close();
  }
}

const exportDir = (name: string) => path.join(db.dir, name);
const readLines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "");

const manifestSchema = z.object({
  files: z.array(z.object({ name: z.string(), rows: z.number(), bytes: z.number(), sha256: z.string() })),
  audit: z.object({ count: z.number(), headId: z.number(), headHash: z.string(), verified: z.boolean() }),
  exportedBy: z.string(),
});
const auditLine = z.object({
  id: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.number().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

describe("npm run export", () => {
  it("writes every table, a manifest that matches them, and an audit log whose chain verifies", () => {
    const dir = exportDir("first");
    const headBefore = count(db.file, "select max(id) from audit_events");
    const run = runScript("export", [dir], db.file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/verified: \d+ audit events, head #\d+ [0-9a-f]{64}/);

    const manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")));
    expect(manifest.files.map((f) => f.name).sort()).toEqual(
      [
        "articles.jsonl",
        "audit-events.jsonl",
        "claims.jsonl",
        "comments.jsonl",
        "correction-requests.jsonl",
        "evidence.jsonl",
        "publications.jsonl",
        "users.jsonl",
      ].sort(),
    );
    const tables: Record<string, string> = {
      "articles.jsonl": "articles",
      "claims.jsonl": "claims",
      "evidence.jsonl": "evidence",
      "publications.jsonl": "publications",
      "comments.jsonl": "comments",
      "correction-requests.jsonl": "correction_requests",
      "users.jsonl": "users",
    };
    for (const file of manifest.files) {
      const lines = readLines(path.join(dir, file.name));
      expect(lines.length, file.name).toBe(file.rows);
      expect(fs.statSync(path.join(dir, file.name)).size, file.name).toBe(file.bytes);
      expect(fs.statSync(path.join(dir, file.name)).mode & 0o777, file.name).toBe(0o600);
      const table = tables[file.name];
      if (table) expect(file.rows, file.name).toBe(count(db.file, `select count(*) from ${table}`));
    }
    expect(manifest.files.find((f) => f.name === "claims.jsonl")?.rows).toBeGreaterThan(0);

    // The audit log runs through the head before the export; the export's own event comes after it.
    const events = readLines(path.join(dir, "audit-events.jsonl")).map((line) => auditLine.parse(JSON.parse(line)));
    expect(events.at(-1)?.id).toBe(headBefore);
    expect(manifest.audit).toMatchObject({ count: events.length, headId: headBefore, verified: true });
    expect(checkChain(events)).toMatchObject({ ok: true, headId: headBefore, headHash: manifest.audit.headHash });
    const recorded = readDatabase(db.file, (sqlite) =>
      sqlite.prepare("select actor_kind, action, entity_id from audit_events where id = ?").get(headBefore + 1),
    );
    expect(recorded).toEqual({ actor_kind: "system", action: "desk.exported", entity_id: String(headBefore) });

    // Credentials and readers' addresses stay out.
    const everything = manifest.files.map((f) => fs.readFileSync(path.join(dir, f.name), "utf8")).join("\n");
    const hashes = readDatabase(db.file, (sqlite) => z.array(z.string()).parse(sqlite.prepare("select password_hash from users").pluck().all()));
    for (const hash of hashes) expect(everything).not.toContain(hash);
    expect(everything).not.toContain(TOTP_SECRET);
    expect(everything).not.toContain(READER_EMAIL);
    expect(everything).not.toContain("a".repeat(64));
    const user = z.record(z.string(), z.unknown()).parse(JSON.parse(readLines(path.join(dir, "users.jsonl"))[0] ?? "{}"));
    expect(Object.keys(user).sort()).toEqual(["created_at", "disabled_at", "email", "id", "name", "role", "totp_enabled_at"]);
    const request = z.record(z.string(), z.unknown()).parse(JSON.parse(readLines(path.join(dir, "correction-requests.jsonl"))[0] ?? "{}"));
    expect(request).toMatchObject({ email_given: true, message: "The figure was revised last week." });
    expect(request).not.toHaveProperty("email");
    expect(request).not.toHaveProperty("token_hash");

    const verify = runScript("export", ["--verify", dir], db.file);
    expect(verify.status, verify.stderr).toBe(0);
  });

  it("fails, naming the event, when a line of the exported audit log was changed", () => {
    const dir = exportDir("tampered");
    expect(runScript("export", [dir], db.file).status).toBe(0);
    const file = path.join(dir, "audit-events.jsonl");
    const lines = readLines(file);
    const victim = auditLine.parse(JSON.parse(lines[2] ?? ""));
    lines[2] = JSON.stringify({ ...victim, reason: "rewritten afterwards" });
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    const run = runScript("export", ["--verify", dir], db.file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("does NOT verify");
    expect(run.stderr).toContain(`the audit chain breaks at event ${victim.id}: hash does not match the event's content`);
    expect(run.stderr).toContain("audit-events.jsonl does not match its SHA-256 in the manifest");
  });

  it("fails when a line is not an event at all, or a line was removed", () => {
    const dir = exportDir("garbled");
    expect(runScript("export", [dir], db.file).status).toBe(0);
    const file = path.join(dir, "audit-events.jsonl");
    const lines = readLines(file);
    fs.writeFileSync(file, `${[...lines.slice(0, 3), "{not json", ...lines.slice(3)].join("\n")}\n`);
    const garbled = runScript("export", ["--verify", dir], db.file);
    expect(garbled.status).toBe(1);
    expect(garbled.stderr).toContain("line 4 of audit-events.jsonl is not an audit event");

    fs.writeFileSync(file, `${[...lines.slice(0, 3), ...lines.slice(4)].join("\n")}\n`);
    const cut = runScript("export", ["--verify", dir], db.file);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/event ids jump from \d+ to \d+/);
  });

  it("exits non-zero when the database's own chain was rewritten, as written into the export", () => {
    const copy = temporaryDatabase();
    try {
      fs.copyFileSync(db.file, copy.file);
      writeDatabase(copy.file, (sqlite) => {
        // Someone with the file drops the trigger, edits an event and puts the trigger back.
        const trigger = z
          .string()
          .parse(sqlite.prepare("select sql from sqlite_master where name = 'audit_events_no_update'").pluck().get());
        sqlite.exec("drop trigger audit_events_no_update");
        sqlite.prepare("update audit_events set reason = 'quietly edited' where id = 2").run();
        sqlite.exec(trigger);
      });
      const dir = path.join(copy.dir, "export");
      const run = runScript("export", [dir], copy.file);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("the audit chain breaks at event 2");
    } finally {
      copy.cleanup();
    }
  });

  it("refuses a directory that is not empty and bad arguments, writing nothing", () => {
    const dir = exportDir("first");
    const before = fs.readdirSync(dir).sort();
    const events = count(db.file, "select count(*) from audit_events");
    const full = runScript("export", [dir], db.file);
    expect(full.status).toBe(1);
    expect(full.stderr).toContain("is not empty");
    expect(fs.readdirSync(dir).sort()).toEqual(before);
    expect(runScript("export", [], db.file).status).toBe(2);
    expect(runScript("export", ["a", "b"], db.file).status).toBe(2);
    expect(runScript("export", ["--bogus", "x"], db.file).status).toBe(2);
    expect(count(db.file, "select count(*) from audit_events")).toBe(events);
  });
});
