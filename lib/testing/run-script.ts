// Running the project's scripts in a child process, the way the package.json
// scripts do (tsx, react-server conditions): for the CLI tests, which also look
// at a throwaway database directly afterwards, and for the browser tests, which
// set up their data through the same scripts.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";

// __dirname, not import.meta: Playwright loads this file as CommonJS.
export const repoRoot = path.resolve(__dirname, "..", "..");

// The repository's own tsx, which is what `npx tsx` runs, without npx's second of start-up.
const tsxBin = path.join(repoRoot, "node_modules", ".bin", "tsx");

export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  /** What the script reads on stdin; empty by default, as from </dev/null. */
  input?: string;
  env?: Readonly<Record<string, string>>;
}

function tsxArgs(file: string, args: readonly string[]): string[] {
  return ["--conditions=react-server", file, ...args];
}

/** Runs `scripts/<script>.ts` the way the package.json scripts do, with DATABASE_URL set to `databaseFile`. */
export function runScript(script: string, args: string[], databaseFile: string, options: ScriptOptions = {}): ScriptRun {
  const result = spawnSync(tsxBin, tsxArgs(`scripts/${script}.ts`, args), {
    cwd: repoRoot,
    input: options.input ?? "",
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      DATABASE_URL: databaseFile,
      // Keeps the scripts away from ./data/auth-secret in the checkout.
      NEXTAUTH_SECRET: "test-secret-for-the-cli-tests-0123456789",
      ...options.env,
    },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs a TypeScript file of the repository (a path from its root, e.g.
 * "scripts/user.ts") without blocking, in this process's environment plus
 * `options.env`; resolves with its stdout, rejects with its output when it
 * exits non-zero.
 */
export function runScriptAsync(file: string, args: readonly string[], options: ScriptOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsxBin, tsxArgs(file, args), {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`tsx ${[file, ...args].join(" ")} exited ${code}:\n${stderr || stdout}`));
    });
    child.stdin.end(options.input ?? "");
  });
}

/** A temporary folder with a database path in it, and a cleanup that removes both. */
export function temporaryDatabase(): { dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-cli-test-"));
  return { dir, file: path.join(dir, "test.db"), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Opens the test database read-only, runs `read`, and closes it again. */
export function readDatabase<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const countSchema = z.number().int();
const headSchema = z.object({ id: z.number().int(), hash: z.string() }).optional();

/** Row counts of every table and the audit chain's head: equal snapshots mean nothing changed. */
export function databaseSnapshot(file: string): { counts: Record<string, number>; head: { id: number; hash: string } | undefined } {
  return readDatabase(file, (db) => {
    const tables = z
      .array(z.string())
      .parse(db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all());
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = countSchema.parse(db.prepare(`select count(*) from "${table}"`).pluck().get());
    const head = headSchema.parse(db.prepare("select id, hash from audit_events order by id desc limit 1").get());
    return { counts, head };
  });
}

export function count(file: string, sql: string, ...params: unknown[]): number {
  return readDatabase(file, (db) => countSchema.parse(db.prepare(sql).pluck().get(...params)));
}
