import fs from "node:fs";
import path from "node:path";

/**
 * The database holds people's emails, password hashes and the whole audit
 * trail: its file, its WAL and shared-memory files and every backup are
 * readable by the owner only (0600), and a folder made for them is 0700,
 * whatever the umask says (issue #15).
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** SQLite's companions of a database file; they take the main file's mode when SQLite creates them. */
const COMPANIONS = ["-wal", "-shm", "-journal"];

/** Makes `dir` (and any missing parents) 0700; a folder that already exists is left as its owner set it. */
export function ensurePrivateDir(dir: string): void {
  const created = fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (created === undefined) return;
  // mkdirSync returns the first folder it made: that one and those below it are ours to tighten.
  let current = path.resolve(dir);
  const first = path.resolve(created);
  for (;;) {
    fs.chmodSync(current, PRIVATE_DIR_MODE);
    if (current === first || path.dirname(current) === current) break;
    current = path.dirname(current);
  }
}

/** Creates `file` empty if missing, and sets it (and any SQLite companions beside it) to 0600. */
export function ensurePrivateDatabaseFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, "a", PRIVATE_FILE_MODE));
  tightenDatabaseFiles(file);
}

/** Sets a database file and whichever of its companions exist to 0600. */
export function tightenDatabaseFiles(file: string): void {
  for (const name of [file, ...COMPANIONS.map((suffix) => `${file}${suffix}`)]) {
    try {
      fs.chmodSync(name, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}
