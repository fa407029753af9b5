// @ts-check
/**
 * Next's page and data cache (next.config.ts `cacheHandler`), kept in the
 * desk's SQLite file so every server process and every machine on the same
 * data sees one cache and one set of tag expiries (issue #15, Shared cache).
 *
 * Plain JavaScript on purpose: `next start` imports this file from disk at
 * run time (next-server.js getIncrementalCache), outside the compiled app.
 * It is type-checked by tsconfig.cache-handler.json (`npm run typecheck`).
 *
 * - Entries live in `cache_entries`, serialised with v8.serialize (the RSC
 *   payload, segment data and route bodies are Buffers, which it keeps).
 * - A publish's updateTag / revalidatePath reach `revalidateTag` below, which
 *   writes each tag's expiry to `cache_tags`. Every get reads the expiries of
 *   the entry's tags (its own, the page's implicit ones, and for data the soft
 *   tags of the page asking) in the same indexed read as the entry itself, so
 *   the next request in any process misses once a tag expired after the entry
 *   was stored. A stale tag (revalidateTag with a profile) is a miss too:
 *   blocking rather than stale-while-revalidate, never older than the data.
 * - An entry is dated by the miss that led to its render, not by when it was
 *   stored: a render that read the data before a publish committed elsewhere
 *   is then still older than that publish's expiry, and renders again.
 * - Each process keeps recently used entries in memory, but only ever serves
 *   one after that read found it current, so memory never outlives a publish.
 * - Keys start with the build's id: a page rendered by one build names that
 *   build's script and style chunks and server actions, so after a deploy the
 *   new build starts empty (the old rows are the least recently used, and go
 *   first). Tags are shared by every build, so a publish during a rolling
 *   deploy expires the pages of both.
 * - The table is bounded: past CACHE_MAX_BYTES the least recently used rows go.
 * - The database is opened lazily and never created here. During `next build`,
 *   or while the file or its tables do not exist yet, the cache is in memory
 *   only (db/client.ts creates and migrates the file when the app first reads).
 */
import console from "node:console";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import v8 from "node:v8";
import Database from "better-sqlite3";

/** @typedef {import("next/dist/server/lib/incremental-cache").CacheHandler} NextCacheHandler */
/** @typedef {import("next/dist/server/lib/incremental-cache").CacheHandlerContext} CacheHandlerContext */
/** @typedef {import("next/dist/server/lib/incremental-cache").CacheHandlerValue} CacheHandlerValue */
/** @typedef {import("next/dist/server/response-cache").IncrementalCacheValue} IncrementalCacheValue */
/** @typedef {Parameters<NextCacheHandler["get"]>[1]} GetContext */
/** @typedef {Parameters<NextCacheHandler["set"]>[2]} SetContext */
/** @typedef {{ value: IncrementalCacheValue | null, cacheControl: CacheHandlerValue["cacheControl"] }} StoredEntry */
/** @typedef {{ lastModified: number, entry: StoredEntry, size: number, tags?: string[] }} MemoryEntry */

// The same default and resolution as db/client.ts databaseFile() (a test keeps them equal).
const DEFAULT_DATABASE_FILE = "./data/claimtrail.db";
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const DEFAULT_MEMORY_BYTES = 50 * 1024 * 1024;
// Next's NEXT_CACHE_TAGS_HEADER: a page's tags, implicit ones (`_N_T_/claims/x`) included.
const TAGS_HEADER = "x-next-cache-tags";
// used_at is written at most this often per entry: a hit stays a read.
const TOUCH_INTERVAL_MS = 60_000;
// As db/client.ts: how long a write waits for another connection's write lock.
const BUSY_TIMEOUT_MS = 5_000;
// Longer than any render: a miss older than this did not lead to the page being stored now.
const MAX_RENDER_MS = 60_000;
const MAX_REMEMBERED_MISSES = 10_000;
// How long to wait before looking for a database that was missing or unmigrated.
const RETRY_OPEN_MS = 1_000;

/**
 * The database file the app uses.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function databaseFile(env = process.env) {
  const raw = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_FILE;
  return path.resolve(raw.replace(/^file:/, ""));
}

/**
 * CACHE_MAX_BYTES, a whole number of bytes; the default when unset.
 * @param {NodeJS.ProcessEnv} [env]
 */
export function maxBytesFrom(env = process.env) {
  const raw = env.CACHE_MAX_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_BYTES;
  const bytes = Number(raw);
  if (!Number.isSafeInteger(bytes) || bytes < 0)
    throw new Error(`CACHE_MAX_BYTES must be a whole number of bytes, not "${raw}".`);
  return bytes;
}

/**
 * The tags an entry is stored under: a fetch's (unstable_cache) from the
 * context, a page's or route's from the tags header Next puts on it.
 * @param {IncrementalCacheValue | null} value
 * @param {SetContext} ctx
 * @returns {string[]}
 */
function tagsOf(value, ctx) {
  if ("fetchCache" in ctx && ctx.fetchCache) return ctx.tags ?? [];
  if (value && (value.kind === "APP_PAGE" || value.kind === "APP_ROUTE" || value.kind === "PAGES")) {
    const header = value.headers?.[TAGS_HEADER];
    if (typeof header === "string" && header.length > 0) return header.split(",");
  }
  return [];
}

/**
 * The soft tags Next asks a data entry to be checked against: the implicit
 * tags of the page being rendered, so revalidatePath("/") expires the data
 * "/" read as well.
 * @param {GetContext} ctx
 * @returns {string[]}
 */
function softTagsOf(ctx) {
  if (ctx.kind !== "FETCH") return [];
  return [...(ctx.tags ?? []), ...(ctx.softTags ?? [])];
}

/**
 * Whether an entry stored at `lastModified` predates a tag's expiry. A tie
 * counts as before: the page may have read the data just before the publish
 * committed, and one render too many is the cheap side to err on.
 * @param {number} invalidatedAt 0 when no tag of the entry was ever expired
 * @param {number} lastModified
 */
function isInvalidated(invalidatedAt, lastModified) {
  return invalidatedAt > 0 && invalidatedAt >= lastModified;
}

/** Recently used entries by key, bounded by bytes; Map order is use order. */
class MemoryLayer {
  /** @param {number} maxBytes */
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
    this.bytes = 0;
    /** @type {Map<string, MemoryEntry>} */
    this.entries = new Map();
  }

  /** @param {string} key */
  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** @param {string} key @param {MemoryEntry} entry */
  set(key, entry) {
    this.delete(key);
    if (entry.size > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.size;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.size;
    }
  }

  /** @param {string} key */
  delete(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }
}

/**
 * @typedef {object} Statements
 * @property {Database.Statement<[{ key: string, softTags: string, now: number }], { lastModified: number, usedAt: number, invalidatedAt: number }>} peek
 * @property {Database.Statement<[string], { value: Buffer }>} value
 * @property {Database.Statement<[{ key: string, kind: string, value: Buffer, tags: string, size: number, lastModified: number, now: number }]>} put
 * @property {Database.Statement<[number, string]>} touch
 * @property {Database.Statement<[string]>} remove
 * @property {Database.Statement<[{ tag: string, expiredAt: number | null, staleAt: number | null }]>} expireTag
 * @property {Database.Statement<[], { total: number }>} totalSize
 * @property {Database.Statement<[], { key: string, size: number }>} leastRecentlyUsed
 */

/**
 * One process's view of the shared cache: a connection of its own to the
 * database, the memory layer, and the in-memory fallback for when there is no
 * database (the build). Next makes a handler per request; they share one store.
 */
export class CacheStore {
  /**
   * @param {object} options
   * @param {string} options.file the database file (databaseFile())
   * @param {number} [options.maxBytes] bound on the table's entry sizes (CACHE_MAX_BYTES)
   * @param {number} [options.memoryBytes] bound on the memory layer (Next's cacheMaxMemorySize)
   * @param {boolean} [options.memoryOnly] never open the database (`next build`)
   * @param {() => number} [options.now] the clock, epoch ms
   */
  constructor({
    file,
    maxBytes = DEFAULT_MAX_BYTES,
    memoryBytes = DEFAULT_MEMORY_BYTES,
    memoryOnly = false,
    now = Date.now,
  }) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.memoryOnly = memoryOnly;
    this.now = now;
    this.memory = new MemoryLayer(memoryBytes);
    /** Tag expiries while there is no database: { expiredAt, staleAt } by tag. @type {Map<string, { expiredAt: number, staleAt: number }>} */
    this.localTags = new Map();
    /** @type {{ sqlite: Database.Database, statements: Statements } | null} */
    this.connection = null;
    this.nextOpenAttempt = 0;
    /** When each key last missed, until its page is stored: epoch ms by key, oldest first. @type {Map<string, number>} */
    this.misses = new Map();
    // Checked for the size bound on the first write, then after every maxBytes / 8 written.
    this.bytesSincePrune = Number.POSITIVE_INFINITY;
  }

  /**
   * The connection, opened on first use; null while there is no migrated
   * database to use. Reads and writes look again once a second at most;
   * `now` looks at once (a tag expiry must not stay in this process only).
   * @param {"now"} [when]
   */
  open(when) {
    if (this.connection) return this.connection;
    if (this.memoryOnly || (when !== "now" && this.now() < this.nextOpenAttempt)) return null;
    this.nextOpenAttempt = this.now() + RETRY_OPEN_MS;
    if (!fs.existsSync(this.file)) return null;
    const sqlite = new Database(this.file, { fileMustExist: true });
    try {
      sqlite.pragma("journal_mode = WAL");
      // NORMAL: a lost cache write after a power cut costs a render. Tag
      // expiries are the exception and are written with FULL (expire()).
      sqlite.pragma("synchronous = NORMAL");
      sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      this.connection = { sqlite, statements: prepare(sqlite) };
      return this.connection;
    } catch (error) {
      // Tables not there yet: the app migrates on its first read. Try again later.
      sqlite.close();
      if (error instanceof Database.SqliteError && /no such table/.test(error.message)) return null;
      throw error;
    }
  }

  close() {
    this.connection?.sqlite.close();
    this.connection = null;
    this.nextOpenAttempt = 0;
  }

  /**
   * The entry for `key`, or null on a miss. A miss is remembered: Next renders
   * after it, and the render may read the data before a publish in another
   * process commits and be stored after that publish expired its tags. Such a
   * page is dated by the miss that led to it (set()), so the expiry still
   * counts against it and the next request renders again.
   * @param {string} key
   * @param {string[]} softTags
   * @returns {CacheHandlerValue | null}
   */
  get(key, softTags) {
    const found = this.lookup(key, softTags);
    if (!found) this.rememberMiss(key);
    return found;
  }

  /**
   * @param {string} key
   * @param {string[]} softTags
   * @returns {CacheHandlerValue | null}
   */
  lookup(key, softTags) {
    const connection = this.open();
    if (!connection) return this.getLocal(key, softTags);
    const { statements } = connection;
    const now = this.now();
    const row = statements.peek.get({ key, softTags: JSON.stringify(softTags), now });
    if (!row || isInvalidated(row.invalidatedAt, row.lastModified)) {
      this.memory.delete(key);
      return null;
    }
    let cached = this.memory.get(key);
    if (!cached || cached.lastModified !== row.lastModified) {
      const stored = statements.value.get(key);
      if (!stored) return null;
      /** @type {StoredEntry} */
      const entry = v8.deserialize(stored.value);
      cached = { lastModified: row.lastModified, entry, size: stored.value.length + key.length };
      this.memory.set(key, cached);
    }
    if (now - row.usedAt >= TOUCH_INTERVAL_MS) this.touch(connection, key, now);
    return { lastModified: row.lastModified, value: cached.entry.value, cacheControl: cached.entry.cacheControl };
  }

  /**
   * Marks an entry used, for the size bound, unless another connection holds
   * the write lock: a hit must not wait behind a publish or an import
   * (better-sqlite3 waits synchronously, the whole process with it). The next
   * hit a minute on tries again.
   * @param {{ sqlite: Database.Database, statements: Statements }} connection
   * @param {string} key
   * @param {number} now
   */
  touch({ sqlite, statements }, key, now) {
    sqlite.pragma("busy_timeout = 0");
    try {
      statements.touch.run(now, key);
    } catch (error) {
      if (!(error instanceof Database.SqliteError && error.code === "SQLITE_BUSY")) throw error;
    } finally {
      sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  /**
   * @param {string} key
   * @param {IncrementalCacheValue | null} value
   * @param {string[]} tags
   * @param {CacheHandlerValue["cacheControl"]} cacheControl
   */
  set(key, value, tags, cacheControl) {
    const now = this.now();
    const missedAt = this.misses.get(key);
    this.misses.delete(key);
    // The render started after the miss; one older than a render can take is a render that never came.
    const lastModified = missedAt !== undefined && now - missedAt < MAX_RENDER_MS ? missedAt : now;
    /** @type {StoredEntry} */
    const entry = { value, cacheControl };
    const blob = v8.serialize(entry);
    const size = blob.length + key.length;
    const connection = this.open();
    if (connection) {
      connection.statements.put.run({
        key,
        kind: value?.kind ?? "EMPTY",
        value: blob,
        tags: JSON.stringify(tags),
        size,
        lastModified,
        now,
      });
      this.bytesSincePrune += size;
      if (this.bytesSincePrune > this.maxBytes / 8) this.prune(connection.statements);
    }
    this.memory.set(key, { lastModified, entry, size, tags });
  }

  /**
   * Notes when `key` first missed since it was last stored (see get()).
   * @param {string} key
   */
  rememberMiss(key) {
    const now = this.now();
    const earlier = this.misses.get(key);
    if (earlier !== undefined && now - earlier < MAX_RENDER_MS) return;
    this.misses.delete(key);
    this.misses.set(key, now);
    // Misses that never led to a page (an error, a page Next does not cache) must not pile up.
    for (const oldest of this.misses.keys()) {
      if (this.misses.size <= MAX_REMEMBERED_MISSES) break;
      this.misses.delete(oldest);
    }
  }

  /**
   * Expires tags in every process: an entry stored before `now` with one of
   * them is a miss from the next get on. With an `expire` duration (a
   * revalidateTag profile) the tag goes stale now and expires later, as in
   * Next's own tags manifest; stale is a miss here as well.
   * @param {string[]} tags
   * @param {{ expire?: number }} [durations]
   */
  expire(tags, durations) {
    if (tags.length === 0) return;
    const now = this.now();
    const staleAt = durations ? now : null;
    const expiredAt = !durations ? now : durations.expire !== undefined ? now + durations.expire * 1000 : null;
    const connection = this.open("now");
    if (!connection) {
      for (const tag of tags) {
        const old = this.localTags.get(tag) ?? { expiredAt: 0, staleAt: 0 };
        this.localTags.set(tag, { expiredAt: expiredAt ?? old.expiredAt, staleAt: staleAt ?? old.staleAt });
      }
      return;
    }
    const { sqlite, statements } = connection;
    // The publish that asked for this has committed with FULL: its expiry must
    // survive a power cut as well, or the old page would outlive it in the table.
    sqlite.pragma("synchronous = FULL");
    try {
      sqlite
        .transaction(() => {
          for (const tag of tags) statements.expireTag.run({ tag, expiredAt, staleAt });
        })
        .immediate();
    } finally {
      sqlite.pragma("synchronous = NORMAL");
    }
  }

  /**
   * Deletes least recently used rows until the table is back under 90 % of
   * its bound. Summing sizes reads every row, so it runs once per maxBytes / 8
   * written by this process rather than on every set.
   * @param {Statements} statements
   */
  prune(statements) {
    this.bytesSincePrune = 0;
    let total = statements.totalSize.get()?.total ?? 0;
    if (total <= this.maxBytes) return;
    const target = this.maxBytes * 0.9;
    // Read first: better-sqlite3 cannot delete while a statement is still iterating.
    for (const row of statements.leastRecentlyUsed.all()) {
      if (total <= target) break;
      statements.remove.run(row.key);
      this.memory.delete(row.key);
      total -= row.size;
    }
  }

  /**
   * The build's and the missing database's cache: this process's memory only.
   * @param {string} key
   * @param {string[]} softTags
   * @returns {CacheHandlerValue | null}
   */
  getLocal(key, softTags) {
    const cached = this.memory.get(key);
    if (!cached) return null;
    const now = this.now();
    const invalidated = [...(cached.tags ?? []), ...softTags].some((tag) => {
      const expiry = this.localTags.get(tag);
      if (!expiry) return false;
      const expiredAt = expiry.expiredAt <= now ? expiry.expiredAt : 0;
      return isInvalidated(Math.max(expiredAt, expiry.staleAt), cached.lastModified);
    });
    if (invalidated) {
      this.memory.delete(key);
      return null;
    }
    return { lastModified: cached.lastModified, value: cached.entry.value, cacheControl: cached.entry.cacheControl };
  }
}

/**
 * @param {Database.Database} sqlite
 * @returns {Statements}
 */
function prepare(sqlite) {
  return {
    // One indexed read per get: the entry's timestamps and the latest expiry
    // among its tags and the asker's soft tags. An expiry set for later counts
    // once it has passed; a stale mark counts at once.
    peek: sqlite.prepare(`
      select e.last_modified as lastModified, e.used_at as usedAt,
        coalesce((
          select max(max(case when t.expired_at <= @now then t.expired_at else 0 end, coalesce(t.stale_at, 0)))
          from cache_tags t
          where t.tag in (select value from json_each(e.tags) union select value from json_each(@softTags))
        ), 0) as invalidatedAt
      from cache_entries e
      where e.key = @key`),
    value: sqlite.prepare("select value from cache_entries where key = ?"),
    put: sqlite.prepare(`
      insert into cache_entries (key, kind, value, tags, size, last_modified, used_at)
      values (@key, @kind, @value, @tags, @size, @lastModified, @now)
      on conflict (key) do update set kind = excluded.kind, value = excluded.value, tags = excluded.tags,
        size = excluded.size, last_modified = excluded.last_modified, used_at = excluded.used_at`),
    touch: sqlite.prepare("update cache_entries set used_at = ? where key = ?"),
    remove: sqlite.prepare("delete from cache_entries where key = ?"),
    // A null keeps what the tag had: a stale mark leaves an earlier expiry in place and vice versa.
    expireTag: sqlite.prepare(`
      insert into cache_tags (tag, expired_at, stale_at) values (@tag, coalesce(@expiredAt, 0), @staleAt)
      on conflict (tag) do update set expired_at = coalesce(@expiredAt, cache_tags.expired_at),
        stale_at = coalesce(@staleAt, cache_tags.stale_at)`),
    totalSize: sqlite.prepare("select coalesce(sum(size), 0) as total from cache_entries"),
    leastRecentlyUsed: sqlite.prepare("select key, size from cache_entries order by used_at asc"),
  };
}

/** @type {CacheStore | undefined} */
let processStore;

/**
 * The process's store, made on first use from the environment. Next imports
 * this module once per process (the import is cached), so one module-level
 * store means one connection per process.
 * @param {number | undefined} memoryBytes
 * @returns {CacheStore}
 */
function sharedStore(memoryBytes) {
  const file = databaseFile();
  if (processStore && processStore.file === file) return processStore;
  processStore?.close();
  processStore = new CacheStore({
    file,
    maxBytes: maxBytesFrom(),
    memoryBytes: memoryBytes || DEFAULT_MEMORY_BYTES,
    // The build must not need the database (generateStaticParams return [] for the same reason).
    memoryOnly: process.env.NEXT_PHASE === "phase-production-build",
  });
  return processStore;
}

/** @type {Map<string, string>} */
const buildPrefixes = new Map();

/**
 * "<build id>:" for the build Next serves from `serverDistDir` (.next/server),
 * read once per process; empty when there is no BUILD_ID yet (during the build).
 * @param {string | undefined} serverDistDir
 */
export function buildPrefix(serverDistDir) {
  if (!serverDistDir) return "";
  let prefix = buildPrefixes.get(serverDistDir);
  if (prefix === undefined) {
    try {
      prefix = `${fs.readFileSync(path.join(serverDistDir, "..", "BUILD_ID"), "utf8").trim()}:`;
    } catch {
      prefix = "";
    }
    buildPrefixes.set(serverDistDir, prefix);
  }
  return prefix;
}

let reportedError = false;

/**
 * A cache that fails must not fail the page: a read error is a miss (never a
 * stale hit), a write error is a page not cached. Logged once per process.
 * @param {string} what
 * @param {unknown} error
 */
function report(what, error) {
  if (reportedError) return;
  reportedError = true;
  console.error(`claimtrail cache: ${what} failed; serving without the shared cache until it works again.`, error);
}

/**
 * The class next.config.ts names. Next constructs one per request.
 * @implements {NextCacheHandler}
 */
export default class SqliteCacheHandler {
  /**
   * @param {CacheHandlerContext} ctx
   * @param {CacheStore} [store] tests pass their own; Next passes only ctx
   */
  constructor(ctx, store) {
    this.store = store ?? sharedStore(ctx.maxMemoryCacheSize);
    this.prefix = buildPrefix(ctx.serverDistDir);
  }

  /**
   * @param {string} key
   * @param {GetContext} ctx
   * @returns {Promise<CacheHandlerValue | null>}
   */
  async get(key, ctx) {
    try {
      return this.store.get(this.prefix + key, softTagsOf(ctx));
    } catch (error) {
      report("a read", error);
      return null;
    }
  }

  /**
   * @param {string} key
   * @param {IncrementalCacheValue | null} data
   * @param {SetContext} ctx
   */
  async set(key, data, ctx) {
    const cacheControl = "fetchCache" in ctx && ctx.fetchCache ? undefined : ctx.cacheControl;
    try {
      this.store.set(this.prefix + key, data, tagsOf(data, ctx), cacheControl);
    } catch (error) {
      report("a write", error);
    }
  }

  /**
   * @param {string | string[]} tags
   * @param {{ expire?: number }} [durations]
   */
  async revalidateTag(tags, durations) {
    // Not caught: if the expiry cannot be written, the editor's action should fail loudly.
    this.store.expire(typeof tags === "string" ? [tags] : tags, durations);
  }

  resetRequestCache() {}
}
