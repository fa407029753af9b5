import http from "node:http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { freePort } from "@/lib/testing/free-port";
import { startWebhookReceiver, type WebhookReceiver } from "@/lib/testing/webhook-receiver";
import { PURGE_HEADER, purgeFrontCache, purgeSettings } from "./purge";

const TOKEN = "purge-token-0123456789abcdef";
const request = {
  paths: ["/claims/a-claim", "/articles/an-article", "/", "/claims/a-claim"],
  tags: ["claim-a-claim", "lists"],
};

let receiver: WebhookReceiver;
let errors: ReturnType<typeof vi.spyOn>;

beforeEach(async () => {
  receiver = await startWebhookReceiver();
  errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
});

afterEach(async () => {
  errors.mockRestore();
  await receiver.close();
});

function env(vars: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { NODE_ENV: "test", ...vars };
}

function nginxEnv(url = `http://127.0.0.1:${receiver.port}`): NodeJS.ProcessEnv {
  return env({ PURGE_ADAPTER: "nginx", PURGE_NGINX_URL: url, PURGE_TOKEN: TOKEN });
}

describe("purge settings", () => {
  it("are off when PURGE_ADAPTER is unset", () => {
    expect(purgeSettings(env())).toEqual({ ok: true, settings: { adapter: "none" } });
  });

  it("read each adapter's URL and token", () => {
    expect(purgeSettings(nginxEnv("http://127.0.0.1:8081/"))).toEqual({
      ok: true,
      settings: { adapter: "nginx", baseUrl: "http://127.0.0.1:8081", token: TOKEN },
    });
    expect(
      purgeSettings(env({ PURGE_ADAPTER: "http", PURGE_HTTP_URL: "https://cdn.example/purge", PURGE_TOKEN: TOKEN })),
    ).toEqual({
      ok: true,
      settings: { adapter: "http", url: "https://cdn.example/purge", token: TOKEN },
    });
  });

  it("name what is wrong, without throwing", () => {
    const unknown = purgeSettings(env({ PURGE_ADAPTER: "varnish" }));
    expect(unknown).toEqual({
      ok: false,
      message: expect.stringContaining('PURGE_ADAPTER must be "nginx", "http", or unset.'),
    });
    const noToken = purgeSettings(env({ PURGE_ADAPTER: "nginx", PURGE_NGINX_URL: "http://127.0.0.1:8081" }));
    expect(noToken).toEqual({ ok: false, message: expect.stringContaining("PURGE_TOKEN is missing.") });
    const shortToken = purgeSettings(
      env({ PURGE_ADAPTER: "http", PURGE_HTTP_URL: "https://cdn.example/purge", PURGE_TOKEN: "short" }),
    );
    expect(shortToken).toEqual({ ok: false, message: expect.stringContaining("at least 16 characters") });
    const quoteInToken = purgeSettings({ ...nginxEnv(), PURGE_TOKEN: `${TOKEN}";` });
    expect(quoteInToken.ok).toBe(false);
    const regexInToken = purgeSettings({ ...nginxEnv(), PURGE_TOKEN: `${TOKEN}.+` });
    expect(regexInToken).toEqual({
      ok: false,
      message: expect.stringContaining("for nginx may hold letters, digits, - and _ only"),
    });
    const badUrl = purgeSettings(
      env({ PURGE_ADAPTER: "http", PURGE_HTTP_URL: "ftp://cdn.example", PURGE_TOKEN: TOKEN }),
    );
    expect(badUrl).toEqual({
      ok: false,
      message: expect.stringContaining("PURGE_HTTP_URL must be a full http(s) URL."),
    });
  });
});

describe("the nginx adapter", () => {
  it("GETs every path once with the purge header", async () => {
    const report = await purgeFrontCache(request, { env: nginxEnv() });
    expect(report).toEqual({ adapter: "nginx", sent: 3, failures: [] });
    expect(receiver.received.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "GET /",
      "GET /articles/an-article",
      "GET /claims/a-claim",
    ]);
    for (const received of receiver.received) expect(received.headers[PURGE_HEADER.toLowerCase()]).toBe(TOKEN);
  });

  it("reports a 5xx answer and logs it", async () => {
    receiver.answers.push(502);
    const report = await purgeFrontCache({ paths: ["/corrections"], tags: [] }, { env: nginxEnv() });
    expect(report).toEqual({ adapter: "nginx", sent: 0, failures: ["GET /corrections: HTTP 502"] });
    expect(errors).toHaveBeenCalledWith("purge (nginx) failed: GET /corrections: HTTP 502");
  });

  it("gives up on a cache that does not answer, without rejecting", async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const report = await purgeFrontCache(
        { paths: ["/"], tags: [] },
        { env: nginxEnv(`http://127.0.0.1:${port}`), timeoutMs: 200 },
      );
      expect(report).toEqual({ adapter: "nginx", sent: 0, failures: ["GET /: no answer in time"] });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("reports a cache that is down, without rejecting", async () => {
    const report = await purgeFrontCache(
      { paths: ["/"], tags: [] },
      { env: nginxEnv(`http://127.0.0.1:${await freePort()}`) },
    );
    expect(report.sent).toBe(0);
    expect(report.failures).toHaveLength(1);
    expect(errors).toHaveBeenCalledTimes(1);
  });
});

describe("the http adapter", () => {
  it("POSTs the tags and absolute URLs once, with the bearer token", async () => {
    const settings = env({
      PURGE_ADAPTER: "http",
      PURGE_HTTP_URL: receiver.url,
      PURGE_TOKEN: TOKEN,
      SITE_URL: "https://factcheck.example/",
    });
    const report = await purgeFrontCache(request, { env: settings });
    expect(report).toEqual({ adapter: "http", sent: 1, failures: [] });
    expect(receiver.received).toHaveLength(1);
    const [received] = receiver.received;
    expect(received?.method).toBe("POST");
    expect(received?.path).toBe("/hooks/claimtrail");
    expect(received?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(received?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(received?.body ?? "")).toEqual({
      tags: ["claim-a-claim", "lists"],
      urls: [
        "https://factcheck.example/claims/a-claim",
        "https://factcheck.example/articles/an-article",
        "https://factcheck.example/",
      ],
    });
  });
});

describe("bad settings", () => {
  it("log a clear message and purge nothing, without rejecting", async () => {
    const report = await purgeFrontCache(request, {
      env: env({ PURGE_ADAPTER: "nginx", PURGE_NGINX_URL: `http://127.0.0.1:${receiver.port}` }),
    });
    expect(report.adapter).toBe("misconfigured");
    expect(receiver.received).toHaveLength(0);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^purge: Bad purge settings: PURGE_TOKEN is missing\./));
  });

  it("with no adapter, purge nothing and say nothing", async () => {
    expect(await purgeFrontCache(request, { env: env() })).toEqual({ adapter: "none", sent: 0, failures: [] });
    expect(errors).not.toHaveBeenCalled();
  });
});
