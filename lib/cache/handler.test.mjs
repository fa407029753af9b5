// @ts-check
// The shared cache handler against real database files: two stores are two
// connections, as two server processes would have. JavaScript like the
// handler itself; type-checked by tsconfig.cache-handler.json.
import { Buffer } from "node:buffer";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseFile as appDatabaseFile, openDatabase } from "@/db/client";
import SqliteCacheHandler, { CacheStore, databaseFile, maxBytesFrom } from "./handler.mjs";

/** @typedef {import("next/dist/server/response-cache").IncrementalCacheValue} IncrementalCacheValue */
/** @typedef {import("next/dist/server/lib/incremental-cache").CacheHandlerContext} CacheHandlerContext */

const PUBLISHED = "published-verdicts";

/**
 * The tags Next gives the page at `key`: its implicit path tags, and for a
 * claim page the data tag it read through.
 * @param {string} key
 */
function tagsFor(key) {
  const claim = key.startsWith("/claims/");
  return [
    "_N_T_/layout",
    `_N_T_${key}`,
    ...(claim ? ["_N_T_/claims/[slug]/page", PUBLISHED] : ["_N_T_/methodology/page"]),
  ];
}

/**
 * A page as Next's incremental cache stores it: HTML, the RSC payload and
 * segment data as Buffers, its tags in the tags header.
 * @param {string} html
 * @param {string[]} tags
 * @returns {IncrementalCacheValue}
 */
function page(html, tags) {
  const value = {
    kind: "APP_PAGE",
    html,
    rscData: Buffer.from(`rsc:${html}`),
    headers: { "x-next-cache-tags": tags.join(",") },
    postponed: undefined,
    status: 200,
    segmentData: new Map([["/_tree", Buffer.from([0, 255, 1])]]),
  };
  // Test data shaped like Next's; its enum-typed `kind` has no literal to name in JavaScript.
  return /** @type {IncrementalCacheValue} */ (/** @type {unknown} */ (value));
}

/**
 * unstable_cache's entry for `body`.
 * @param {unknown} body
 * @returns {IncrementalCacheValue}
 */
function data(body) {
  const value = {
    kind: "FETCH",
    data: { headers: {}, body: JSON.stringify(body), status: 200, url: "" },
    revalidate: 3600,
  };
  return /** @type {IncrementalCacheValue} */ (/** @type {unknown} */ (value));
}

/** @type {CacheHandlerContext} */
const NEXT_CONTEXT = { serverDistDir: "", revalidatedTags: [], _requestHeaders: {} };

/** A clock the test moves: epoch ms. */
function clock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (/** @type {number} */ ms) => (now += ms) };
}

let dir = "";
let file = "";
/** @type {CacheStore[]} */
let stores = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-cache-test-"));
  file = path.join(dir, "cache.db");
  openDatabase(file).sqlite.close();
  stores = [];
});

afterEach(() => {
  for (const store of stores) store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A store on the test database: one connection, as one server process has.
 * @param {Partial<ConstructorParameters<typeof CacheStore>[0]>} [options]
 */
function store(options = {}) {
  const made = new CacheStore({ file, ...options });
  stores.push(made);
  return made;
}

/** @param {CacheStore} s */
function handler(s) {
  return new SqliteCacheHandler(NEXT_CONTEXT, s);
}

const PAGE_CONTEXT = /** @type {const} */ ({ kind: "APP_PAGE", isRoutePPREnabled: false, isFallback: false });

/**
 * @param {string} [key]
 * @returns {Promise<string | undefined>} the page's HTML from `h`, or undefined on a miss
 */
async function htmlFrom(/** @type {SqliteCacheHandler} */ h, key = "/claims/kestrel") {
  const hit = await h.get(key, /** @type {never} */ (PAGE_CONTEXT));
  const value = hit?.value;
  return value && "html" in value && typeof value.html === "string" ? value.html : undefined;
}

/**
 * @param {SqliteCacheHandler} h
 * @param {string} html
 * @param {string} [key]
 */
async function storePage(h, html, key = "/claims/kestrel") {
  await h.set(key, page(html, tagsFor(key)), { cacheControl: { revalidate: 3600, expire: undefined } });
}

function rowCount(sql = "select count(*) as n from cache_entries") {
  const db = new Database(file, { readonly: true });
  try {
    const row = /** @type {{ n: number }} */ (db.prepare(sql).get());
    return row.n;
  } finally {
    db.close();
  }
}

describe("the SQLite cache handler", () => {
  it("gives back what was stored, Buffers and Maps included, to another connection", async () => {
    const writer = handler(store());
    const reader = handler(store());
    await storePage(writer, "<p>Sourced</p>");

    const hit = await reader.get("/claims/kestrel", /** @type {never} */ (PAGE_CONTEXT));
    expect(hit?.cacheControl).toEqual({ revalidate: 3600, expire: undefined });
    const value = hit?.value;
    if (!value || value.kind !== page("", []).kind || !("segmentData" in value))
      throw new Error(`not a page: ${JSON.stringify(value)}`);
    expect(value.html).toBe("<p>Sourced</p>");
    expect(Buffer.isBuffer(value.rscData)).toBe(true);
    expect(value.rscData?.toString()).toBe("rsc:<p>Sourced</p>");
    expect(value.segmentData?.get("/_tree")).toEqual(Buffer.from([0, 255, 1]));
    expect(await htmlFrom(reader, "/claims/other")).toBeUndefined();
  });

  it("misses in every process once a tag of the page expired, its memory copy included, and hits the page rendered after", async () => {
    const time = clock();
    const processA = handler(store({ now: time.now }));
    const processB = handler(store({ now: time.now }));
    await storePage(processB, "<p>Sourced</p>");
    // B now holds the page in memory as well as in the table.
    expect(await htmlFrom(processB)).toBe("<p>Sourced</p>");

    time.advance(10);
    // The publish in A: updateTag(PUBLISHED_DATA_TAG) and revalidatePath("/claims/kestrel").
    await processA.revalidateTag([PUBLISHED]);
    await processA.revalidateTag("_N_T_/claims/kestrel");
    time.advance(1);
    expect(await htmlFrom(processB)).toBeUndefined();
    expect(await htmlFrom(processA)).toBeUndefined();

    time.advance(10);
    await storePage(processB, "<p>Disputed</p>");
    expect(await htmlFrom(processA)).toBe("<p>Disputed</p>");
    expect(await htmlFrom(processB)).toBe("<p>Disputed</p>");
  });

  it("misses again when a page whose render began before a publish is stored after it", async () => {
    const time = clock();
    const processA = handler(store({ now: time.now }));
    const processB = handler(store({ now: time.now }));
    // B misses and starts rendering with the data as it is before the publish.
    expect(await htmlFrom(processB)).toBeUndefined();
    time.advance(20);
    await processA.revalidateTag(PUBLISHED);
    time.advance(20);
    await storePage(processB, "<p>Rendered from the old verdict</p>");
    expect(await htmlFrom(processA)).toBeUndefined();

    // The render after that miss began after the publish: it stays.
    time.advance(20);
    await storePage(processA, "<p>Rendered from the new verdict</p>");
    expect(await htmlFrom(processB)).toBe("<p>Rendered from the new verdict</p>");
    expect(await htmlFrom(processA)).toBe("<p>Rendered from the new verdict</p>");
  });

  it("leaves pages with none of the expired tags alone", async () => {
    const time = clock();
    const processA = handler(store({ now: time.now }));
    await storePage(processA, "<p>Another claim</p>", "/claims/osprey");
    time.advance(10);
    await handler(store({ now: time.now })).revalidateTag("_N_T_/claims/kestrel");
    expect(await htmlFrom(processA, "/claims/osprey")).toBe("<p>Another claim</p>");
  });

  it("checks data entries against the soft tags of the page that reads them", async () => {
    const time = clock();
    const processA = handler(store({ now: time.now }));
    const processB = handler(store({ now: time.now }));
    await processA.set("latest", data(["kestrel"]), { fetchCache: true, tags: [PUBLISHED] });
    /** @param {string[]} softTags */
    const read = (softTags) =>
      processB.get("latest", { kind: /** @type {never} */ ("FETCH"), tags: [PUBLISHED], softTags });
    const home = ["_N_T_/layout", "_N_T_/", "_N_T_/index"];
    const corrections = ["_N_T_/layout", "_N_T_/corrections"];
    expect((await read(home))?.value).toEqual(data(["kestrel"]));

    time.advance(10);
    // revalidatePath("/") expires the home page's implicit tags only.
    await processA.revalidateTag(["_N_T_/", "_N_T_/index"]);
    expect(await read(home)).toBeNull();
    expect((await read(corrections))?.value).toEqual(data(["kestrel"]));

    time.advance(10);
    await processA.revalidateTag(PUBLISHED);
    expect(await read(corrections)).toBeNull();
  });

  it("treats a tag marked stale by a revalidateTag profile as a miss, and its later expiry as already passed", async () => {
    const time = clock();
    const s = store({ now: time.now });
    const h = handler(s);
    await storePage(h, "<p>Sourced</p>");
    time.advance(10);
    await h.revalidateTag(PUBLISHED, { expire: 3600 });
    time.advance(1);
    expect(await htmlFrom(h)).toBeUndefined();

    // Rendered after the stale mark and before the expiry an hour on: a hit until that expiry passes.
    time.advance(10);
    await storePage(h, "<p>Fresh</p>");
    expect(await htmlFrom(h)).toBe("<p>Fresh</p>");
    time.advance(3600 * 1000);
    expect(await htmlFrom(h)).toBeUndefined();
  });

  it("removes the least recently used rows once the table passes its bound", async () => {
    const time = clock();
    const html = "x".repeat(2_000);
    const s = store({ now: time.now, maxBytes: 20_000 });
    const h = handler(s);
    for (const slug of ["a", "b", "c", "d"]) {
      await storePage(h, html, `/claims/${slug}`);
      time.advance(61_000);
    }
    // Reading "a" marks it used (more than a minute after it was stored), so "b" is now the oldest.
    expect(await htmlFrom(h, "/claims/a")).toBe(html);
    time.advance(61_000);
    for (const slug of ["e", "f"]) {
      await storePage(h, html, `/claims/${slug}`);
      time.advance(61_000);
    }
    const keys = new Database(file, { readonly: true });
    try {
      const left = keys.prepare("select key from cache_entries order by key").pluck().all();
      const total = /** @type {{ n: number }} */ (keys.prepare("select sum(size) as n from cache_entries").get()).n;
      expect(total).toBeLessThanOrEqual(20_000);
      expect(left).toEqual(["/claims/a", "/claims/d", "/claims/e", "/claims/f"]);
    } finally {
      keys.close();
    }
    // Another process reading a pruned page misses rather than failing.
    expect(await htmlFrom(handler(store()), "/claims/b")).toBeUndefined();
  });

  it("serves a hit without waiting while another connection holds the write lock, and marks it used later", async () => {
    const time = clock();
    const h = handler(store({ now: time.now }));
    await storePage(h, "<p>Sourced</p>");
    const usedAt = () => rowCount("select used_at as n from cache_entries");
    const storedAt = usedAt();
    time.advance(61_000);
    const writer = new Database(file);
    writer.exec("begin immediate");
    try {
      // Due to be marked used: waiting for the lock would end in SQLITE_BUSY, and a miss.
      expect(await htmlFrom(h)).toBe("<p>Sourced</p>");
    } finally {
      writer.exec("rollback");
      writer.close();
    }
    expect(usedAt()).toBe(storedAt);
    expect(await htmlFrom(h)).toBe("<p>Sourced</p>");
    expect(usedAt()).toBe(storedAt + 61_000);
  });

  it("works from memory without creating the database when the file does not exist, as during the build", async () => {
    const missing = path.join(dir, "not-yet.db");
    const h = handler(store({ file: missing }));
    await storePage(h, "<p>Methodology</p>", "/methodology");
    expect(await htmlFrom(h, "/methodology")).toBe("<p>Methodology</p>");
    await h.revalidateTag("_N_T_/claims/kestrel");
    expect(await htmlFrom(h, "/methodology")).toBe("<p>Methodology</p>");
    await storePage(h, "<p>Sourced</p>");
    await h.revalidateTag(PUBLISHED);
    expect(await htmlFrom(h)).toBeUndefined();
    expect(fs.existsSync(missing)).toBe(false);
  });

  it("never touches the database during `next build`, even when the file exists", async () => {
    const h = handler(store({ memoryOnly: true }));
    await storePage(h, "<p>Methodology</p>", "/methodology");
    await h.revalidateTag(PUBLISHED);
    expect(await htmlFrom(h, "/methodology")).toBe("<p>Methodology</p>");
    expect(rowCount()).toBe(0);
    expect(rowCount("select count(*) as n from cache_tags")).toBe(0);
  });

  it("uses the database once it has been created and migrated", async () => {
    const time = clock();
    const later = path.join(dir, "later.db");
    const s = store({ file: later, now: time.now });
    const h = handler(s);
    new Database(later).close();
    await storePage(h, "<p>Before the migration</p>");
    expect(await htmlFrom(h)).toBe("<p>Before the migration</p>");

    openDatabase(later).sqlite.close();
    time.advance(1_000);
    // Stored in memory only while the tables were missing: the table has nothing.
    expect(await htmlFrom(h)).toBeUndefined();
    await storePage(h, "<p>After</p>");
    expect(await htmlFrom(handler(store({ file: later, now: time.now })))).toBe("<p>After</p>");
  });

  it("writes an expiry to a database that appeared a moment after a read found none", async () => {
    const time = clock();
    const later = path.join(dir, "later.db");
    const h = handler(store({ file: later, now: time.now }));
    expect(await htmlFrom(h)).toBeUndefined();
    openDatabase(later).sqlite.close();
    await h.revalidateTag(PUBLISHED);
    const db = new Database(later, { readonly: true });
    try {
      expect(db.prepare("select tag, expired_at as expiredAt from cache_tags").all()).toEqual([
        { tag: PUBLISHED, expiredAt: time.now() },
      ]);
    } finally {
      db.close();
    }
  });

  it("keeps each build's pages apart, and expires them all on a publish", async () => {
    const time = clock();
    /** @param {string} buildId */
    const serving = (buildId) => {
      const server = path.join(dir, buildId, "server");
      fs.mkdirSync(server, { recursive: true });
      fs.writeFileSync(path.join(dir, buildId, "BUILD_ID"), buildId);
      return new SqliteCacheHandler({ ...NEXT_CONTEXT, serverDistDir: server }, store({ now: time.now }));
    };
    const oldBuild = serving("build-one");
    const newBuild = serving("build-two");
    await storePage(oldBuild, "<p>Old chunks</p>");
    expect(await htmlFrom(newBuild)).toBeUndefined();
    await storePage(newBuild, "<p>New chunks</p>");
    expect(await htmlFrom(oldBuild)).toBe("<p>Old chunks</p>");
    expect(await htmlFrom(newBuild)).toBe("<p>New chunks</p>");

    time.advance(10);
    await newBuild.revalidateTag(PUBLISHED);
    expect(await htmlFrom(oldBuild)).toBeUndefined();
    expect(await htmlFrom(newBuild)).toBeUndefined();
  });

  it("resolves DATABASE_URL as db/client.ts does, and reads CACHE_MAX_BYTES", () => {
    for (const value of [undefined, "", "  ", "./data/other.db", "file:./x.db", "/tmp/abs.db", " file:/tmp/y.db "]) {
      const env = value === undefined ? {} : { DATABASE_URL: value };
      expect(databaseFile(env)).toBe(appDatabaseFile(env));
    }
    expect(maxBytesFrom({})).toBe(256 * 1024 * 1024);
    expect(maxBytesFrom({ CACHE_MAX_BYTES: "1000" })).toBe(1000);
    expect(() => maxBytesFrom({ CACHE_MAX_BYTES: "lots" })).toThrow(/CACHE_MAX_BYTES/);
  });

  it("is what Next constructs from next.config.ts: its own store on DATABASE_URL", async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = file;
    try {
      const first = new SqliteCacheHandler(NEXT_CONTEXT);
      const second = new SqliteCacheHandler(NEXT_CONTEXT);
      expect(second.store).toBe(first.store);
      stores.push(first.store);
      await storePage(first, "<p>Sourced</p>");
      expect(rowCount()).toBe(1);
    } finally {
      if (previous === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous;
    }
  });
});
