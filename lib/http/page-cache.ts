// The review queue's rendered pages, kept per reader by the server process
// that rendered them (scripts/start/worker.ts) and served again while the
// database has not changed since. The queue is the desk's most-read page and
// a render of it costs about 10 ms of one core (BENCHMARKS.md); a
// reader who reloads it, or 32 who do, need not pay that again for the same
// bytes.
//
// What keeps it right:
// - A page is one reader's: the key is the address together with the whole
//   Cookie header (the session token and anything else the page could read).
// - Any commit to the database, by any process, ends every page at once:
//   SQLite's data_version, read on a connection of this cache's own, changes
//   with every commit another connection makes. A page rendered while a
//   commit landed is not kept.
// - Only what Next answered 200 with, as HTML, without a Set-Cookie, is kept;
//   a redirect to sign-in never is.
// - Pages age out after a few seconds all the same, for what depends on the
//   clock alone (a session's end).
// - A hard reload (Cache-Control: no-cache) always renders.
// - Every response gets a fresh CSP nonce: the one the render drew is
//   replaced in the body and the headers.
//
// Not server-only: scripts/start/worker.ts loads it outside Next's
// react-server condition, as it does lib/http/client-address.ts.
import { createHash, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { isSessionCookieName } from "@/lib/auth/session-cookie";

const gzip = promisify(zlib.gzip);

/** The pages kept: the queue in each of its views (its filters are in the query). */
const CACHED_PATHS = new Set(["/review"]);

/** Said on every response the cache answers, so tests and the bench can tell. */
export const PAGE_CACHE_HEADER = "x-claimtrail-page-cache";

// Headers Node writes for each response on its own, or that describe one encoding of the body.
const PER_RESPONSE_HEADERS = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

/** The nonce in a Content-Security-Policy, as proxy.ts draws it: base64 of a UUID. */
const NONCE_IN_POLICY = /'nonce-([A-Za-z0-9+/=]+)'/;

/** A fresh nonce of the same form proxy.ts draws. */
export function freshNonce(): string {
  return Buffer.from(randomUUID()).toString("base64");
}

/** A header as Next sent it, split around the nonce: one value, or a list of them (Set-Cookie-like). */
type KeptHeader = { name: string; value: string[] } | { name: string; values: string[][] };

export interface StoredPage {
  headers: KeptHeader[];
  /** The body without any encoding, split around the nonce. */
  body: Buffer[];
  bytes: number;
  version: number;
  storedAt: number;
}

export interface PageCacheOptions {
  /** SQLite's PRAGMA data_version on a connection that never writes. */
  dataVersion: () => number;
  ttlMs: number;
  maxBytes: number;
  now?: () => number;
}

/**
 * The key of a request the cache may answer, or null: a plain document GET of
 * a kept path by a reader with a session cookie. Next's own navigations (RSC
 * requests, prefetches, server actions) always go to Next.
 */
export function pageCacheKey(request: Pick<IncomingMessage, "method" | "url" | "headers">): string | null {
  if (request.method !== "GET" || !request.url) return null;
  const queryAt = request.url.indexOf("?");
  const pathname = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  if (!CACHED_PATHS.has(pathname)) return null;
  const { headers } = request;
  const cookie = headers.cookie;
  if (!cookie || !cookie.split(";").some((pair) => isSessionCookieName(pair.split("=", 1)[0]?.trim() ?? ""))) return null;
  if (queryAt >= 0 && /(?:^|&)_rsc=/.test(request.url.slice(queryAt + 1))) return null;
  if (headers.range || headers.rsc !== undefined || Object.keys(headers).some((name) => name.startsWith("next-"))) return null;
  const hash = createHash("sha256");
  // The host and scheme too: a page can carry absolute addresses built from them.
  for (const part of [request.url, headers.host, headers["x-forwarded-host"], headers["x-forwarded-proto"], cookie]) {
    hash.update(String(part ?? "")).update("\n");
  }
  return hash.digest("base64url");
}

export class PageCache {
  readonly #pages = new Map<string, StoredPage>();
  readonly #options: Required<PageCacheOptions>;
  #bytes = 0;
  #version: number | null = null;

  constructor(options: PageCacheOptions) {
    this.#options = { now: Date.now, ...options };
  }

  /** The database's version now; when it has moved on, every kept page goes. */
  version(): number {
    const version = this.#options.dataVersion();
    if (version !== this.#version) {
      this.#pages.clear();
      this.#bytes = 0;
      this.#version = version;
    }
    return version;
  }

  get size(): number {
    return this.#pages.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The page kept under key, if the database is as it was when it was rendered and it is young enough. */
  get(key: string): StoredPage | null {
    const version = this.version();
    const page = this.#pages.get(key);
    if (!page) return null;
    if (page.version !== version || this.#options.now() - page.storedAt >= this.#options.ttlMs) {
      this.#delete(key, page);
      return null;
    }
    // Most recently used last: Map keeps insertion order, so eviction takes the first.
    this.#pages.delete(key);
    this.#pages.set(key, page);
    return page;
  }

  /** Keeps a page rendered at `version`, unless the database has moved on since. */
  set(key: string, page: Omit<StoredPage, "storedAt">): boolean {
    if (this.version() !== page.version || page.bytes > this.#options.maxBytes / 4) return false;
    const old = this.#pages.get(key);
    if (old) this.#delete(key, old);
    this.#pages.set(key, { ...page, storedAt: this.#options.now() });
    this.#bytes += page.bytes;
    for (const [oldest, entry] of this.#pages) {
      if (this.#bytes <= this.#options.maxBytes) break;
      this.#delete(oldest, entry);
    }
    return true;
  }

  #delete(key: string, page: StoredPage): void {
    this.#pages.delete(key);
    this.#bytes -= page.bytes;
  }
}

function splitBuffer(buffer: Buffer, separator: string): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buffer.indexOf(separator, from); at >= 0; at = buffer.indexOf(separator, from)) {
    parts.push(buffer.subarray(from, at));
    from = at + separator.length;
  }
  parts.push(buffer.subarray(from));
  return parts;
}

function decoded(body: Buffer, encoding: string | undefined): Buffer | null {
  switch (encoding ?? "identity") {
    case "identity":
      return body;
    case "gzip":
      return zlib.gunzipSync(body);
    case "br":
      return zlib.brotliDecompressSync(body);
    case "deflate":
      return zlib.inflateSync(body);
    default:
      return null;
  }
}

/**
 * The page as kept, from a response Next has finished, or null when it must
 * not be kept: anything but a 200 HTML page with a CSP nonce and no cookie set.
 */
export function storedPage(
  statusCode: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  version: number,
): Omit<StoredPage, "storedAt"> | null {
  if (statusCode !== 200 || headers["set-cookie"] !== undefined) return null;
  if (!String(headers["content-type"] ?? "").startsWith("text/html")) return null;
  const nonce = NONCE_IN_POLICY.exec(String(headers["content-security-policy"] ?? ""))?.[1];
  if (!nonce) return null;
  let plain: Buffer | null;
  try {
    plain = decoded(body, headers["content-encoding"]?.toString().toLowerCase());
  } catch {
    return null;
  }
  if (!plain) return null;
  const kept: KeptHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PER_RESPONSE_HEADERS.has(name)) continue;
    kept.push(
      Array.isArray(value) ? { name, values: value.map((one) => one.split(nonce)) } : { name, value: String(value).split(nonce) },
    );
  }
  const parts = splitBuffer(plain, nonce);
  return { headers: kept, body: parts, bytes: plain.length, version };
}

/**
 * Whether the client asks for a page rendered now (Cache-Control: no-cache, as
 * a browser's hard reload sends, or Pragma: no-cache). It is rendered, and
 * kept for the next request.
 */
export function wantsFreshPage(headers: IncomingHttpHeaders): boolean {
  return /(?:^|,)\s*no-cache\s*(?:,|$)/i.test(headers["cache-control"] ?? "") || /no-cache/i.test(String(headers.pragma ?? ""));
}

/** Whether the client takes gzip (Accept-Encoding names it without q=0). */
export function acceptsGzip(headers: IncomingHttpHeaders): boolean {
  const accepted = String(headers["accept-encoding"] ?? "");
  return accepted.split(",").some((entry) => {
    const [coding, ...params] = entry.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") return false;
    return !params.some((param) => /^\s*q=0(?:\.0*)?\s*$/.test(param));
  });
}

/** A kept page as the bytes and headers of one response, with its own nonce. */
export async function pageResponse(
  page: StoredPage,
  nonce: string,
  gzipped: boolean,
): Promise<{ headers: OutgoingHttpHeaders; body: Buffer }> {
  const nonceBytes = Buffer.from(nonce);
  const pieces: Buffer[] = [];
  page.body.forEach((part, index) => {
    if (index > 0) pieces.push(nonceBytes);
    pieces.push(part);
  });
  const plain = Buffer.concat(pieces);
  const body = gzipped ? await gzip(plain) : plain;
  const headers: OutgoingHttpHeaders = {};
  for (const header of page.headers) {
    headers[header.name] = "value" in header ? header.value.join(nonce) : header.values.map((one) => one.join(nonce));
  }
  if (gzipped) headers["content-encoding"] = "gzip";
  headers["content-length"] = body.length;
  headers[PAGE_CACHE_HEADER] = "hit";
  return { headers, body };
}

/**
 * Copies what Next writes to `response` as it goes, and hands the whole
 * response to `done` once it has been sent. Next's writes reach the client
 * unchanged.
 */
export function recordResponse(
  response: ServerResponse,
  maxBytes: number,
  done: (statusCode: number, headers: OutgoingHttpHeaders, body: Buffer) => void,
): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let overflowed = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (overflowed || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer =
      typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);
    bytes += buffer.length;
    if (bytes > maxBytes) {
      overflowed = true;
      chunks.length = 0;
    } else chunks.push(buffer);
  };
  const write = response.write;
  const end = response.end;
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse["write"];
  response.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as ServerResponse["end"];
  response.once("finish", () => {
    if (!overflowed) done(response.statusCode, response.getHeaders(), Buffer.concat(chunks));
  });
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * `handle` (Next's request handler) with the cache in front: a kept page is
 * served with a fresh nonce, anything else goes to `handle`, and what it
 * answers is kept when it may be. Requests for a page that is being rendered
 * wait for that render rather than start their own: after a commit, 32
 * readers of one queue cost one render, not 32.
 */
export function withPageCache(pages: PageCache, handle: Handler, maxPageBytes: number): Handler {
  const rendering = new Map<string, Promise<void>>();
  return async (request, response) => {
    const key = pageCacheKey(request);
    if (!key) return handle(request, response);
    if (!wantsFreshPage(request.headers)) {
      await rendering.get(key);
      const page = pages.get(key);
      if (page) {
        const { headers, body } = await pageResponse(page, freshNonce(), acceptsGzip(request.headers));
        response.writeHead(200, headers);
        response.end(body);
        return;
      }
    }
    // Read before the render: a commit that lands while it runs makes the page too old to keep.
    const version = pages.version();
    let rendered: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      rendered = resolve;
    });
    if (!rendering.has(key)) {
      rendering.set(key, done);
      void done.then(() => rendering.get(key) === done && rendering.delete(key));
    }
    response.setHeader(PAGE_CACHE_HEADER, "miss");
    recordResponse(response, maxPageBytes, (statusCode, headers, body) => {
      const stored = storedPage(statusCode, headers, body, version);
      if (stored) pages.set(key, stored);
      rendered();
    });
    // A response cut short, or too large to keep, lets the waiting go on by themselves.
    response.once("close", rendered);
    return handle(request, response);
  };
}

