import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getConnection } from "@/db/client";

/**
 * Points the process at a fresh, migrated database file in a temporary folder.
 * Returns a cleanup that closes the connection and removes the folder.
 */
export function useTemporaryDatabase(): { file: string; cleanup: () => void } {
  closeDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-test-"));
  const file = path.join(dir, "test.db");
  process.env.DATABASE_URL = file;
  getConnection();
  return {
    file,
    cleanup: () => {
      closeDb();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
