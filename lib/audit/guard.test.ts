import fs from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getConnection } from "@/db/client";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { appendAnchor, checkAnchors, currentAnchor, readAnchors } from "./anchor";
import { writesRefused, WritesRefusedError } from "./guard";

let db: ReturnType<typeof useTemporaryDatabase>;

beforeAll(async () => {
  db = useTemporaryDatabase();
  await makeUser("admin");
  await makeUser("editor");
});
afterAll(() => db.cleanup());

describe("anchors", () => {
  it("detect truncation and wholesale rewriting that the chain alone cannot", async () => {
    const file = `${db.file}.anchors`;
    const first = currentAnchor(getConnection().sqlite);
    if (!first) throw new Error("no events");
    appendAnchor(file, first);
    await makeUser("reviewer");
    const second = currentAnchor(getConnection().sqlite);
    if (!second) throw new Error("no events");
    appendAnchor(file, second);
    const anchors = readAnchors(file);
    expect(anchors).toEqual([first, second]);
    expect(checkAnchors(getConnection().sqlite, anchors)).toEqual([]);

    // A copy of the log cut back to before the second anchor, rebuilt as a valid chain.
    const copy = new Database(":memory:");
    copy.exec(`attach '${db.file}' as src; create table audit_events as select * from src.audit_events where id <= ${first.id}; detach src`);
    expect(checkAnchors(copy, anchors)).toEqual([{ anchor: second, problem: expect.stringMatching(/truncated/) }]);
    copy.exec(`update audit_events set hash = '${"f".repeat(64)}' where id = ${first.id}`);
    expect(checkAnchors(copy, anchors)[0]?.problem).toMatch(/rewritten/);
    copy.close();
  });

  it("refuse an anchor file with a bad line, naming it", () => {
    const file = `${db.file}.bad-anchors`;
    fs.writeFileSync(file, `${JSON.stringify({ id: 1, hash: "a".repeat(64), at: "x" })}\n{"id": "one"}\n`);
    expect(() => readAnchors(file)).toThrow(/:2: not an anchor/);
  });
});

describe("start-up guard", () => {
  it("refuses every write, saying why, when an audit trigger is gone", async () => {
    closeDb();
    const raw = new Database(db.file);
    raw.exec("drop trigger audit_events_no_update");
    raw.close();
    expect(writesRefused()).toMatch(/audit_events_no_update/);
    await expect(makeUser("reviewer")).rejects.toBeInstanceOf(WritesRefusedError);
    await expect(makeUser("reviewer")).rejects.toMatchObject({ code: "unavailable" });
  });
});
