import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ResolvedAddress } from "./addresses";
import {
  NOT_PUBLIC,
  evidenceFetchSettings,
  fetchSnapshot,
  pinnedTransport,
  type EvidenceTransport,
  type FetchSnapshotResult,
  type HostResolver,
} from "./safe-fetch";
import { page, startTestServer, type Route, type TestServer } from "./test-server";

/** A transport that fails the test if the fetcher ever gets as far as connecting. */
const neverConnect: EvidenceTransport = (request) => {
  throw new Error(`Connected to ${request.url.href}, which should have been refused first.`);
};

/** A resolver from a fixed table that counts its calls. */
function fakeDns(table: Record<string, string[]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

function expectError(result: FetchSnapshotResult): string {
  if (result.ok) throw new Error(`Expected a refusal, got a page from ${result.finalUrl}.`);
  return result.error;
}

function expectPage(result: FetchSnapshotResult): Extract<FetchSnapshotResult, { ok: true }> {
  if (!result.ok) throw new Error(`Expected a page, got: ${result.error}`);
  return result;
}

describe("URL rules", () => {
  it.each([
    "ftp://example.com/file.txt",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,hello",
    "gopher://example.com/",
  ])("refuses %s: only http and https", async (url) => {
    const error = expectError(await fetchSnapshot(url, { transport: neverConnect }));
    expect(error).toMatch(/^Only http:\/\/ and https:\/\/ addresses can be fetched, not [a-z]+: ones\.$/);
  });

  it.each(["not a url", "example.com/article", "", "http://"])("refuses %j as not a web address", async (url) => {
    const error = expectError(await fetchSnapshot(url, { transport: neverConnect }));
    expect(error).toBe("That is not a valid web address; it should start with https:// or http://.");
  });

  it.each(["http://user:secret@example.com/", "https://user@example.com/article", "https://:pw@example.com/"])(
    "refuses credentials in %s",
    async (url) => {
      const error = expectError(await fetchSnapshot(url, { transport: neverConnect }));
      expect(error).toBe("The address has a user name or password in it, which the desk does not send anywhere.");
    },
  );

  it("refuses an address longer than 2,048 characters", async () => {
    const error = expectError(
      await fetchSnapshot(`https://example.com/${"a".repeat(2100)}`, { transport: neverConnect }),
    );
    expect(error).toMatch(/longer than 2048 characters/);
  });

  it.each([
    ["http://127.0.0.1/", "127.0.0.1", /a loopback address/],
    ["http://127.0.0.1:3000/review", "127.0.0.1", /a loopback address/],
    ["http://0x7f000001/", "127.0.0.1", /a loopback address/],
    ["http://2130706433/", "127.0.0.1", /a loopback address/],
    ["http://0.0.0.0/", "0.0.0.0", /this network/],
    ["http://10.1.2.3:8080/", "10.1.2.3", /a private-network address/],
    ["http://172.20.0.5/", "172.20.0.5", /a private-network address/],
    ["http://192.168.0.1/admin", "192.168.0.1", /a private-network address/],
    ["http://100.64.3.4/", "100.64.3.4", /carrier-grade NAT/],
    ["http://169.254.169.254/latest/meta-data/", "169.254.169.254", /the cloud metadata address/],
    ["http://169.254.10.20/", "169.254.10.20", /a link-local address/],
    ["http://224.0.0.251/", "224.0.0.251", /a multicast address/],
    ["http://255.255.255.255/", "255.255.255.255", /the broadcast address/],
    ["http://[::1]/", "::1", /a loopback address/],
    ["http://[::]/", "::", /the unspecified address/],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1", /a loopback address \(127\.0\.0\.1 written as IPv6\)/],
    ["http://[::ffff:169.254.169.254]/", "::ffff:a9fe:a9fe", /the cloud metadata address/],
    ["http://[fd00:ec2::254]/", "fd00:ec2::254", /a unique-local \(private\) IPv6 address/],
    ["http://[fc00::1]/", "fc00::1", /unique-local/],
    ["http://[fe80::1]/", "fe80::1", /a link-local address/],
    ["http://[ff02::1]/", "ff02::1", /a multicast address/],
  ])("refuses %s, a literal private address, without looking anything up", async (url, address, reason) => {
    const dns = fakeDns({});
    const error = expectError(await fetchSnapshot(url, { resolveHost: dns, transport: neverConnect }));
    // One generic answer: what kind of address it is (the reason) stays on the server.
    expect(error).toBe(NOT_PUBLIC);
    expect(error).not.toContain(address);
    expect(error).not.toMatch(reason);
    expect(dns.calls).toEqual([]);
  });

  it.each([
    ["127.0.0.1", /intranet\.test points to 127\.0\.0\.1, a loopback address\./],
    ["10.0.0.7", /intranet\.test points to 10\.0\.0\.7, a private-network address\./],
    ["169.254.169.254", /points to 169\.254\.169\.254, the cloud metadata address\./],
    ["::1", /points to ::1, a loopback address\./],
    [
      "::ffff:192.168.1.1",
      /points to ::ffff:192\.168\.1\.1, a private-network address \(192\.168\.1\.1 written as IPv6\)\./,
    ],
    ["fd12::1", /points to fd12::1, a unique-local/],
    ["fe80::abcd", /points to fe80::abcd, a link-local address/],
    ["100.100.100.100", /carrier-grade NAT/],
  ])("refuses a host name that resolves to %s, without naming the address", async (address, message) => {
    const dns = fakeDns({ "intranet.test": [address] });
    const error = expectError(
      await fetchSnapshot("https://intranet.test/page", { resolveHost: dns, transport: neverConnect }),
    );
    // The review's finding: the answer named the internal address a host resolved to.
    expect(error).toBe(NOT_PUBLIC);
    expect(error).not.toMatch(message);
    expect(error).not.toContain(address);
    expect(dns.calls).toEqual(["intranet.test"]);
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const dns = fakeDns({ "mixed.test": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "127.0.0.1"] });
    const error = expectError(
      await fetchSnapshot("https://mixed.test/", { resolveHost: dns, transport: neverConnect }),
    );
    expect(error).toBe(NOT_PUBLIC);
  });

  it("refuses localhost through the system resolver", async () => {
    const error = expectError(await fetchSnapshot("http://localhost/", { transport: neverConnect }));
    expect(error).toBe(NOT_PUBLIC);
  });

  it("says so when a host name cannot be found", async () => {
    const missing = expectError(
      await fetchSnapshot("https://nowhere.test/", { resolveHost: fakeDns({}), transport: neverConnect }),
    );
    expect(missing).toBe("The server name nowhere.test could not be found.");
    const empty = expectError(
      await fetchSnapshot("https://empty.test/", {
        resolveHost: fakeDns({ "empty.test": [] }),
        transport: neverConnect,
      }),
    );
    expect(empty).toBe("The server name empty.test could not be found.");
  });

  it("hands the transport exactly the addresses it checked, resolving once (no second lookup to rebind)", async () => {
    let answers = 0;
    const rebinding: HostResolver = async () => {
      answers += 1;
      return [{ address: answers === 1 ? "93.184.215.14" : "127.0.0.1", family: 4 }];
    };
    const seen: (readonly ResolvedAddress[])[] = [];
    const transport: EvidenceTransport = async (request) => {
      seen.push(request.addresses);
      throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    };
    const error = expectError(await fetchSnapshot("https://rebind.test/", { resolveHost: rebinding, transport }));
    expect(error).toBe("The server at rebind.test refused the connection.");
    expect(answers).toBe(1);
    expect(seen).toEqual([[{ address: "93.184.215.14", family: 4 }]]);
  });

  it("keeps the deadline even with a transport that ignores the abort signal", async () => {
    const dns = fakeDns({ "slow.test": ["93.184.215.14"] });
    const hangs: EvidenceTransport = () => new Promise(() => undefined);
    const stalledBody = new PassThrough();
    stalledBody.write("<p>The first half of the article");
    const stalls: EvidenceTransport = async () => ({
      status: 200,
      headers: { "content-type": "text/html" },
      body: stalledBody,
    });
    for (const transport of [hangs, stalls]) {
      const error = expectError(
        await fetchSnapshot("https://slow.test/", { resolveHost: dns, transport, timeoutMs: 200 }),
      );
      expect(error).toBe("The page did not finish loading within 0.2 seconds, so the desk stopped waiting.");
    }
    expect(stalledBody.destroyed).toBe(true);
  });

  it("rejects options that make no sense", async () => {
    await expect(fetchSnapshot("https://example.com/", { timeoutMs: 0 })).rejects.toThrow(
      /timeoutMs must be a positive number/,
    );
    await expect(fetchSnapshot("https://example.com/", { maxBytes: Number.NaN })).rejects.toThrow(
      /maxBytes must be a positive number/,
    );
  });
});

describe("evidenceFetchSettings", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("allows private addresses only when EVIDENCE_FETCH_ALLOW_PRIVATE is 1", () => {
    expect(evidenceFetchSettings({})).toMatchObject({ allowPrivate: false });
    expect(evidenceFetchSettings({ EVIDENCE_FETCH_ALLOW_PRIVATE: "" })).toMatchObject({ allowPrivate: false });
    expect(evidenceFetchSettings({ EVIDENCE_FETCH_ALLOW_PRIVATE: "0" })).toMatchObject({ allowPrivate: false });
    expect(evidenceFetchSettings({ EVIDENCE_FETCH_ALLOW_PRIVATE: "1" })).toMatchObject({ allowPrivate: true });
  });

  it("allows ports 80 and 443 only, unless EVIDENCE_FETCH_PORTS names others (or any)", () => {
    expect(evidenceFetchSettings({}).ports).toEqual([80, 443]);
    expect(evidenceFetchSettings({ EVIDENCE_FETCH_PORTS: "443, 8443" }).ports).toEqual([443, 8443]);
    expect(evidenceFetchSettings({ EVIDENCE_FETCH_PORTS: "any" }).ports).toBe("any");
    for (const bad of ["0", "70000", "80;443", "http", "-1"]) {
      expect(() => evidenceFetchSettings({ EVIDENCE_FETCH_PORTS: bad }), bad).toThrow(/EVIDENCE_FETCH_PORTS must be/);
    }
  });

  it("refuses any other value with a clear message", () => {
    expect(() => evidenceFetchSettings({ EVIDENCE_FETCH_ALLOW_PRIVATE: "yes" })).toThrow(
      /EVIDENCE_FETCH_ALLOW_PRIVATE must be 1 .* or 0\./,
    );
  });

  it("is what fetchSnapshot uses, and the allowPrivate option overrides it", async () => {
    const server = await startTestServer(() => page("<p>Served locally.</p>"));
    try {
      vi.stubEnv("EVIDENCE_FETCH_ALLOW_PRIVATE", "1");
      vi.stubEnv("EVIDENCE_FETCH_PORTS", "any");
      expect(expectPage(await fetchSnapshot(`${server.origin}/`)).text).toBe("Served locally.");
      expect(expectError(await fetchSnapshot(`${server.origin}/`, { allowPrivate: false }))).toMatch(
        /not on the public internet/,
      );
      vi.stubEnv("EVIDENCE_FETCH_ALLOW_PRIVATE", "");
      expect(expectError(await fetchSnapshot(`${server.origin}/`))).toBe(NOT_PUBLIC);
      expect(expectPage(await fetchSnapshot(`${server.origin}/`, { allowPrivate: true, ports: "any" })).text).toBe("Served locally.");
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

const ARTICLE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ministry figures</title>
<script>window.tracking = "</p>";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministry figures under review</h1>
<p>The ministry said 1,200 people were affected &mdash; a figure the agency called &ldquo;reliable&rdquo;.</p>
<p>Officials did not comment.</p></article>
<footer>&copy; Example News</footer></body></html>`;

const ARTICLE_TEXT =
  "Ministry figures under review\n\nThe ministry said 1,200 people were affected — a figure the agency called “reliable”.\n\nOfficials did not comment.";

describe("fetching from a local server", () => {
  let server: TestServer;
  let neverAnswered: { end(): void }[] = [];
  const routes = new Map<string, Route>();

  beforeAll(async () => {
    server = await startTestServer((path) => routes.get(path.split("?")[0] ?? path));
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    for (const response of neverAnswered) response.end();
    neverAnswered = [];
    routes.clear();
    server.requests.length = 0;
  });

  const redirect =
    (location: string, status = 302): Route =>
    (_request, response) => {
      response.writeHead(status, { location }).end();
    };

  it("fetches an HTML page and keeps its readable text and SHA-256", async () => {
    routes.set("/article", page(ARTICLE));
    const before = Date.now();
    const result = expectPage(await fetchSnapshot(`${server.origin}/article`, { allowPrivate: true, ports: "any" }));
    expect(result.text).toBe(ARTICLE_TEXT);
    expect(result.sha256).toBe(createHash("sha256").update(ARTICLE_TEXT, "utf8").digest("hex"));
    expect(result).toMatchObject({
      finalUrl: `${server.origin}/article`,
      status: 200,
      contentType: "text/html",
      truncated: false,
    });
    expect(Date.parse(result.fetchedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(result.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("gives the same text and hash for the same page fetched twice", async () => {
    routes.set("/article", page(ARTICLE));
    const first = expectPage(await fetchSnapshot(`${server.origin}/article`, { allowPrivate: true, ports: "any" }));
    const second = expectPage(await fetchSnapshot(`${server.origin}/article#comments`, { allowPrivate: true, ports: "any" }));
    expect(second.sha256).toBe(first.sha256);
    expect(second.finalUrl).toBe(`${server.origin}/article`);
  });

  it("connects to the checked address even when the system could not resolve the name", async () => {
    routes.set("/article", page(ARTICLE));
    const dns = fakeDns({ "pinned.claimtrail.test": ["127.0.0.1"] });
    const url = `http://pinned.claimtrail.test:${server.port}/article`;
    const result = expectPage(await fetchSnapshot(url, { allowPrivate: true, ports: "any", resolveHost: dns }));
    expect(result.text).toBe(ARTICLE_TEXT);
    expect(result.finalUrl).toBe(url);
    expect(dns.calls).toEqual(["pinned.claimtrail.test"]);
    expect(server.requests).toEqual([{ path: "/article", host: `pinned.claimtrail.test:${server.port}` }]);
  });

  it("follows up to five redirects, absolute and relative, and reports where it ended", async () => {
    for (let n = 5; n >= 1; n--)
      routes.set(`/hop/${n}`, redirect(n % 2 ? `/hop/${n - 1}` : `${server.origin}/hop/${n - 1}`));
    routes.set("/hop/0", page(ARTICLE));
    const result = expectPage(await fetchSnapshot(`${server.origin}/hop/5`, { allowPrivate: true, ports: "any" }));
    expect(result.finalUrl).toBe(`${server.origin}/hop/0`);
    expect(result.text).toBe(ARTICLE_TEXT);
    expect(server.requests.map((r) => r.path)).toEqual(["/hop/5", "/hop/4", "/hop/3", "/hop/2", "/hop/1", "/hop/0"]);
  });

  it("refuses a sixth redirect", async () => {
    for (let n = 6; n >= 1; n--) routes.set(`/hop/${n}`, redirect(`/hop/${n - 1}`, 301));
    routes.set("/hop/0", page(ARTICLE));
    const error = expectError(await fetchSnapshot(`${server.origin}/hop/6`, { allowPrivate: true, ports: "any" }));
    expect(error).toBe("The page redirected more than 5 times, so the desk stopped following it.");
    expect(server.requests).toHaveLength(6);
  });

  it("refuses a redirect without a location, or to another scheme", async () => {
    routes.set("/nowhere", (_request, response) => response.writeHead(307).end());
    routes.set("/to-file", redirect("file:///etc/passwd"));
    expect(expectError(await fetchSnapshot(`${server.origin}/nowhere`, { allowPrivate: true, ports: "any" }))).toBe(
      "The page answered with a redirect (HTTP 307) but did not say where to.",
    );
    expect(expectError(await fetchSnapshot(`${server.origin}/to-file`, { allowPrivate: true, ports: "any" }))).toBe(
      "The page redirected to a file: address; only http:// and https:// addresses are followed.",
    );
  });

  describe("a redirect from a public host to a private one", () => {
    // The public names resolve (fakeDns) to public addresses; this transport then delivers
    // their requests to the local server, so only the redirect's target decides the outcome.
    const dns = fakeDns({
      "news.claimtrail.test": ["93.184.215.14"],
      "mirror.claimtrail.test": ["93.184.215.15"],
      "intranet.claimtrail.test": ["10.0.0.5"],
    });
    const connectedTo: string[] = [];
    const toLocalServer: EvidenceTransport = (request) => {
      connectedTo.push(`${request.url.hostname} via ${request.addresses.map((a) => a.address).join(",")}`);
      return pinnedTransport({ ...request, addresses: [{ address: "127.0.0.1", family: 4 }] });
    };
    afterEach(() => {
      connectedTo.length = 0;
      dns.calls.length = 0;
    });

    it("is followed when the target is public too", async () => {
      routes.set("/start", redirect(`http://mirror.claimtrail.test:${server.port}/article`));
      routes.set("/article", page(ARTICLE));
      const result = expectPage(
        await fetchSnapshot(`http://news.claimtrail.test:${server.port}/start`, {
          resolveHost: dns,
          transport: toLocalServer,
          ports: "any",
        }),
      );
      expect(result.finalUrl).toBe(`http://mirror.claimtrail.test:${server.port}/article`);
      expect(connectedTo).toEqual([
        "news.claimtrail.test via 93.184.215.14",
        "mirror.claimtrail.test via 93.184.215.15",
      ]);
    });

    it("is refused when the target's name resolves to a private address", async () => {
      routes.set("/start", redirect(`http://intranet.claimtrail.test:${server.port}/secret`));
      routes.set("/secret", page("internal only"));
      const error = expectError(
        await fetchSnapshot(`http://news.claimtrail.test:${server.port}/start`, {
          resolveHost: dns,
          transport: toLocalServer,
          ports: "any",
        }),
      );
      expect(error).toBe(NOT_PUBLIC);
      expect(dns.calls).toEqual(["news.claimtrail.test", "intranet.claimtrail.test"]);
      expect(connectedTo).toEqual(["news.claimtrail.test via 93.184.215.14"]);
      expect(server.requests.map((r) => r.path)).toEqual(["/start"]);
    });

    it("is refused when the target is a literal loopback or metadata address", async () => {
      routes.set("/start", redirect(`http://127.0.0.1:${server.port}/secret`));
      routes.set("/meta", redirect("http://169.254.169.254/latest/meta-data/iam/"));
      routes.set("/secret", page("internal only"));
      const loopback = expectError(
        await fetchSnapshot(`http://news.claimtrail.test:${server.port}/start`, {
          resolveHost: dns,
          transport: toLocalServer,
          ports: "any",
        }),
      );
      expect(loopback).toBe(NOT_PUBLIC);
      const metadata = expectError(
        await fetchSnapshot(`http://news.claimtrail.test:${server.port}/meta`, {
          resolveHost: dns,
          transport: toLocalServer,
          ports: "any",
        }),
      );
      expect(metadata).toBe(NOT_PUBLIC);
      expect(server.requests.map((r) => r.path)).toEqual(["/start", "/meta"]);
    });
  });

  it("gives up on a server that never answers, within the deadline", async () => {
    routes.set("/silent", (_request, response) => {
      neverAnswered.push(response);
    });
    const error = expectError(await fetchSnapshot(`${server.origin}/silent`, { allowPrivate: true, ports: "any", timeoutMs: 300 }));
    expect(error).toBe("The page did not finish loading within 0.3 seconds, so the desk stopped waiting.");
  });

  it("gives up on a body that stops halfway instead of keeping half a page", async () => {
    routes.set("/stalls", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.write("<p>The first half of the article");
      neverAnswered.push(response);
    });
    const error = expectError(await fetchSnapshot(`${server.origin}/stalls`, { allowPrivate: true, ports: "any", timeoutMs: 300 }));
    expect(error).toMatch(/did not finish loading within 0\.3 seconds/);
  });

  it("counts one deadline across all redirects", async () => {
    for (let n = 4; n >= 1; n--) {
      routes.set(`/slow/${n}`, (_request, response) => {
        setTimeout(() => response.writeHead(302, { location: `/slow/${n - 1}` }).end(), 150);
      });
    }
    routes.set("/slow/0", page(ARTICLE));
    const error = expectError(await fetchSnapshot(`${server.origin}/slow/4`, { allowPrivate: true, ports: "any", timeoutMs: 400 }));
    expect(error).toMatch(/did not finish loading within 0\.4 seconds/);
    expect(server.requests.length).toBeLessThan(5);
  });

  it("reads only the first maxBytes of a large body and marks the snapshot truncated", async () => {
    const line = "Paragraph of a very long report.\n";
    routes.set("/large", page(line.repeat(100_000), "text/plain; charset=utf-8"));
    const result = expectPage(await fetchSnapshot(`${server.origin}/large`, { allowPrivate: true, ports: "any", maxBytes: 1024 }));
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(1024);
    expect(result.text.startsWith(line.trim())).toBe(true);
    const again = expectPage(await fetchSnapshot(`${server.origin}/large`, { allowPrivate: true, ports: "any", maxBytes: 1024 }));
    expect(again.sha256).toBe(result.sha256);
  });

  it("does not mark a body of exactly maxBytes as truncated", async () => {
    routes.set("/exact", page("x".repeat(2048), "text/plain"));
    const result = expectPage(await fetchSnapshot(`${server.origin}/exact`, { allowPrivate: true, ports: "any", maxBytes: 2048 }));
    expect(result).toMatchObject({ truncated: false, text: "x".repeat(2048) });
  });

  it("caps a compressed body after decompression", async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, "a"));
    routes.set("/bomb", (_request, response) => {
      response.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(bomb);
    });
    routes.set("/gzip", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" }).end(gzipSync(ARTICLE));
    });
    const capped = expectPage(
      await fetchSnapshot(`${server.origin}/bomb`, { allowPrivate: true, ports: "any", maxBytes: 64 * 1024 }),
    );
    expect(capped).toMatchObject({ truncated: true, text: "a".repeat(64 * 1024) });
    expect(expectPage(await fetchSnapshot(`${server.origin}/gzip`, { allowPrivate: true, ports: "any" })).text).toBe(ARTICLE_TEXT);
  });

  it.each([
    ["image/png", "The address serves image/png, not a web page or plain text"],
    ["application/pdf", "The address serves application/pdf, not a web page or plain text"],
    ["application/octet-stream", "The address serves application/octet-stream"],
  ])("refuses content of type %s", async (type, message) => {
    routes.set("/file", page(Buffer.from([0x89, 0x50, 0x4e, 0x47]), type));
    const error = expectError(await fetchSnapshot(`${server.origin}/file`, { allowPrivate: true, ports: "any" }));
    expect(error).toContain(message);
    expect(error).toMatch(/paste the quoted passage by hand instead\.$/);
  });

  it("refuses a response that does not say its type", async () => {
    routes.set("/untyped", (_request, response) => {
      response.removeHeader("content-type");
      response.writeHead(200).end("some bytes");
    });
    const error = expectError(await fetchSnapshot(`${server.origin}/untyped`, { allowPrivate: true, ports: "any" }));
    expect(error).toMatch(/^The server did not say what kind of content the page is/);
  });

  it("accepts JSON and plain text, and XHTML as HTML", async () => {
    routes.set("/data.json", page('{"deaths": 1200,\n  "source": "ministry"}', "application/json"));
    routes.set("/page.xhtml", page("<html><body><p>XHTML &amp; more</p></body></html>", "application/xhtml+xml"));
    const json = expectPage(await fetchSnapshot(`${server.origin}/data.json`, { allowPrivate: true, ports: "any" }));
    expect(json).toMatchObject({ contentType: "application/json", text: '{"deaths": 1200,\n"source": "ministry"}' });
    const xhtml = expectPage(await fetchSnapshot(`${server.origin}/page.xhtml`, { allowPrivate: true, ports: "any" }));
    expect(xhtml.text).toBe("XHTML & more");
  });

  it("reports an error status instead of keeping an error page", async () => {
    routes.set("/gone", (_request, response) =>
      response.writeHead(410, { "content-type": "text/html" }).end("<p>Gone</p>"),
    );
    expect(expectError(await fetchSnapshot(`${server.origin}/gone`, { allowPrivate: true, ports: "any" }))).toBe(
      "The page answered with HTTP 410 (Gone) instead of the page.",
    );
    expect(expectError(await fetchSnapshot(`${server.origin}/missing`, { allowPrivate: true, ports: "any" }))).toBe(
      "The page answered with HTTP 404 (Not Found) instead of the page.",
    );
  });

  it("refuses a page with no readable text", async () => {
    routes.set(
      "/app",
      page('<html><head><script src="/app.js"></script></head><body><div id="root"></div></body></html>'),
    );
    expect(expectError(await fetchSnapshot(`${server.origin}/app`, { allowPrivate: true, ports: "any" }))).toMatch(
      /^The page has no readable text/,
    );
  });

  it("decodes the charset the server names", async () => {
    const french = "Le ministère a publié les chiffres à Besançon.";
    routes.set("/latin1", page(Buffer.from(french, "latin1"), "text/plain; charset=ISO-8859-1"));
    routes.set("/quoted", page(Buffer.from(`<p>${french}</p>`, "latin1"), 'text/html; charset="windows-1252"'));
    routes.set("/utf8", page(Buffer.from(`<p>${french}</p>`, "utf8"), "text/html"));
    routes.set("/unknown", page(Buffer.from(french, "utf8"), "text/plain; charset=x-not-a-charset"));
    expect(expectPage(await fetchSnapshot(`${server.origin}/latin1`, { allowPrivate: true, ports: "any" })).text).toBe(french);
    expect(expectPage(await fetchSnapshot(`${server.origin}/quoted`, { allowPrivate: true, ports: "any" })).text).toBe(french);
    expect(expectPage(await fetchSnapshot(`${server.origin}/utf8`, { allowPrivate: true, ports: "any" })).text).toBe(french);
    expect(expectPage(await fetchSnapshot(`${server.origin}/unknown`, { allowPrivate: true, ports: "any" })).text).toBe(french);
  });

  it("falls back to a <meta charset> when the header names none, and honours a byte order mark", async () => {
    // "Привет, мир" in windows-1251.
    const cyrillic = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0]);
    routes.set(
      "/meta",
      page(
        Buffer.concat([Buffer.from('<html><head><meta charset="windows-1251"></head><body><p>'), cyrillic]),
        "text/html",
      ),
    );
    routes.set(
      "/bom",
      page(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Über alles", "utf16le")]), "text/plain"),
    );
    expect(expectPage(await fetchSnapshot(`${server.origin}/meta`, { allowPrivate: true, ports: "any" })).text).toBe("Привет, мир");
    expect(expectPage(await fetchSnapshot(`${server.origin}/bom`, { allowPrivate: true, ports: "any" })).text).toBe("Über alles");
  });

  it("explains a refused connection", async () => {
    const closed = await startTestServer(() => undefined);
    const origin = closed.origin;
    await closed.close();
    const error = expectError(await fetchSnapshot(`${origin}/article`, { allowPrivate: true, ports: "any" }));
    expect(error).toBe(`The server at ${origin.slice("http://".length)} refused the connection.`);
  });

  it("sends a plain GET with the desk's user agent and no cookies", async () => {
    let headers: Record<string, string | string[] | undefined> = {};
    routes.set("/headers", (request, response) => {
      headers = request.headers;
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    expectPage(await fetchSnapshot(`${server.origin}/headers?x=1`, { allowPrivate: true, ports: "any" }));
    expect(server.requests.map((r) => r.path)).toEqual(["/headers?x=1"]);
    expect(headers["user-agent"]).toMatch(/^Claimtrail\//);
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
  });
});

describe("ports", () => {
  it("connects only to ports 80 and 443 by default, on the first address and on every redirect", async () => {
    const dns = fakeDns({ "news.test": ["93.184.215.14"] });
    for (const url of ["http://news.test:8080/", "https://news.test:22/", "http://news.test:6379/"]) {
      const error = expectError(await fetchSnapshot(url, { resolveHost: dns, transport: neverConnect, allowPrivate: false }));
      expect(error).toMatch(/only on the usual web ports \(80, 443\), and this address uses port \d+\./);
    }
    const server = await startTestServer(() => (_request, response) => {
      response.writeHead(302, { location: "http://news.test:8081/inner" }).end();
    });
    try {
      const viaRedirect = expectError(
        await fetchSnapshot(`${server.origin}/`, {
          allowPrivate: true,
          ports: [80, 443, server.port],
          resolveHost: dns,
        }),
      );
      expect(viaRedirect).toMatch(/uses port 8081\./);
    } finally {
      await server.close();
    }
  });

  it("takes other ports when configured", async () => {
    const server = await startTestServer(() => page("<p>On a port of its own.</p>"));
    try {
      expect(expectError(await fetchSnapshot(`${server.origin}/`, { allowPrivate: true, ports: [80, 443] }))).toMatch(/uses port/);
      expect(expectPage(await fetchSnapshot(`${server.origin}/`, { allowPrivate: true, ports: [server.port] })).text).toBe(
        "On a port of its own.",
      );
    } finally {
      await server.close();
    }
  });
});
