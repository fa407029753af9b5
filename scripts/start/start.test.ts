import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "@/lib/testing/free-port";
import { count, runScript, temporaryDatabase } from "@/lib/testing/run-script";
import { buildInputFiles, buildReason, hashBuildInputs, readStamp, writeStamp } from "./build-stamp";
import { serverEnv, serverSettings } from "./settings";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-stamp-test-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

describe("serverSettings", () => {
  it("serves on port 3000 with NEXTAUTH_URL on localhost by default", () => {
    expect(serverSettings({})).toEqual({
      ok: true,
      settings: {
        port: 3000,
        hostname: null,
        url: "http://localhost:3000",
        nextAuthUrl: "http://localhost:3000",
        workers: 1,
        trustProxy: { kind: "none" },
        keepAliveSeconds: 65,
        pageCacheSeconds: 5,
      },
    });
    expect(serverSettings({ PORT: "" })).toMatchObject({ ok: true, settings: { port: 3000 } });
  });

  it("takes PORT and HOST, and keeps a NEXTAUTH_URL that is set", () => {
    const result = serverSettings({ PORT: "8080", HOST: "127.0.0.1", NEXTAUTH_URL: "https://desk.example.org" });
    expect(result).toMatchObject({
      ok: true,
      settings: { port: 8080, hostname: "127.0.0.1", url: "http://127.0.0.1:8080", nextAuthUrl: "https://desk.example.org" },
    });
    expect(serverSettings({ HOST: "0.0.0.0" })).toMatchObject({ settings: { hostname: "0.0.0.0", url: "http://localhost:3000" } });
  });

  it.each(["0", "65536", "abc", "80.5", "-1", "3000x"])("refuses PORT=%s with a clear message", (port) => {
    expect(serverSettings({ PORT: port })).toEqual({ ok: false, error: "PORT must be a whole number from 1 to 65535." });
  });

  it("runs one server process per core unless WEB_CONCURRENCY says otherwise", () => {
    expect(serverSettings({}, 8)).toMatchObject({ settings: { workers: 8 } });
    expect(serverSettings({ WEB_CONCURRENCY: "3" }, 8)).toMatchObject({ settings: { workers: 3 } });
    expect(serverSettings({ WEB_CONCURRENCY: "" }, 2)).toMatchObject({ settings: { workers: 2 } });
    for (const bad of ["0", "65", "two", "1.5"]) {
      expect(serverSettings({ WEB_CONCURRENCY: bad })).toEqual({
        ok: false,
        error: "WEB_CONCURRENCY must be a whole number of server processes from 1 to 64.",
      });
    }
  });

  it("reads TRUST_PROXY and KEEP_ALIVE_TIMEOUT, refusing nonsense with a message", () => {
    expect(serverSettings({ TRUST_PROXY: "1", KEEP_ALIVE_TIMEOUT: "900" })).toMatchObject({
      settings: { trustProxy: { kind: "hops", hops: 1 }, keepAliveSeconds: 900 },
    });
    expect(serverSettings({ TRUST_PROXY: "nginx" })).toMatchObject({ ok: false, error: expect.stringMatching(/^TRUST_PROXY must be/) });
    expect(serverSettings({ KEEP_ALIVE_TIMEOUT: "0" })).toMatchObject({ ok: false, error: expect.stringMatching(/^KEEP_ALIVE_TIMEOUT/) });
  });

  it("keeps the review queue's pages 5 s unless DESK_PAGE_CACHE_SECONDS says otherwise, 0 for off", () => {
    expect(serverSettings({ DESK_PAGE_CACHE_SECONDS: "0" })).toMatchObject({ settings: { pageCacheSeconds: 0 } });
    expect(serverSettings({ DESK_PAGE_CACHE_SECONDS: "30" })).toMatchObject({ settings: { pageCacheSeconds: 30 } });
    for (const bad of ["61", "-1", "soon", "2.5"]) {
      expect(serverSettings({ DESK_PAGE_CACHE_SECONDS: bad })).toEqual({
        ok: false,
        error: "DESK_PAGE_CACHE_SECONDS must be a whole number of seconds from 0 (off) to 60.",
      });
    }
  });

  it("refuses a NEXTAUTH_URL that is not a URL", () => {
    expect(serverSettings({ NEXTAUTH_URL: "localhost:3000" })).toEqual({ ok: false, error: "NEXTAUTH_URL must be a full http(s) URL." });
  });

  it("runs next in production with the port and NEXTAUTH_URL set", () => {
    const result = serverSettings({ PORT: "4000" });
    if (!result.ok) throw new Error(result.error);
    expect(serverEnv({ PATH: "/bin" }, result.settings)).toEqual({
      PATH: "/bin",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: "4000",
      NEXTAUTH_URL: "http://localhost:4000",
    });
  });
});

describe("the build stamp", () => {
  const sources = {
    "app/page.tsx": "export default function Page() {}",
    "lib/claims/claims.ts": "export const x = 1;",
    "lib/claims/claims.test.ts": "test",
    "next.config.ts": "export default {};",
    "README.md": "not a build input",
  };

  it("hashes the build inputs in sorted order, leaving tests and other files out", () => {
    const root = tempTree(sources);
    expect(buildInputFiles(root)).toEqual(["app/page.tsx", "lib/claims/claims.ts", "next.config.ts"]);
    const reversed = tempTree(Object.fromEntries(Object.entries(sources).reverse()));
    expect(hashBuildInputs(reversed)).toBe(hashBuildInputs(root));
  });

  it("changes when a source changes, is added or is renamed, but not when a test changes", () => {
    const root = tempTree(sources);
    const original = hashBuildInputs(root);
    fs.writeFileSync(path.join(root, "lib/claims/claims.test.ts"), "another test");
    fs.writeFileSync(path.join(root, "README.md"), "edited");
    expect(hashBuildInputs(root)).toBe(original);

    fs.writeFileSync(path.join(root, "lib/claims/claims.ts"), "export const x = 2;");
    const edited = hashBuildInputs(root);
    expect(edited).not.toBe(original);

    fs.writeFileSync(path.join(root, "proxy.ts"), "export {};");
    const added = hashBuildInputs(root);
    expect(added).not.toBe(edited);

    fs.renameSync(path.join(root, "proxy.ts"), path.join(root, "lib/proxy.ts"));
    expect(hashBuildInputs(root)).not.toBe(added);
  });

  it("round-trips through .next/claimtrail-build-stamp", () => {
    const root = tempTree(sources);
    expect(readStamp(root)).toBeNull();
    writeStamp(root, "abc123");
    expect(fs.readFileSync(path.join(root, ".next", "claimtrail-build-stamp"), "utf8")).toBe("abc123\n");
    expect(readStamp(root)).toBe("abc123");
  });

  it("asks for a build unless .next was built by npm start from these exact sources", () => {
    expect(buildReason({ sourceHash: "h", stamp: "h", hasBuild: false })).toMatch(/no production build/);
    expect(buildReason({ sourceHash: "h", stamp: null, hasBuild: true })).toMatch(/not made by npm start/);
    expect(buildReason({ sourceHash: "h", stamp: "old", hasBuild: true })).toMatch(/sources changed/);
    expect(buildReason({ sourceHash: "h", stamp: "h", hasBuild: true })).toBeNull();
  });
});

describe("npm start", () => {
  it("refuses a bad PORT before touching anything", () => {
    const db = temporaryDatabase();
    cleanups.push(db.cleanup);
    const run = runScript("start", [], db.file, { env: { PORT: "99999" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: PORT must be a whole number from 1 to 65535.");
    expect(fs.existsSync(db.file)).toBe(false);
  });

  it("refuses a bad TRUST_PROXY or WEB_CONCURRENCY before touching anything", () => {
    const db = temporaryDatabase();
    cleanups.push(db.cleanup);
    const proxy = runScript("start", [], db.file, { env: { TRUST_PROXY: "my-proxy" } });
    expect(proxy.status).toBe(2);
    expect(proxy.stderr).toContain('error: TRUST_PROXY must be a number of proxy hops');
    const workers = runScript("start", [], db.file, { env: { WEB_CONCURRENCY: "0" } });
    expect(workers.status).toBe(2);
    expect(workers.stderr).toContain("error: WEB_CONCURRENCY must be a whole number");
    expect(fs.existsSync(db.file)).toBe(false);
  });

  it("with --prepare-only migrates, loads the demo desk into an empty database once, and reports on the build", () => {
    const db = temporaryDatabase();
    cleanups.push(db.cleanup);
    const first = runScript("start", ["--prepare-only"], db.file);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("migrations applied");
    expect(first.stdout).toContain("loading the demo desk");
    expect(first.stdout).toContain("reviewer@claimtrail.test");
    expect(first.stdout).toMatch(/a build is needed|the build in \.next is current/);
    expect(count(db.file, "select count(*) from users")).toBe(3);

    const second = runScript("start", ["--prepare-only"], db.file);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).not.toContain("loading the demo desk");
    expect(count(db.file, "select count(*) from users")).toBe(3);
  });
});

describe("the server processes", () => {
  it("give up with exit code 1 and say why when none can listen, rather than restarting forever", async () => {
    const db = temporaryDatabase();
    cleanups.push(db.cleanup);
    const port = await freePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    try {
      const run = runScript("start/serve", [], db.file, { env: { PORT: String(port), HOST: "127.0.0.1", WEB_CONCURRENCY: "1" } });
      const output = run.stdout + run.stderr;
      expect(run.status, output).toBe(1);
      expect(output).toContain("3 times in a row; stopping.");
      expect(output.match(/starting another in \d+ ms/g)).toHaveLength(2);
    } finally {
      squatter.close();
    }
  });
});
