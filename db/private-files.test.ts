import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-modes-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe("the database's files", () => {
  it("are the owner's only: the file, its WAL and shared memory 0600, a folder made for them 0700", () => {
    const previous = process.umask(0o022);
    try {
      const file = path.join(scratch, "data", "nested", "claimtrail.db");
      const { sqlite } = openDatabase(file);
      try {
        sqlite.prepare("create table if not exists t (x)").run();
        sqlite.prepare("insert into t values (1)").run();
        expect(mode(file).toString(8)).toBe("600");
        expect(mode(`${file}-wal`).toString(8)).toBe("600");
        expect(mode(`${file}-shm`).toString(8)).toBe("600");
        expect(mode(path.dirname(file)).toString(8)).toBe("700");
        expect(mode(path.join(scratch, "data")).toString(8)).toBe("700");
      } finally {
        sqlite.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it("tightens a database file that an earlier version left readable to others", () => {
    const file = path.join(scratch, "old.db");
    fs.writeFileSync(file, "", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const { sqlite } = openDatabase(file);
    sqlite.close();
    expect(mode(file).toString(8)).toBe("600");
  });
});
