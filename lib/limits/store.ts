import "server-only";
import { createHash, createHmac } from "node:crypto";
import type Database from "better-sqlite3";
import { getConnection } from "@/db/client";
import { authSecret } from "@/lib/auth/secret";

/**
 * Where every rate limit keeps its counters (issue #15): the `rate_limits`
 * table, one row per limiter ("bucket") and key (an account, an address, a
 * person). In the database, a limit holds across every server process on it
 * (`npm start` runs one per core) and across restarts; in memory, each process
 * and each restart would hand out a fresh allowance, so a client could dodge a
 * block by landing on another worker or waiting for a deploy.
 *
 * A limiter reads and writes its rows inside atomically(), one BEGIN IMMEDIATE
 * transaction: the write lock is taken before the first read, so two processes
 * checking the same key take turns, and a burst cannot slip between a check
 * and its count. The callback is synchronous (better-sqlite3 commits when it
 * returns); called inside another transaction, it joins it.
 *
 * Keys are stored as keyed hashes (storedKey()): a row counts an email and an
 * address without the table, or a backup of it, keeping either.
 *
 * These rows are counters, not changes to the desk: they are written outside
 * lib/mutation.ts and never audited (what the audit log keeps of sign-ins is
 * lib/auth/login-audit.ts's one event per window).
 */
export interface LimitRow {
  count: number;
  windowStart: number;
  lastAt: number;
  /** A hard block's end, or a pacer's next turn; 0 for none. */
  untilAt: number;
  data: string | null;
}

interface Statements {
  read: Database.Statement<[string, string], LimitRow>;
  write: Database.Statement<[string, string, number, number, number, number, string | null]>;
  remove: Database.Statement<[string, string]>;
  prune: Database.Statement<[string, number]>;
}

// Prepared once per connection, and forgotten with it: tests (and a restore) close and open new ones.
const statements = new WeakMap<Database.Database, Statements>();

function prepared(sqlite: Database.Database): Statements {
  let found = statements.get(sqlite);
  if (!found) {
    found = {
      read: sqlite.prepare<[string, string], LimitRow>(
        "select count, window_start as windowStart, last_at as lastAt, until_at as untilAt, data from rate_limits where bucket = ? and key = ?",
      ),
      write: sqlite.prepare<[string, string, number, number, number, number, string | null]>(
        `insert into rate_limits (bucket, key, count, window_start, last_at, until_at, data) values (?, ?, ?, ?, ?, ?, ?)
         on conflict (bucket, key) do update set count = excluded.count, window_start = excluded.window_start,
           last_at = excluded.last_at, until_at = excluded.until_at, data = excluded.data`,
      ),
      remove: sqlite.prepare<[string, string]>("delete from rate_limits where bucket = ? and key = ?"),
      prune: sqlite.prepare<[string, number]>("delete from rate_limits where bucket = ? and last_at < ?"),
    };
    statements.set(sqlite, found);
  }
  return found;
}

function connection(): Database.Database {
  return getConnection().sqlite;
}

/**
 * Runs `work` in one write transaction, its lock taken before its first read
 * (or in the transaction already open on the connection). For a check that
 * spans several buckets, such as a sign-in's pair, address and account.
 */
export function atomically<T>(work: () => T): T {
  const sqlite = connection();
  // better-sqlite3 keeps its BEGIN/COMMIT statements per connection; wrapping `work` costs a closure.
  const run = sqlite.transaction(work);
  return sqlite.inTransaction ? run() : run.immediate();
}

let derived: { secret: string; key: Buffer } | undefined;

/**
 * How `key` is kept in `bucket`: an HMAC under a key from the session
 * secret, so the same email or address finds its row again in every process,
 * but the row names neither.
 */
export function storedKey(bucket: string, key: string): string {
  const secret = authSecret();
  if (derived?.secret !== secret) {
    derived = { secret, key: createHash("sha256").update(`claimtrail rate limit key v1\0${secret}`).digest() };
  }
  return createHmac("sha256", derived.key).update(`${bucket}\0${key}`).digest("base64url");
}

/** About one call in this many also deletes its bucket's rows that have aged out, so the table stays small. */
export const PRUNE_EVERY = 200;
let calls = 0;

export class LimitStore {
  constructor(
    /** This limiter's name in the table. */
    readonly bucket: string,
    /** Rows untouched for longer than this are forgotten; Infinity keeps them (for buckets with few keys). */
    private readonly keepMs: number,
  ) {}

  /** atomically(), now and then also pruning this bucket's rows older than keepMs before `now`. */
  atomically<T>(work: () => T, now = Date.now()): T {
    return atomically(() => {
      calls += 1;
      if (calls % PRUNE_EVERY === 0 && Number.isFinite(this.keepMs)) {
        prepared(connection()).prune.run(this.bucket, now - this.keepMs);
      }
      return work();
    });
  }

  read(key: string): LimitRow | undefined {
    return prepared(connection()).read.get(this.bucket, storedKey(this.bucket, key));
  }

  write(key: string, row: LimitRow): void {
    prepared(connection()).write.run(this.bucket, storedKey(this.bucket, key), row.count, row.windowStart, row.lastAt, row.untilAt, row.data);
  }

  remove(key: string): void {
    prepared(connection()).remove.run(this.bucket, storedKey(this.bucket, key));
  }
}
