import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  acceptsGzip,
  freshNonce,
  PageCache,
  pageCacheKey,
  pageResponse,
  recordResponse,
  storedPage,
  wantsFreshPage,
  withPageCache,
  type StoredPage,
} from "./page-cache";

const SESSION = "next-auth.session-token=abc.def.ghi";
const NONCE = "ZmFrZS1ub25jZS1mb3ItdGVzdHMtb25seS0xMjM0NTY3OA==";

function request(url: string, headers: http.IncomingHttpHeaders = {}, method = "GET") {
  return { method, url, headers: { host: "desk.example", cookie: SESSION, ...headers } };
}

function policy(nonce: string): string {
  return `default-src 'self'; script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`;
}

function html(nonce: string, text = "queue"): Buffer {
  return Buffer.from(`<!DOCTYPE html><script nonce="${nonce}">go()</script><p>${text} ✓</p><script nonce="${nonce}"></script>`);
}

const pageHeaders = (nonce: string): http.OutgoingHttpHeaders => ({
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": policy(nonce),
  "cache-control": "private, no-store",
  link: `</a.css>; rel=preload; as="style"; nonce="${nonce}"`,
  date: "Mon, 07 Dec 2026 14:00:00 GMT",
  "transfer-encoding": "chunked",
});

function page(version: number, bytes = 100): Omit<StoredPage, "storedAt"> {
  return { headers: [], body: [Buffer.alloc(bytes)], bytes, version };
}

describe("pageCacheKey", () => {
  it("takes a signed-in reader's plain GET of the queue, in any view", () => {
    expect(pageCacheKey(request("/review"))).toEqual(expect.any(String));
    expect(pageCacheKey(request("/review?status=disputed&sort=oldest"))).toEqual(expect.any(String));
    expect(pageCacheKey(request("/review", { cookie: `theme=dark; __Secure-${SESSION.replace("=", ".0=")}` }))).toEqual(
      expect.any(String),
    );
  });

  it("leaves everything else to Next", () => {
    expect(pageCacheKey(request("/review", { cookie: "theme=dark" }))).toBeNull();
    expect(pageCacheKey(request("/review", { cookie: undefined }))).toBeNull();
    expect(pageCacheKey(request("/review", {}, "POST"))).toBeNull();
    expect(pageCacheKey(request("/review", {}, "HEAD"))).toBeNull();
    expect(pageCacheKey(request("/review/claims/some-claim"))).toBeNull();
    expect(pageCacheKey(request("/reviewx"))).toBeNull();
    expect(pageCacheKey(request("/review?_rsc=1x2y"))).toBeNull();
    expect(pageCacheKey(request("/review", { rsc: "1" }))).toBeNull();
    expect(pageCacheKey(request("/review", { "next-router-prefetch": "1" }))).toBeNull();
    expect(pageCacheKey(request("/review", { "next-action": "abc" }))).toBeNull();
    expect(pageCacheKey(request("/review", { range: "bytes=0-10" }))).toBeNull();
  });

  it("gives each reader, view, host and scheme its own key", () => {
    const base = pageCacheKey(request("/review"));
    const others = [
      pageCacheKey(request("/review", { cookie: "next-auth.session-token=someone.else" })),
      pageCacheKey(request("/review", { cookie: `${SESSION}; theme=dark` })),
      pageCacheKey(request("/review?status=disputed")),
      pageCacheKey(request("/review", { host: "other.example" })),
      pageCacheKey(request("/review", { "x-forwarded-proto": "https" })),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    expect(pageCacheKey(request("/review"))).toBe(base);
  });
});

describe("PageCache", () => {
  function cache(options: { ttlMs?: number; maxBytes?: number } = {}) {
    const state = { version: 1, now: 1_000 };
    const pages = new PageCache({
      dataVersion: () => state.version,
      now: () => state.now,
      ttlMs: options.ttlMs ?? 5_000,
      maxBytes: options.maxBytes ?? 10_000,
    });
    return { pages, state };
  }

  it("serves a page while the database is unchanged and the page is young", () => {
    const { pages, state } = cache();
    expect(pages.set("a", page(1))).toBe(true);
    expect(pages.get("a")?.version).toBe(1);
    state.now += 4_999;
    expect(pages.get("a")).not.toBeNull();
    state.now += 1;
    expect(pages.get("a")).toBeNull();
    expect(pages.size).toBe(0);
  });

  it("drops every page when any commit lands", () => {
    const { pages, state } = cache();
    pages.set("a", page(1));
    pages.set("b", page(1));
    state.version = 2;
    expect(pages.get("b")).toBeNull();
    expect(pages.get("a")).toBeNull();
    expect(pages.size).toBe(0);
    expect(pages.bytes).toBe(0);
  });

  it("refuses a page rendered while a commit landed", () => {
    const { pages, state } = cache();
    const before = pages.version();
    state.version = 2;
    expect(pages.set("a", page(before))).toBe(false);
    expect(pages.get("a")).toBeNull();
  });

  it("keeps within its bytes, dropping the least recently used first", () => {
    const { pages } = cache({ maxBytes: 1_000 });
    pages.set("a", page(1, 250));
    pages.set("b", page(1, 250));
    pages.set("c", page(1, 250));
    pages.get("a");
    pages.set("d", page(1, 250));
    pages.set("e", page(1, 250));
    expect(pages.get("b")).toBeNull();
    expect(pages.get("a")).not.toBeNull();
    expect(pages.get("e")).not.toBeNull();
    expect(pages.bytes).toBeLessThanOrEqual(1_000);
    expect(pages.set("huge", page(1, 251))).toBe(false);
  });

  it("counts a page stored twice under one key once", () => {
    const { pages } = cache();
    pages.set("a", page(1, 300));
    pages.set("a", page(1, 400));
    expect(pages.size).toBe(1);
    expect(pages.bytes).toBe(400);
  });
});

describe("storedPage and pageResponse", () => {
  it("serves the page again with a fresh nonce everywhere the old one was", async () => {
    const stored = storedPage(200, { ...pageHeaders(NONCE), "x-list": [`a ${NONCE}`, "b"] }, html(NONCE), 7);
    expect(stored).not.toBeNull();
    const fresh = freshNonce();
    expect(fresh).not.toBe(NONCE);
    const { headers, body } = await pageResponse({ ...stored!, storedAt: 0 }, fresh, false);
    expect(body.toString()).toBe(html(fresh).toString());
    expect(headers["content-security-policy"]).toBe(policy(fresh));
    expect(headers.link).toContain(`nonce="${fresh}"`);
    expect(headers["x-list"]).toEqual([`a ${fresh}`, "b"]);
    expect(headers["content-length"]).toBe(body.length);
    expect(headers["x-claimtrail-page-cache"]).toBe("hit");
    expect(headers.date).toBeUndefined();
    expect(headers["transfer-encoding"]).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain(NONCE);
  });

  it("keeps what Next compressed as plain bytes, and compresses it again for clients that take gzip", async () => {
    const compressed = { ...pageHeaders(NONCE), "content-encoding": "gzip" };
    const stored = storedPage(200, compressed, zlib.gzipSync(html(NONCE)), 1);
    expect(stored?.bytes).toBe(html(NONCE).length);
    const fresh = freshNonce();
    const { headers, body } = await pageResponse({ ...stored!, storedAt: 0 }, fresh, true);
    expect(headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(body).toString()).toBe(html(fresh).toString());
    const brotli = storedPage(200, { ...pageHeaders(NONCE), "content-encoding": "br" }, zlib.brotliCompressSync(html(NONCE)), 1);
    expect(brotli?.bytes).toBe(html(NONCE).length);
  });

  it("keeps nothing but a 200 HTML page with a nonce and no cookie", () => {
    const body = html(NONCE);
    expect(storedPage(307, pageHeaders(NONCE), body, 1)).toBeNull();
    expect(storedPage(500, pageHeaders(NONCE), body, 1)).toBeNull();
    expect(storedPage(200, { ...pageHeaders(NONCE), "set-cookie": ["a=b"] }, body, 1)).toBeNull();
    expect(storedPage(200, { ...pageHeaders(NONCE), "content-type": "application/json" }, body, 1)).toBeNull();
    expect(storedPage(200, { ...pageHeaders(NONCE), "content-security-policy": "default-src 'self'" }, body, 1)).toBeNull();
    expect(storedPage(200, { ...pageHeaders(NONCE), "content-encoding": "gzip" }, Buffer.from("not gzip"), 1)).toBeNull();
    expect(storedPage(200, { ...pageHeaders(NONCE), "content-encoding": "zstd" }, body, 1)).toBeNull();
  });
});

describe("wantsFreshPage", () => {
  it("is a hard reload's no-cache, not an ordinary reload's max-age=0", () => {
    expect(wantsFreshPage({ "cache-control": "no-cache" })).toBe(true);
    expect(wantsFreshPage({ "cache-control": "max-age=0, no-cache" })).toBe(true);
    expect(wantsFreshPage({ pragma: "no-cache" })).toBe(true);
    expect(wantsFreshPage({ "cache-control": "max-age=0" })).toBe(false);
    expect(wantsFreshPage({ "cache-control": "no-cache-please" })).toBe(false);
    expect(wantsFreshPage({})).toBe(false);
  });
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding, q=0 included", () => {
    expect(acceptsGzip({ "accept-encoding": "gzip, deflate, br" })).toBe(true);
    expect(acceptsGzip({ "accept-encoding": "br;q=1.0, gzip;q=0.8" })).toBe(true);
    expect(acceptsGzip({ "accept-encoding": "*" })).toBe(true);
    expect(acceptsGzip({ "accept-encoding": "gzip;q=0" })).toBe(false);
    expect(acceptsGzip({ "accept-encoding": "br" })).toBe(false);
    expect(acceptsGzip({})).toBe(false);
  });
});

describe("recordResponse", () => {
  const servers: http.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  async function serve(
    handler: (response: http.ServerResponse) => void,
    maxBytes = 1_000,
  ): Promise<{ text: string; recorded: Promise<{ statusCode: number; headers: http.OutgoingHttpHeaders; body: string } | null> }> {
    let settle: (value: { statusCode: number; headers: http.OutgoingHttpHeaders; body: string } | null) => void = () => {};
    const recorded = new Promise<{ statusCode: number; headers: http.OutgoingHttpHeaders; body: string } | null>((resolve) => {
      settle = resolve;
    });
    const server = http.createServer((_request, response) => {
      recordResponse(response, maxBytes, (statusCode, headers, body) => settle({ statusCode, headers, body: body.toString() }));
      response.once("close", () => setTimeout(() => settle(null), 50));
      handler(response);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    return { text, recorded };
  }

  it("passes every write through and hands over the whole response once sent", async () => {
    const { text, recorded } = await serve((response) => {
      response.setHeader("content-type", "text/html");
      response.write("<p>");
      response.write(Buffer.from("één"));
      response.end("</p>");
    });
    expect(text).toBe("<p>één</p>");
    expect(await recorded).toEqual({ statusCode: 200, headers: expect.objectContaining({ "content-type": "text/html" }), body: "<p>één</p>" });
  });

  it("gives up on a response larger than it may keep, still sending all of it", async () => {
    const { text, recorded } = await serve((response) => {
      response.write("x".repeat(600));
      response.end("y".repeat(600));
    });
    expect(text).toHaveLength(1_200);
    expect(await recorded).toBeNull();
  });
});

describe("withPageCache", () => {
  const servers: http.Server[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) server.close();
  });

  /** A stand-in for Next: renders the reader's page with a nonce of its own, after `delayMs`. */
  async function desk(options: { delayMs?: number; status?: number } = {}) {
    const state = { version: 1, renders: 0 };
    const pages = new PageCache({ dataVersion: () => state.version, ttlMs: 60_000, maxBytes: 1_000_000 });
    const handler = withPageCache(
      pages,
      async (request, response) => {
        state.renders += 1;
        const nonce = freshNonce();
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
        response.statusCode = options.status ?? 200;
        response.setHeader("content-type", "text/html; charset=utf-8");
        response.setHeader("content-security-policy", policy(nonce));
        response.end(html(nonce, `${request.headers.cookie ?? ""} v${state.version}`));
      },
      100_000,
    );
    const server = http.createServer((request, response) => void handler(request, response));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const get = async (path = "/review", headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie: SESSION, ...headers } });
      return { status: response.status, served: response.headers.get("x-claimtrail-page-cache"), text: await response.text() };
    };
    return { state, get };
  }

  it("renders once, then serves the kept page until the database moves on", async () => {
    const { state, get } = await desk();
    expect((await get()).served).toBe("miss");
    const hit = await get();
    expect(hit).toMatchObject({ status: 200, served: "hit" });
    expect(hit.text).toContain(`${SESSION} v1`);
    expect(state.renders).toBe(1);
    state.version = 2;
    const after = await get();
    expect(after.served).toBe("miss");
    expect(after.text).toContain("v2");
    expect(state.renders).toBe(2);
  });

  it("has 32 readers of a page being rendered wait for that one render", async () => {
    const { state, get } = await desk({ delayMs: 100 });
    const answers = await Promise.all(Array.from({ length: 32 }, () => get()));
    expect(state.renders).toBe(1);
    expect(answers.filter((a) => a.served === "hit")).toHaveLength(31);
    const nonces = answers.map((a) => /nonce="([^"]+)"/.exec(a.text)?.[1]);
    expect(new Set(nonces).size).toBe(32);
  });

  it("keeps no redirect, renders every time for a hard reload, and leaves other paths alone", async () => {
    const redirecting = await desk({ status: 307 });
    await redirecting.get();
    await redirecting.get();
    expect(redirecting.state.renders).toBe(2);

    const { state, get } = await desk();
    await get();
    expect((await get("/review", { "cache-control": "no-cache" })).served).toBe("miss");
    expect((await get("/review/claims/x")).served).toBeNull();
    expect((await get("/review/claims/x")).served).toBeNull();
    expect(state.renders).toBe(4);
  });
});

