import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { ensurePrivateDatabaseFile, tightenDatabaseFiles } from "./private-files";
import * as schema from "./schema";

// db/ knows nothing of lib/: the rules about what may be written, and the
// guard that stops writes when the audit triggers are gone
// (lib/audit/guard.ts), run in lib/ before they reach writeTransaction.

export type Db = BetterSQLite3Database<typeof schema>;
/** A transaction handle: the same query API as Db, bound to one open transaction. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either: for reads that run inside or outside a transaction. */
export type Reader = Db | Tx;

interface Connection {
  db: Db;
  sqlite: Database.Database;
  file: string;
}

const DEFAULT_DATABASE_FILE = "./data/claimtrail.db";

export function databaseFile(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_FILE;
  return path.resolve(raw.replace(/^file:/, ""));
}

export function migrationsFolder(): string {
  return path.join(process.cwd(), "db", "migrations");
}

/**
 * Opens a database file with the pragmas DESIGN.md's reliability rules ask for
 * and applies pending migrations. Scripts and tests use it directly; the app
 * goes through getDb() so one process keeps one connection.
 */
export function openDatabase(file: string): Connection {
  // Created 0600 before SQLite opens it, so its WAL and shared-memory files are 0600 too.
  ensurePrivateDatabaseFile(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  tightenDatabaseFiles(file);
  // FULL, not NORMAL: in WAL mode NORMAL can lose the last commits on power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Makes INSERT OR REPLACE fire the audit table's delete trigger.
  sqlite.pragma("recursive_triggers = ON");
  // 64 MB of page cache (the default is 2 MB): the queue's and search's counts walk indexes of the
  // whole desk, and at 100,000 claims those pages then stay in memory (BENCHMARKS.md).
  sqlite.pragma("cache_size = -64000");
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, sqlite, file };
}

const globalForDb = globalThis as unknown as { claimtrailDb?: Connection };

export function getConnection(): Connection {
  const file = databaseFile();
  const existing = globalForDb.claimtrailDb;
  if (existing && existing.file === file && existing.sqlite.open) return existing;
  const connection = openDatabase(file);
  globalForDb.claimtrailDb = connection;
  return connection;
}

export function getDb(): Db {
  return getConnection().db;
}

/** Closes the process's connection (scripts and tests; the server keeps it open). */
export function closeDb(): void {
  globalForDb.claimtrailDb?.sqlite.close();
  globalForDb.claimtrailDb = undefined;
}

/**
 * Runs `work` in a write transaction that takes the write lock up front
 * (BEGIN IMMEDIATE), so it waits on busy_timeout instead of failing halfway.
 * The callback must be synchronous: better-sqlite3 commits when it returns.
 * The app's writes come through lib/mutation.ts, which checks the audit
 * guard first and appends the audit event inside `work`.
 */
export function writeTransaction<T>(work: (tx: Tx) => T): T {
  return getConnection().db.transaction(work, { behavior: "immediate" });
}

/** A read-only connection that sees one snapshot of the database until it is closed. */
export interface Snapshot {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

/**
 * Opens a second, read-only connection and starts a read transaction on it,
 * so long reads (a feed of every published verdict, a full export) see one
 * consistent state while the app keeps writing through its own connection
 * (WAL lets readers and the writer proceed together). It never migrates:
 * the app's connection has done that. Close it when done, or the WAL cannot
 * be checkpointed past it.
 */
export function openSnapshot(file: string = databaseFile()): Snapshot {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  sqlite.exec("BEGIN");
  // A deferred transaction takes its snapshot at its first read: take it now.
  sqlite.prepare("select count(*) from sqlite_master").get();
  return {
    db: drizzle(sqlite, { schema }),
    sqlite,
    close() {
      if (!sqlite.open) return;
      if (sqlite.inTransaction) sqlite.exec("COMMIT");
      sqlite.close();
    },
  };
}
