// deploy/nginx/claimtrail.conf, run by Debian's nginx (lib/testing/nginx.ts) in
// front of two stand-in apps that answer with the Cache-Control the real one
// sends, count what reaches them, and echo the headers they were given.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchThrough, fillSiteConfig, startNginx, type RunningNginx } from "./nginx";

const PUBLIC_PAGE_CACHE = "public, s-maxage=60, stale-while-revalidate=300";

interface StandIn {
  port: number;
  /** Requests that reached this app, as "METHOD /path". */
  seen: string[];
  close(): Promise<void>;
}

// Each path's answer carries a version that goes up on every request reaching the
// apps, so a test can tell a stored copy from a fresh one.
const versions = new Map<string, number>();

async function startStandIn(): Promise<StandIn> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    const url = request.url ?? "/";
    const pathname = url.split("?")[0] ?? "/";
    seen.push(`${request.method} ${url}`);
    const version = (versions.get(pathname) ?? 0) + 1;
    versions.set(pathname, version);
    const cacheControl = pathname.startsWith("/private") ? "private, no-store" : PUBLIC_PAGE_CACHE;
    const echo = {
      version,
      rsc: request.headers.rsc ?? null,
      host: request.headers.host,
      forwardedFor: request.headers["x-forwarded-for"],
      forwardedProto: request.headers["x-forwarded-proto"],
      purgeHeader: request.headers["x-claimtrail-purge"] ?? null,
      acceptEncoding: request.headers["accept-encoding"] ?? null,
    };
    response
      .writeHead(200, { "content-type": "application/json", "cache-control": cacheControl })
      .end(JSON.stringify(echo));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let apps: StandIn[];
let proxy: RunningNginx;

beforeAll(async () => {
  apps = [await startStandIn(), await startStandIn()];
  proxy = await startNginx({ upstreamPorts: apps.map((app) => app.port) });
});

afterAll(async () => {
  await proxy?.stop();
  for (const app of apps ?? []) await app.close();
});

function reached(pathname: string): number {
  return apps.flatMap((app) => app.seen).filter((line) => line.endsWith(` ${pathname}`)).length;
}

function body(response: { body: string }): { version: number; rsc: string | null; [key: string]: unknown } {
  return JSON.parse(response.body) as { version: number; rsc: string | null };
}

/** A plain-http request to the loopback purge listener, from a chosen local address. */
function purgeRequest(
  pathname: string,
  token: string,
  localAddress = "127.0.0.1",
): Promise<{ status: number; cache: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      new URL(pathname, proxy.purgeUrl),
      { headers: { "X-Claimtrail-Purge": token }, localAddress, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const cache = response.headers["x-cache-status"];
          resolve({
            status: response.statusCode ?? 0,
            cache: typeof cache === "string" ? cache : undefined,
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
      },
    );
    request.on("error", reject);
  });
}

describe("deploy/nginx/claimtrail.conf", () => {
  it("stores a public page by its Cache-Control and answers the second request from the cache", async () => {
    const first = await fetchThrough(proxy, "/claims/stored");
    const second = await fetchThrough(proxy, "/claims/stored");
    expect(first.headers["x-cache-status"]).toBe("MISS");
    expect(second.headers["x-cache-status"]).toBe("HIT");
    expect(body(second).version).toBe(body(first).version);
    expect(reached("/claims/stored")).toBe(1);
  });

  it("never stores a private answer, the desk, a query, or a POST", async () => {
    for (const pathname of ["/private/page", "/review/claims/x", "/signin", "/api/auth/session", "/?q=nato"]) {
      await fetchThrough(proxy, pathname);
      const again = await fetchThrough(proxy, pathname);
      expect(again.headers["x-cache-status"] ?? "none", pathname).not.toBe("HIT");
      expect(reached(pathname), pathname).toBe(2);
    }
    await fetchThrough(proxy, "/claims/posted");
    await fetchThrough(proxy, "/claims/posted", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(apps.flatMap((app) => app.seen)).toContain("POST /claims/posted");
  });

  it("keeps a page's RSC payload apart from its HTML", async () => {
    const html = await fetchThrough(proxy, "/claims/two-kinds");
    const rsc = await fetchThrough(proxy, "/claims/two-kinds", { headers: { RSC: "1" } });
    expect(body(html).rsc).toBeNull();
    expect(body(rsc).rsc).toBe("1");
    expect((await fetchThrough(proxy, "/claims/two-kinds")).headers["x-cache-status"]).toBe("HIT");
    expect(body(await fetchThrough(proxy, "/claims/two-kinds", { headers: { RSC: "1" } })).rsc).toBe("1");
  });

  it("passes on the client's address and the scheme, asks for plain bytes, and keeps the purge token to itself", async () => {
    const echoed = body(
      await fetchThrough(proxy, "/private/echo", {
        headers: { "X-Forwarded-For": "203.0.113.9", "X-Claimtrail-Purge": proxy.purgeToken },
      }),
    );
    expect(echoed.forwardedFor).toBe("203.0.113.9, 127.0.0.1");
    expect(echoed.forwardedProto).toBe("https");
    expect(echoed.host).toBe(`127.0.0.1:${proxy.httpsPort}`);
    expect(echoed.acceptEncoding).toBeNull();
    expect(echoed.purgeHeader).toBeNull();
  });

  it("refetches and stores a page on a purge from loopback with the token, and on nothing else", async () => {
    const stored = body(await fetchThrough(proxy, "/claims/purged"));
    expect((await fetchThrough(proxy, "/claims/purged")).headers["x-cache-status"]).toBe("HIT");

    // The wrong token, the right one in other letter case, the right one from another address: the old copy stays.
    const wrong = await purgeRequest("/claims/purged", "not-the-token-at-all-0123");
    const otherCase = await purgeRequest(
      "/claims/purged",
      proxy.purgeToken.toUpperCase() === proxy.purgeToken
        ? proxy.purgeToken.toLowerCase()
        : proxy.purgeToken.toUpperCase(),
    );
    const elsewhere = await purgeRequest("/claims/purged", proxy.purgeToken, "127.0.0.2");
    for (const attempt of [wrong, otherCase, elsewhere]) {
      expect(attempt.cache).toBe("HIT");
      expect(JSON.parse(attempt.body)).toMatchObject({ version: stored.version });
    }
    expect(reached("/claims/purged")).toBe(1);

    const purge = await purgeRequest("/claims/purged", proxy.purgeToken);
    expect(purge).toMatchObject({ status: 200, cache: "BYPASS" });
    const after = await fetchThrough(proxy, "/claims/purged");
    expect(after.headers["x-cache-status"]).toBe("HIT");
    expect(body(after).version).toBeGreaterThan(stored.version);
    expect(
      proxy.accessLog().some((line) => line.includes('"GET /claims/purged HTTP/1.1" 200 cache=BYPASS purge=1')),
    ).toBe(true);
  });

  it("balances several app instances behind one upstream", async () => {
    for (let i = 0; i < 4; i += 1) await fetchThrough(proxy, "/private/balanced");
    expect(apps.every((app) => app.seen.includes("GET /private/balanced"))).toBe(true);
  });

  it("leaves no placeholder unfilled", () => {
    const values = {
      serverName: "factcheck.example",
      httpsPort: 443,
      httpPort: 80,
      purgePort: 8081,
      purgeToken: "a-token-of-sixteen-chars",
      certFile: "/etc/ssl/c.pem",
      keyFile: "/etc/ssl/k.pem",
      cacheDir: "/var/cache/nginx/claimtrail",
      upstreamPorts: [3000, 3001],
    };
    expect(() => fillSiteConfig("listen __HTTPS_PORT__; __NEW_ONE__", values)).toThrow(/__NEW_ONE__/);
    expect(fillSiteConfig("upstream u {\n    __APP_SERVERS__\n}", values)).toBe(
      "upstream u {\n    server 127.0.0.1:3000;\n    server 127.0.0.1:3001;\n}",
    );
    expect(() => fillSiteConfig("x", { ...values, purgeToken: "short.+" })).toThrow(/purge token/);
  });
});
