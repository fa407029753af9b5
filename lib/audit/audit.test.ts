import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection, writeTransaction } from "@/db/client";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { auditRowColumns, checkChain, checkSegment, GENESIS_HASH, HASHED_AUDIT_COLUMNS, hashAuditEvent, joinSegments } from "./chain";
import { appendAuditEvent, buildAuditRow, SYSTEM, verifyAuditChain } from "./events";
import { verifyAuditChainInParallel } from "./verify-parallel";

let db: ReturnType<typeof useTemporaryDatabase>;

beforeAll(async () => {
  db = useTemporaryDatabase();
  await makeUser("admin");
  for (let i = 0; i < 5; i += 1) {
    writeTransaction((tx) =>
      appendAuditEvent(tx, { actor: SYSTEM, action: "test.event", entityType: "test", entityId: i, after: { i, note: "é ✓" } }),
    );
  }
});
afterAll(() => db.cleanup());

const raw = () => getConnection().sqlite;

describe("hash chain", () => {
  it("links each event to the one before with a SHA-256 over its content", () => {
    const rows = raw().prepare("select * from audit_events order by id").all() as { id: number; prev_hash: string; hash: string }[];
    expect(rows.length).toBe(6);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    for (const row of rows) expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const result = verifyAuditChain(raw());
    expect(result).toMatchObject({ ok: true, count: 6, headId: 6, headHash: rows[5]?.hash });
  });

  it("changes the hash when any hashed field changes", () => {
    const base = {
      id: 1, at: "2026-01-01T00:00:00.000Z", actorKind: "system", actorId: null, action: "a", entityType: "t",
      entityId: "1", before: null, after: '{"x":1}', reason: null, prevHash: GENESIS_HASH,
    };
    const hash = hashAuditEvent(base);
    expect(hashAuditEvent({ ...base })).toBe(hash);
    for (const change of [{ after: '{"x":2}' }, { reason: "r" }, { actorId: 1 }, { at: "2026-01-01T00:00:00.001Z" }, { prevHash: "1".repeat(64) }]) {
      expect(hashAuditEvent({ ...base, ...change })).not.toBe(hash);
    }
  });

  it("names the first bad event when content is edited, a row is removed or the order is changed", () => {
    type Row = Parameters<typeof checkChain>[0] extends Iterable<infer R> ? R : never;
    const rows: Row[] = [];
    let prev = GENESIS_HASH;
    for (let id = 1; id <= 4; id += 1) {
      const fields = { id, at: `2026-01-0${id}T00:00:00.000Z`, actorKind: "system", actorId: null, action: "a", entityType: "t", entityId: String(id), before: null, after: null, reason: null, prevHash: prev };
      const hash = hashAuditEvent(fields);
      rows.push({ ...fields, hash });
      prev = hash;
    }
    expect(checkChain(rows).ok).toBe(true);
    const edited = rows.map((r) => (r.id === 3 ? { ...r, reason: "quietly changed" } : r));
    expect(checkChain(edited)).toMatchObject({ ok: false, firstBadId: 3 });
    const deleted = rows.filter((r) => r.id !== 2);
    expect(checkChain(deleted)).toMatchObject({ ok: false, firstBadId: 3 });
    const swapped = [rows[0], rows[2], rows[1], rows[3]].filter((r): r is Row => r !== undefined);
    expect(checkChain(swapped)).toMatchObject({ ok: false, firstBadId: 3 });
  });
});

describe("append-only triggers", () => {
  it("refuse UPDATE, DELETE and INSERT OR REPLACE, and inserts that do not extend the head", () => {
    const sqlite = raw();
    expect(() => sqlite.prepare("update audit_events set reason = 'x' where id = 2").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare("delete from audit_events where id = 6").run()).toThrow(/append-only/);
    const last = sqlite.prepare("select * from audit_events where id = 6").get() as Record<string, unknown>;
    expect(() =>
      sqlite
        .prepare(
          "insert or replace into audit_events (id, at, actor_kind, actor_id, action, entity_type, entity_id, before, after, reason, prev_hash, hash) values (@id, @at, @actor_kind, @actor_id, @action, @entity_type, @entity_id, @before, @after, 'rewritten', @prev_hash, @hash)",
        )
        .run(last),
    ).toThrow();
    expect(() =>
      sqlite
        .prepare("insert into audit_events (id, at, actor_kind, action, entity_type, entity_id, prev_hash, hash) values (99, 'now', 'system', 'x', 't', '1', ?, 'h')")
        .run(last.hash),
    ).toThrow(/chain head/);
    expect(verifyAuditChain(sqlite)).toMatchObject({ ok: true, count: 6 });
  });

  it("leave verify to catch what a copy without them hides: an edited or deleted row", () => {
    // Someone with the file can copy the events into a table without triggers; verify still sees it.
    const copy = new Database(":memory:");
    copy.exec(`attach '${db.file}' as src; create table audit_events as select * from src.audit_events order by id; detach src`);
    copy.exec(`update audit_events set after = '{"i":99}' where id = 4`);
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: 4 });
    copy.exec("delete from audit_events where id = 2");
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: 3 });
    copy.close();
  });
});

describe("checking the chain in parts", () => {
  type Fields = Parameters<typeof hashAuditEvent>[0];
  const chain = (n: number) => {
    const rows: (Fields & { hash: string })[] = [];
    let prev = GENESIS_HASH;
    for (let id = 1; id <= n; id += 1) {
      const fields = {
        id,
        at: `2026-02-01T00:00:0${id % 10}.000Z`,
        actorKind: "system",
        actorId: null,
        action: "a",
        entityType: "t",
        entityId: String(id),
        before: null,
        after: `{"n":${id}}`,
        reason: null,
        prevHash: prev,
      };
      const hash = hashAuditEvent(fields);
      rows.push({ ...fields, hash });
      prev = hash;
    }
    return rows;
  };
  const asValues = (rows: (Fields & { hash: string })[]) =>
    rows.map((e) => [
      e.id,
      e.at,
      e.actorKind,
      e.actorId,
      e.action,
      e.entityType,
      e.entityId,
      e.before,
      e.after,
      e.reason,
      e.prevHash,
      e.hash,
    ]);

  it("gives the answer of a walk from the start wherever the chain is cut, for every kind of damage", () => {
    const rows = chain(6);
    const damaged = {
      intact: rows,
      edited: rows.map((r) => (r.id === 4 ? { ...r, after: '{"n":40}' } : r)),
      deleted: rows.filter((r) => r.id !== 4),
      swapped: [rows[0], rows[1], rows[3], rows[2], rows[4], rows[5]].filter((r) => r !== undefined),
      relinked: rows.map((r) => (r.id === 5 ? { ...r, prevHash: "1".repeat(64) } : r)),
      firstNotGenesis: rows.slice(1),
    };
    for (const [name, events] of Object.entries(damaged)) {
      const whole = checkChain(events);
      expect(whole.ok, name).toBe(name === "intact");
      for (let cut = 0; cut <= events.length; cut += 1) {
        const values = asValues(events);
        const parts = [checkSegment(values.slice(0, cut)), checkSegment(values.slice(cut))];
        expect(joinSegments(parts), `${name}, cut after ${cut}`).toEqual(whole);
      }
    }
  });

  it("finds an edited event in the second half when npm run audit:verify splits the walk across threads", async () => {
    // A copy without the triggers, so rows can be edited as someone with the file could.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-split-"));
    const file = path.join(dir, "copy.db");
    const copy = new Database(file);
    try {
      copy.exec(
        `attach '${db.file}' as src; create table audit_events as select * from src.audit_events order by id; detach src`,
      );
      const whole = verifyAuditChain(copy);
      expect(whole).toMatchObject({ ok: true, count: 6 });
      for (const threads of [2, 3]) {
        const split = await verifyAuditChainInParallel(copy, { threads, minEventsToSplit: 0 });
        expect(split, `${threads} threads`).toEqual({ ...whole, threads });
      }
      // Small chains are not worth a thread.
      expect(await verifyAuditChainInParallel(copy, { threads: 2 })).toEqual({ ...whole, threads: 1 });

      const original = copy.prepare("select after from audit_events where id = 5").pluck().get();
      copy.exec(`update audit_events set after = '{"i":99}' where id = 5`);
      expect(verifyAuditChain(copy)).toMatchObject({ ok: false, firstBadId: 5 });
      expect(await verifyAuditChainInParallel(copy, { threads: 2, minEventsToSplit: 0 })).toEqual({
        ...verifyAuditChain(copy),
        threads: 2,
      });

      // The first event of the second half gone: only the seam between the halves shows it.
      copy.prepare("update audit_events set after = ? where id = 5").run(original);
      expect(verifyAuditChain(copy)).toMatchObject({ ok: true, count: 6 });
      copy.exec("delete from audit_events where id = 4");
      const seam = await verifyAuditChainInParallel(copy, { threads: 2, minEventsToSplit: 0 });
      expect(seam).toMatchObject({ ok: false, firstBadId: 5, headId: 3, threads: 2 });
      expect(seam).toEqual({ ...verifyAuditChain(copy), threads: 2 });
    } finally {
      copy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Last: it adds events, and the checks above count the chain.
describe("the row builder the benchmark shares", () => {
  it("builds exactly the row appendAuditEvent stores, and its columns extend the chain when inserted in bulk", () => {
    const chain = verifyAuditChain(raw());
    const head = chain.headId === null ? undefined : { id: chain.headId, hash: chain.headHash };
    const at = new Date("2026-03-04T05:06:07.000Z");
    const event = {
      actor: { kind: "user" as const, id: 1 },
      action: "test.built",
      entityType: "test",
      entityId: 99,
      before: { a: 1 },
      after: { a: 2 },
      reason: "why",
    };
    const built = buildAuditRow(event, head, at.toISOString());
    const stored = writeTransaction((tx) => appendAuditEvent(tx, event, at));
    expect(stored).toEqual(built);
    const columns = [...HASHED_AUDIT_COLUMNS, "hash"];
    expect(raw().prepare(`select ${columns.join(", ")} from audit_events where id = ?`).get(built.id)).toEqual(auditRowColumns(built));

    // What the benchmark does: rows built in memory, inserted through a statement over the same columns.
    const insert = raw().prepare(`insert into audit_events (${columns.join(", ")}) values (${columns.map((c) => `@${c}`).join(", ")})`);
    let previous = { id: built.id, hash: built.hash };
    for (let i = 0; i < 3; i += 1) {
      const row = buildAuditRow({ actor: SYSTEM, action: "test.bulk", entityType: "test", entityId: i }, previous, at.toISOString());
      insert.run(auditRowColumns(row));
      previous = row;
    }
    expect(verifyAuditChain(raw())).toMatchObject({ ok: true, headId: previous.id, headHash: previous.hash });
  });
});
