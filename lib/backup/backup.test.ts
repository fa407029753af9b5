import fs from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { backupDatabase, restoreDatabase } from "./backup";

let db: ReturnType<typeof useTemporaryDatabase>;

beforeAll(async () => {
  db = useTemporaryDatabase();
  await makeUser("admin");
  makeDemoClaim("death-toll");
});
afterAll(() => db.cleanup());

describe("backup", () => {
  it("takes a checked online copy while writes go on, and refuses to overwrite a file", async () => {
    const destination = `${db.file}.backup-1`;
    const writing = Promise.all([makeUser("reviewer"), makeUser("editor")]);
    const check = await backupDatabase({ source: getConnection().sqlite, destination });
    await writing;
    expect(check.ok).toBe(true);
    expect(check.chain.count).toBeGreaterThanOrEqual(3);
    await expect(backupDatabase({ source: getConnection().sqlite, destination })).rejects.toThrow(/already exists/);
  });

  it("restores a verified backup, keeping the replaced file, and refuses a tampered one", async () => {
    const good = `${db.file}.backup-2`;
    await backupDatabase({ source: getConnection().sqlite, destination: good });
    const target = `${db.file}.restored`;
    fs.copyFileSync(good, target);
    const restored = await restoreDatabase({ source: good, target });
    expect(restored.ok).toBe(true);
    expect(restored.keptAs && fs.existsSync(restored.keptAs)).toBe(true);

    const tampered = `${db.file}.backup-3`;
    fs.copyFileSync(good, tampered);
    const raw = new Database(tampered);
    raw.exec("drop trigger audit_events_no_update");
    raw.exec("update audit_events set reason = 'edited' where id = 2");
    expect(verifyAuditChain(raw).ok).toBe(false);
    raw.close();
    const before = fs.readFileSync(target);
    await expect(restoreDatabase({ source: tampered, target })).rejects.toThrow(/broken at event #2/);
    expect(fs.readFileSync(target).equals(before)).toBe(true);
  });
});

describe("backup files", () => {
  it("are the owner's only (0600), and so are a restored database and the file it replaced", async () => {
    const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);
    const previous = process.umask(0o022);
    try {
      const destination = `${db.file}.backup-modes`;
      await backupDatabase({ source: getConnection().sqlite, destination });
      expect(mode(destination)).toBe("600");
      const target = `${db.file}.restored-modes`;
      fs.copyFileSync(destination, target);
      fs.chmodSync(target, 0o644);
      const restored = await restoreDatabase({ source: destination, target });
      expect(mode(target)).toBe("600");
      expect(restored.keptAs && mode(restored.keptAs)).toBe("600");
    } finally {
      process.umask(previous);
    }
  });
});
