/**
 * Runs the Playwright suite against the production build on a fresh database:
 * temp folder + migrated SQLite file, a random session secret, a free port,
 * the same server process `npm start` runs (scripts/start/cluster.ts, one
 * worker) on it, then `playwright test` with any extra arguments passed
 * through. The server and the temp folder go away however the run ends.
 *
 *   npm run test:e2e                      # every spec
 *   npm run test:e2e -- e2e/journey.spec.ts --headed
 *
 * Builds when CI is set, when E2E_BUILD=1, or when any source file is newer
 * than .next/BUILD_ID.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, getConnection } from "../db/client";
import { freePort } from "../lib/testing/free-port";
import { hashBuildInputs, writeStamp } from "./start/build-stamp";
import { startCluster, type RunningCluster } from "./start/cluster";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const playwrightBin = path.join(root, "node_modules", "@playwright", "test", "cli.js");
// Outside Playwright's outputDir (test-results/playwright), which it empties on every run.
const serverLog = path.join(root, "test-results", "e2e-server.log");
const SERVER_START_TIMEOUT_MS = 90_000;
const KEEP_ALIVE_SECONDS = 15 * 60;

// Everything that goes into the build; a change to any of these makes .next stale.
const BUILD_INPUTS = ["app", "lib", "db", "types", "public", "proxy.ts", "middleware.ts", "next.config.ts", "package.json", "package-lock.json", "tsconfig.json"];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file bumps its folder's mtime
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function buildNeeded(): string | null {
  if (process.env.CI) return "CI always builds";
  if (process.env.E2E_BUILD === "1") return "E2E_BUILD=1";
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return "no production build yet";
  const built = fs.statSync(buildId).mtimeMs;
  const changed = BUILD_INPUTS.find((entry) => newestMtime(path.join(root, entry)) > built);
  return changed ? `${changed} changed since the last build` : null;
}

async function waitUntilAnswering(url: string, running: RunningCluster): Promise<void> {
  let exited: number | undefined;
  void running.done.then((code) => {
    exited = code;
  });
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`the server stopped (exit code ${exited}) before answering.`);
    try {
      // Any HTTP answer will do: the server is up; the specs judge the pages.
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`the server did not answer on ${url} within ${SERVER_START_TIMEOUT_MS / 1000} s.`);
}

function logTail(lines = 60): string {
  try {
    return fs.readFileSync(serverLog, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

let server: RunningCluster | undefined;
let tests: ChildProcess | undefined;
let tempDir: string | undefined;

function killServer(): void {
  for (const pid of server?.pids() ?? []) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes the temp folder. */
async function cleanUp(): Promise<void> {
  if (tests?.exitCode === null) tests.kill("SIGTERM");
  if (server) await Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  killServer();
  server = undefined;
  removeTemp();
}

function removeTemp(): void {
  closeDb();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

// Last resort when the process ends some other way: "exit" handlers cannot wait.
process.on("exit", () => {
  killServer();
  removeTemp();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-e2e-"));
  const databaseUrl = path.join(tempDir, "e2e.db");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    NEXTAUTH_URL: baseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    // So the admin's "Anchor now" works, as on a desk that keeps its anchors outside the database.
    AUDIT_ANCHOR_FILE: path.join(tempDir, "anchors.jsonl"),
  };

  // Migrate first: a build that prerenders pages reads this (empty) database, never ./data/.
  process.env.DATABASE_URL = databaseUrl;
  getConnection();
  closeDb();

  const reason = buildNeeded();
  if (reason) {
    console.log(`e2e: building the app (${reason})…`);
    const startedAt = new Date();
    const sourceHash = hashBuildInputs(root);
    const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...env, NODE_ENV: "production" } });
    if (build.status !== 0) {
      console.error("e2e: next build failed.");
      return build.status ?? 1;
    }
    // Dated at the build's start, so a file saved while it ran still counts as newer next time.
    fs.utimesSync(path.join(root, ".next", "BUILD_ID"), startedAt, startedAt);
    // The same build npm start would make: it need not make it again.
    writeStamp(root, sourceHash);
  } else {
    console.log("e2e: .next is newer than every source file; skipping the build (E2E_BUILD=1 forces one).");
  }

  fs.mkdirSync(path.dirname(serverLog), { recursive: true });
  const log = fs.createWriteStream(serverLog);
  console.log(`e2e: starting the server on ${baseUrl} (log: ${path.relative(root, serverLog)})`);
  server = startCluster({
    workers: 1,
    output: log,
    log: (message) => log.write(`claimtrail: ${message}\n`),
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      // The specs stand in for the reverse proxy: each names the client it
      // plays in X-Forwarded-For, as nginx would (README, Deploying), so one
      // spec's failed sign-ins never slow another's. e2e/cluster.spec.ts
      // checks the default, where that header counts for nothing.
      TRUST_PROXY: "1",
      // Playwright's request contexts keep idle sockets open forever; with a short
      // keep-alive the server can close one just as a test reuses it (ECONNRESET).
      // Idle connections outlive the run instead.
      KEEP_ALIVE_TIMEOUT: String(KEEP_ALIVE_SECONDS),
      // EVIDENCE_FETCH_ALLOW_PRIVATE=1 (server only): the evidence specs cite pages that the
      // test itself serves on 127.0.0.1, which lib/evidence/safe-fetch.ts refuses by default
      // (loopback, like every private address, is off-limits to evidence fetches). The test
      // runner and the build never fetch evidence, so only the server gets it; never set it
      // on a real desk. EVIDENCE_FETCH_PORTS=any for the same reason: those pages are on free ports.
      EVIDENCE_FETCH_ALLOW_PRIVATE: "1",
      EVIDENCE_FETCH_PORTS: "any",
    },
  });
  try {
    await waitUntilAnswering(`${baseUrl}/api/auth/csrf`, server);
  } catch (error) {
    console.error(`e2e: ${error instanceof Error ? error.message : String(error)}\n--- server log (tail) ---\n${logTail()}`);
    return 1;
  }

  tests = spawn(process.execPath, [playwrightBin, "test", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...env, E2E_BASE_URL: baseUrl },
  });
  const runner = tests;
  const code = await new Promise<number>((resolve) => {
    runner.on("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    runner.on("error", () => resolve(1));
  });
  if (code !== 0) console.error(`\n--- server log (tail of ${path.relative(root, serverLog)}) ---\n${logTail()}`);
  return code;
}

main()
  .catch((error: unknown) => {
    console.error(error);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
