import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { closeDb, getConnection, writeTransaction } from "@/db/client";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { parseStoredJson } from "@/lib/validation";
import { atomically, LimitStore, PRUNE_EVERY, storedKey, type LimitRow } from "./store";

let db: ReturnType<typeof useTemporaryDatabase>;
beforeAll(() => {
  db = useTemporaryDatabase();
});
afterAll(() => db.cleanup());

const row = (count: number, lastAt: number): LimitRow => ({
  count,
  windowStart: lastAt,
  lastAt,
  untilAt: lastAt + 1_000,
  data: null,
});
const rowsIn = (bucket: string) =>
  getConnection().sqlite.prepare("select key from rate_limits where bucket = ? order by key").pluck().all(bucket);

describe("the rate limit store", () => {
  it("keeps keys only as keyed hashes: the table names no email or address", () => {
    const store = new LimitStore("test.hashed", 60_000);
    store.write("ada@example.org\u0000198.51.100.9", row(1, 100));
    const [key] = rowsIn("test.hashed") as string[];
    expect(key).toBe(storedKey("test.hashed", "ada@example.org\u0000198.51.100.9"));
    expect(key).not.toContain("ada");
    expect(key).not.toContain("198.51");
    expect(storedKey("test.other", "ada@example.org\u0000198.51.100.9")).not.toBe(key);
    expect(store.read("ada@example.org\u0000198.51.100.9")?.count).toBe(1);
  });


  it("keeps one row per bucket and key, written over and removed", () => {
    const a = new LimitStore("test.a", 60_000);
    const b = new LimitStore("test.b", 60_000);
    a.write("ada", row(1, 100));
    a.write("ada", row(2, 200));
    b.write("ada", row(7, 300));
    expect(a.read("ada")).toEqual(row(2, 200));
    expect(b.read("ada")).toEqual(row(7, 300));
    expect(a.read("bob")).toBeUndefined();
    a.remove("ada");
    expect(a.read("ada")).toBeUndefined();
    expect(b.read("ada")).toEqual(row(7, 300));
  });

  it("tells apart keys that differ only after a NUL (the sign-in pair's separator)", () => {
    const store = new LimitStore("test.nul", 60_000);
    store.write("ada\u0000198.51.100.1", row(1, 0));
    store.write("ada\u0000198.51.100.2", row(2, 0));
    expect(store.read("ada\u0000198.51.100.1")?.count).toBe(1);
    expect(store.read("ada\u0000198.51.100.2")?.count).toBe(2);
    expect(store.read("ada")).toBeUndefined();
  });

  it("writes nothing when the work throws, and joins a transaction already open", () => {
    const store = new LimitStore("test.rollback", 60_000);
    expect(() =>
      store.atomically(() => {
        store.write("ada", row(1, 0));
        throw new Error("stop");
      }),
    ).toThrow("stop");
    expect(store.read("ada")).toBeUndefined();

    // Inside the app's own write transaction, the limit's write commits or rolls back with it.
    expect(() =>
      writeTransaction(() => {
        atomically(() => store.write("bob", row(1, 0)));
        expect(store.read("bob")?.count).toBe(1);
        throw new Error("abandon");
      }),
    ).toThrow("abandon");
    expect(store.read("bob")).toBeUndefined();
    expect(atomically(() => 42)).toBe(42);
  });

  it("is read again through a reopened connection: the rows outlive it", () => {
    const store = new LimitStore("test.reopen", 60_000);
    store.write("ada", row(3, 500));
    closeDb();
    expect(new LimitStore("test.reopen", 60_000).read("ada")).toEqual(row(3, 500));
    store.write("ada", row(4, 600));
    expect(store.read("ada")).toEqual(row(4, 600));
  });

  it("now and then forgets the rows of its bucket not touched for longer than it keeps them", () => {
    const store = new LimitStore("test.prune", 60_000);
    const other = new LimitStore("test.prune-other", 60_000);
    store.write("old", row(1, 0));
    store.write("fresh", row(1, 100_000));
    other.write("old", row(1, 0));
    for (let i = 0; i < PRUNE_EVERY; i += 1) store.atomically(() => undefined, 120_000);
    expect(rowsIn("test.prune")).toEqual([storedKey("test.prune", "fresh")]);
    expect(rowsIn("test.prune-other")).toEqual([storedKey("test.prune-other", "old")]);
  });

  it("never prunes a bucket kept for ever", () => {
    const store = new LimitStore("test.forever", Number.POSITIVE_INFINITY);
    store.write("old", row(1, 0));
    for (let i = 0; i < PRUNE_EVERY; i += 1) store.atomically(() => undefined, Number.MAX_SAFE_INTEGER);
    expect(rowsIn("test.forever")).toEqual([storedKey("test.forever", "old")]);
  });

  it("reads a row's data through a schema, and nothing from data that does not fit", () => {
    const counts = z.object({ failed: z.number() });
    expect(parseStoredJson(counts, '{"failed":2}')).toEqual({ failed: 2 });
    expect(parseStoredJson(counts, '{"failed":"2"}')).toBeUndefined();
    expect(parseStoredJson(counts, "not json")).toBeUndefined();
    expect(parseStoredJson(counts, null)).toBeUndefined();
  });
});
