// npm run bench [-- --scale tiny|small|full] [--out FILE] [--growth] [--rebuild] [--micro parsers]
//
// Measures Claimtrail against DESIGN.md's performance budgets, side by side
// in one run on one machine: builds the production app (scripts/bench/build.ts),
// fills a fresh database in a temporary folder with a newsroom-sized archive
// (scripts/bench/dataset.ts), serves it as `npm start` does (a cluster of
// WEB_CONCURRENCY server processes, one per core by default), and loads it with
// autocannon at 32 connections. See BENCHMARKS.md for a real run and what
// limits each figure. Nothing here is a test: it measures and reports.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { z } from "zod";
import { closeDb, getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import { NGINX_BIN, startNginx } from "@/lib/testing/nginx";
import { parseOptions, UsageError } from "./cli/cli";
import { serverSettings } from "./start/settings";
import { prepareBuild, runningBuilds, STATIC_PAGE_PATH, type PreparedBuild } from "./bench/build";
import { fillDatabase, type DatasetSize, type DatasetSummary } from "./bench/dataset";
import { formatExtraction, measureExtraction } from "./bench/extraction";
import { measureClaimReviewFeed, measureDeskExport } from "./bench/exports";
import { formatMicro, runParsersBench } from "./bench/parsers";
import { measure, measureInTurns, type LoadOptions, type LoadResult } from "./bench/load";
import { killAllNow, MemoryWatch, startBareServer, startNext, stop, stopAll, track, type NextServer } from "./bench/processes";
import {
  benchResultsSchema,
  failedScenarios,
  formatGrowth,
  formatResults,
  growthResultsSchema,
  machineNow,
  insightsViews,
  QUEUE_VIEWS,
  type BenchResults,
  type Budget,
  type GrowthResults,
  type GrowthStep,
  type QueueViewResult,
} from "./bench/results";

/** How often a status change lands while the queue is read under writes. */
const WRITE_INTERVAL_MS = 1_000;

const USAGE = `Usage: npm run bench -- [--scale tiny|small|full] [--out FILE] [--growth] [--rebuild] [--micro parsers]

  --scale    full (default): 100,000 claims, 10,000 articles, 1,000,000 audit events;
             10 s warm-up and 20 s per scenario.
             small: 10,000 claims, 100,000 events; 3 s + 10 s.
             tiny: 1,000 claims, 10,000 events; 1 s + 3 s (for the test).
  --out      where to write the results as JSON
             (default bench-results/latest.json, or bench-results/growth.json with --growth)
  --growth   measure the claim page, review queue, search and audit:verify
             at 1,000, 10,000 and 100,000 claims, with the timing of --scale
  --rebuild  build even when a build of the same sources exists
  --micro    parsers: time the evidence page text in-process (no build, no server), print it and stop

The app runs as npm start runs it: WEB_CONCURRENCY server processes, one per
core unless set.`;

const root = process.cwd();
const CONNECTIONS = 32;

/** How many server processes the app runs with: WEB_CONCURRENCY, as for npm start. */
function serverProcesses(): number {
  const parsed = serverSettings(process.env, os.availableParallelism());
  if (!parsed.ok) throw new UsageError(parsed.error);
  return parsed.settings.workers;
}

interface Scale {
  size: DatasetSize;
  warmupSeconds: number;
  seconds: number;
  /** The pages compared as ratios are measured in this many alternating slices (bench/load.ts measureInTurns). */
  turns: number;
  writeSeconds: number;
}

const SCALES = {
  tiny: {
    size: { claims: 1_000, articles: 100, auditEvents: 10_000 },
    warmupSeconds: 1,
    seconds: 3,
    turns: 3,
    writeSeconds: 2,
  },
  small: {
    size: { claims: 10_000, articles: 1_000, auditEvents: 100_000 },
    warmupSeconds: 3,
    seconds: 10,
    turns: 5,
    writeSeconds: 5,
  },
  full: {
    size: { claims: 100_000, articles: 10_000, auditEvents: 1_000_000 },
    warmupSeconds: 10,
    seconds: 20,
    turns: 5,
    writeSeconds: 10,
  },
} satisfies Record<string, Scale>;
type ScaleName = keyof typeof SCALES;

const PATHS = {
  search: (word: string) => `/?q=${encodeURIComponent(word)}`,
  apiList: "/api/v1/claims?status=sourced&limit=20",
};

function say(line: string): void {
  console.log(`bench: ${line}`);
}

// ---------------------------------------------------------------- clean-up

let tempDir: string | undefined;
const tempFiles = new Set<string>();
let releaseBuild: (() => void) | undefined;

function removeTemp(): void {
  closeDb();
  releaseBuild?.();
  releaseBuild = undefined;
  for (const file of tempFiles) fs.rmSync(file, { force: true });
  tempFiles.clear();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

function killBuilds(): void {
  for (const build of runningBuilds) {
    if (build.pid) {
      try {
        process.kill(-build.pid, "SIGKILL");
      } catch {
        // Gone already.
      }
    }
  }
}

async function cleanUp(): Promise<void> {
  killBuilds();
  await stopAll();
  removeTemp();
}

process.on("exit", () => {
  killBuilds();
  killAllNow();
  removeTemp();
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    say(`${signal}: stopping the servers and removing the temporary files`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- HTTP helpers

/** Plain bytes, as autocannon asks for them (no Accept-Encoding). */
async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, { headers: { "accept-encoding": "identity", ...headers }, redirect: "manual" });
  if (response.status !== 200) throw new Error(`bench: GET ${url} answered ${response.status}, not 200.`);
  return response;
}

function addCookies(jar: Map<string, string>, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const eq = pair?.indexOf("=") ?? -1;
    if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in as a browser would, over HTTP: CSRF token, then the credentials form. Returns the Cookie header. */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await get(`${baseUrl}/api/auth/csrf`);
  addCookies(jar, csrf);
  const { csrfToken } = z.object({ csrfToken: z.string().min(1) }).parse(await csrf.json());
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/review`, json: "true" }),
  });
  addCookies(jar, response);
  if (![...jar.keys()].some((name) => name.startsWith("next-auth.session-token"))) {
    throw new Error(`bench: signing in as ${email} gave no session cookie (HTTP ${response.status}).`);
  }
  return cookieHeader(jar);
}

// ---------------------------------------------------------------- figures

/**
 * The JavaScript a browser downloads for a page: every <script src> under
 * /_next/, fetched and gzipped as a server would send it. Polyfills marked
 * noModule are left out: browsers that run modules never fetch them.
 */
async function scriptBytes(baseUrl: string, html: string) {
  const sources = [...html.matchAll(/<script\b([^>]*)>/g)].flatMap((m) => {
    const attributes = m[1] ?? "";
    const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
    return src?.startsWith("/_next/") && !/\bnomodule\b/i.test(attributes) ? [src] : [];
  });
  const unique = [...new Set(sources)];
  let jsBytes = 0;
  let jsBytesGzip = 0;
  for (const src of unique) {
    const body = Buffer.from(await (await get(`${baseUrl}${src.replaceAll("&amp;", "&")}`)).arrayBuffer());
    jsBytes += body.length;
    jsBytesGzip += gzipSync(body).length;
  }
  const inlineScriptBytes = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].reduce(
    (sum, m) => sum + Buffer.byteLength(m[1] ?? ""),
    0,
  );
  return { jsFiles: unique.length, jsBytes, jsBytesGzip, inlineScriptBytes };
}

/** Characters outside ASCII, split at U+00FF: above it a JavaScript string is stored two bytes a character. */
function nonAsciiCharacters(html: string): { latin1: number; aboveLatin1: number } {
  let latin1 = 0;
  let aboveLatin1 = 0;
  for (const ch of html) {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0xff) aboveLatin1 += 1;
    else if (code > 0x7f) latin1 += 1;
  }
  return { latin1, aboveLatin1 };
}

function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 }));
  });
}

const tsxCli = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

/** `npm run audit:verify` as a user runs it (tsx start-up included), timed; and the chain walk alone, in-process. */
async function timeAuditVerify(databaseFile: string) {
  const run = await runNode([tsxCli, "--conditions=react-server", "scripts/audit-verify.ts"], {
    ...process.env,
    DATABASE_URL: databaseFile,
  });
  const ok = /^audit chain ok: (\d+) events/m.exec(run.stdout);
  if (run.code !== 0 || !ok) throw new Error(`bench: audit:verify failed (${run.code}):\n${run.stdout}${run.stderr}`);
  const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    const started = performance.now();
    const check = verifyAuditChain(sqlite);
    const chainSeconds = (performance.now() - started) / 1000;
    if (!check.ok) throw new Error(`bench: the audit chain is broken at #${check.firstBadId}: ${check.problem}`);
    return { ok: true as const, events: Number(ok[1]), commandSeconds: run.seconds, chainSeconds };
  } finally {
    sqlite.close();
  }
}

/** Runs one of the bench's writer scripts against the desk as the benchmark's reviewer; returns its last line of JSON. */
async function runWriter(
  script: string,
  databaseFile: string,
  dataset: DatasetSummary,
  first: number,
  env: Record<string, string> = {},
): Promise<unknown> {
  const run = await runNode(
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      `scripts/bench/${script}.ts`,
      String(first),
      String(dataset.reviewer.user.id),
      ...dataset.flippableClaimIds.map(String),
    ],
    { ...process.env, ...env, DATABASE_URL: databaseFile },
  );
  if (run.code !== 0) throw new Error(`bench: ${script} failed (${run.code}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "");
}

/** Status changes for `seconds`, as fast as they go or one every `intervalMs`. */
async function statusChanges(databaseFile: string, dataset: DatasetSummary, seconds: number, intervalMs?: number) {
  const result = z
    .object({ changes: z.number().int().positive(), seconds: z.number().positive(), synchronous: z.literal(2) })
    .parse(
      await runWriter("status-writer", databaseFile, dataset, seconds, intervalMs ? { WRITE_INTERVAL_MS: String(intervalMs) } : {}),
    );
  return { ...result, perSecond: result.changes / result.seconds };
}

/** After each of `rounds` status changes, every queue view read once (its counts read again), timed in-process. */
async function countAfterWrite(databaseFile: string, dataset: DatasetSummary, rounds: number) {
  const { samples } = z
    .object({ rounds: z.number().int().positive(), samples: z.array(z.number().nonnegative()).min(1) })
    .parse(await runWriter("count-after-write", databaseFile, dataset, rounds));
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { rounds, reads: samples.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1) ?? 0 };
}

// ---------------------------------------------------------------- a desk to measure

interface Desk {
  dir: string;
  databaseFile: string;
  dataset: DatasetSummary;
  databaseMb: number;
}

async function fillDesk(parent: string, size: DatasetSize): Promise<Desk> {
  const dir = fs.mkdtempSync(path.join(parent, `desk-${size.claims}-`));
  const databaseFile = path.join(dir, "bench.db");
  closeDb();
  process.env.DATABASE_URL = databaseFile;
  getConnection();
  say(
    `filling a fresh database: ${size.claims.toLocaleString("en")} claims, ${size.articles.toLocaleString("en")} articles, ${size.auditEvents.toLocaleString("en")} audit events`,
  );
  const dataset = await fillDatabase(size, say);
  // Closing checkpoints the WAL into the file, so its size is the archive's.
  closeDb();
  const databaseMb = fs.statSync(databaseFile).size / 1024 ** 2;
  say(
    `filled in ${dataset.seconds.toFixed(1)} s (${databaseMb.toFixed(0)} MB); ${dataset.published.toLocaleString("en")} published`,
  );
  return { dir, databaseFile, dataset, databaseMb };
}

async function serveDesk(build: PreparedBuild, desk: Desk, staticFile?: string): Promise<NextServer> {
  if (staticFile) {
    // Next lists public/ when it starts; the claim page's bytes are written into the file once it can be fetched.
    fs.mkdirSync(path.dirname(staticFile), { recursive: true });
    fs.writeFileSync(staticFile, "<!doctype html><title>placeholder</title>");
    tempFiles.add(staticFile);
  }
  const workers = serverProcesses();
  say(`starting ${workers} server process${workers === 1 ? "" : "es"} …`);
  return startNext({
    workers,
    buildDir: build.dir,
    databaseFile: desk.databaseFile,
    secret: randomBytes(32).toString("base64url"),
    logFile: path.join(desk.dir, "server.log"),
  });
}

/** Requests a cached page twice (the first renders it) and returns its HTML and cache state. */
async function warmPage(url: string): Promise<{ html: string; cache: string }> {
  await get(url);
  const response = await get(url);
  return { cache: response.headers.get("x-nextjs-cache") ?? "none", html: await response.text() };
}

/**
 * The URL of the bench's static page (scripts/bench/static-page.tsx) whose
 * HTML is as long as `bytes`: every filler character shows once in the HTML
 * and once in the inline RSC payload, so two or three tries land within a byte.
 */
async function sameSizeStaticPage(baseUrl: string, bytes: number): Promise<{ url: string; htmlBytes: number }> {
  let filler = 0;
  let best = { url: "", htmlBytes: 0 };
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const url = `${baseUrl}${STATIC_PAGE_PATH}/${filler}`;
    const htmlBytes = Buffer.byteLength((await warmPage(url)).html);
    if (Math.abs(htmlBytes - bytes) < Math.abs(best.htmlBytes - bytes)) best = { url, htmlBytes };
    if (Math.abs(htmlBytes - bytes) <= 1) break;
    filler = Math.max(0, filler + Math.round((bytes - htmlBytes) / 2));
  }
  return best;
}

async function checkPages(baseUrl: string, dataset: DatasetSummary, cookie: string): Promise<void> {
  for (const { path: queuePath } of QUEUE_VIEWS) {
    const queue = await (await get(`${baseUrl}${queuePath}`, { cookie })).text();
    if (!queue.includes("Review queue"))
      throw new Error(`bench: the signed-in review queue ${queuePath} did not render.`);
    if (!queue.includes('href="/review/claims/'))
      throw new Error(`bench: the review queue ${queuePath} lists no claim; the archive should fill every view.`);
  }
  const search = await (await get(`${baseUrl}${PATHS.search(dataset.searchWord)}`)).text();
  if (!search.includes("published verdicts match"))
    throw new Error(`bench: the search for "${dataset.searchWord}" found nothing.`);
  const api = z
    .object({ data: z.array(z.unknown()).min(1) })
    .parse(await (await get(`${baseUrl}${PATHS.apiList}`)).json());
  if (api.data.length === 0) throw new Error("bench: the API list is empty.");
}

// ---------------------------------------------------------------- one run

function budgets(r: Omit<BenchResults, "budgets">): Budget[] {
  const full = r.scale === "full";
  const at = full ? "" : ` (at ${r.dataset.claims.toLocaleString("en")} claims; the budget is for 100,000)`;
  const p95 = (key: "search" | "searchOne", name: string): Budget => ({
    name: `${name}${at}`,
    target: "p95 < 50 ms",
    actual: `p95 ${r.scenarios[key].p95Ms.toFixed(1)} ms`,
    met: r.scenarios[key].p95Ms < 50,
  });
  const queue = (connections: "at32" | "at1", name: string): Budget => {
    const worst = r.reviewQueue.reduce((a, b) => (b[connections].p95Ms > a[connections].p95Ms ? b : a));
    return {
      name: `${name}, slowest of ${r.reviewQueue.length} views${at}`,
      target: "p95 < 50 ms",
      actual: `p95 ${worst[connections].p95Ms.toFixed(1)} ms (${worst.view})`,
      met: worst[connections].p95Ms < 50,
    };
  };
  const insights = (): Budget => {
    const worst = r.insights.views.reduce((a, b) => (b.at1.p95Ms > a.at1.p95Ms ? b : a));
    return {
      name: `insights page, 1 connection, slowest of ${r.insights.views.length} views${at}`,
      target: "p95 < 300 ms",
      actual: `p95 ${worst.at1.p95Ms.toFixed(1)} ms (${worst.view})`,
      met: worst.at1.p95Ms < 300,
    };
  };
  return [
    {
      name: "claim page req/s vs static page, 32 connections",
      target: "≥ 90 %",
      actual: `${(r.ratios.claimPageToStaticPage * 100).toFixed(0)} %`,
      met: r.ratios.claimPageToStaticPage >= 0.9,
    },
    {
      name: "claim page p99, 32 connections",
      target: "< 100 ms",
      actual: `${r.scenarios.claimPage.p99Ms.toFixed(1)} ms`,
      met: r.scenarios.claimPage.p99Ms < 100,
    },
    queue("at32", "review queue, 32 connections"),
    queue("at1", "review queue, 1 connection"),
    // The lines above read pages the server processes kept; these two, what a render and a desk at work cost.
    ...(r.reviewQueueRendered
      ? [
          {
            name: `review queue rendered every time, 32 connections${at}`,
            target: "p95 < 50 ms",
            actual: `p95 ${r.reviewQueueRendered.at32.p95Ms.toFixed(1)} ms (${r.reviewQueueRendered.view})`,
            met: r.reviewQueueRendered.at32.p95Ms < 50,
          },
        ]
      : []),
    ...(r.reviewQueueUnderWrites
      ? [
          {
            name: `review queue, ${r.reviewQueueUnderWrites.writes.perSecond.toFixed(1)} changes/s, 32 connections${at}`,
            target: "p95 < 50 ms",
            actual: `p95 ${r.reviewQueueUnderWrites.at32.p95Ms.toFixed(1)} ms (${r.reviewQueueUnderWrites.view})`,
            met: r.reviewQueueUnderWrites.at32.p95Ms < 50,
          },
        ]
      : []),
    insights(),
    p95("search", "search, 32 connections"),
    p95("searchOne", "search, 1 connection"),
    ...(r.countAfterWrite
      ? [
          {
            name: `queue read after a write, in-process${at}`,
            target: "p95 < 25 ms",
            actual: `p95 ${r.countAfterWrite.p95Ms.toFixed(1)} ms`,
            met: r.countAfterWrite.p95Ms < 25,
          },
        ]
      : []),
    {
      name: `npm run audit:verify${full ? "" : ` (${r.auditVerify.events.toLocaleString("en")} events; the budget is for 1,000,000)`}`,
      target: "< 10 s",
      actual: `${r.auditVerify.commandSeconds.toFixed(2)} s`,
      met: r.auditVerify.commandSeconds < 10,
    },
  ];
}

async function runOnce(scaleName: ScaleName, build: PreparedBuild, parent: string): Promise<BenchResults> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = machineNow();
  const scale: Scale = SCALES[scaleName];
  const desk = await fillDesk(parent, scale.size);
  const { dataset } = desk;
  const staticName = `bench-static-${process.pid}.html`;
  const server = await serveDesk(build, desk, path.join(build.dir, "public", staticName));
  const memory = new MemoryWatch(server.child.pid ?? 0);
  const claimUrl = `${server.baseUrl}/claims/${dataset.featuredClaimSlug}`;
  const claim = await warmPage(claimUrl);
  const claimFile = path.join(desk.dir, "claim.html");
  fs.writeFileSync(claimFile, claim.html);
  const staticPage = await sameSizeStaticPage(server.baseUrl, Buffer.byteLength(claim.html));
  fs.writeFileSync(path.join(build.dir, "public", staticName), claim.html);
  const staticFileUrl = `${server.baseUrl}/${staticName}`;
  const staticBody = await (await get(staticFileUrl)).text();
  if (staticBody !== claim.html) throw new Error("bench: the public/ file does not serve the claim page's bytes.");
  const bare = await startBareServer(root, claimFile);
  // nginx's cache in front of this server (deploy/nginx/claimtrail.conf), measured on
  // its loopback plain-http listener: TLS is left out, as it is for bare node:http.
  const proxy = fs.existsSync(NGINX_BIN)
    ? await startNginx({
        upstreamPorts: [Number(new URL(server.baseUrl).port)],
        workerProcesses: "auto",
        accessLog: false,
        onSpawn: track,
      })
    : null;
  const nginxClaimUrl = proxy ? `${proxy.purgeUrl}/claims/${dataset.featuredClaimSlug}` : null;
  let nginxCache = "none";
  if (nginxClaimUrl) {
    await get(nginxClaimUrl);
    nginxCache = (await get(nginxClaimUrl)).headers.get("x-cache-status") ?? "none";
  } else {
    say(`no nginx at ${NGINX_BIN}: the claim page through nginx is not measured.`);
  }
  const cookie = await signIn(server.baseUrl, dataset.reviewer.user.email, dataset.reviewer.password);
  await checkPages(server.baseUrl, dataset, cookie);

  const load: LoadOptions = { connections: CONNECTIONS, warmupSeconds: scale.warmupSeconds, seconds: scale.seconds };
  const one: LoadOptions = { ...load, connections: 1 };
  const run = async (name: string, url: string, options: LoadOptions): Promise<LoadResult> => {
    say(
      `${name}: ${url} (${options.connections} connection${options.connections === 1 ? "" : "s"}, ${options.warmupSeconds} s warm-up + ${options.seconds} s)`,
    );
    const result = await measure(url, options);
    say(
      `  ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`,
    );
    return result;
  };
  const searchUrl = `${server.baseUrl}${PATHS.search(dataset.searchWord)}`;
  // The four compared as ratios are measured in turns, each warmed up before
  // any is timed: on a shared machine the load drifts more between two
  // back-to-back runs than the pages differ, and the first page measured
  // would also pay for V8's optimisation of the code they share.
  say(
    `claim page, static page, public/ file, bare node:http${nginxClaimUrl ? " and the claim page through nginx" : ""} in ${scale.turns} turns (${load.connections} connections, ${load.warmupSeconds} s warm-up each + ${load.seconds} s each in all)`,
  );
  const [claimPage, staticPageLoad, staticFile, bareNode, throughNginx] = await measureInTurns(
    [claimUrl, staticPage.url, staticFileUrl, bare.url, ...(nginxClaimUrl ? [nginxClaimUrl] : [])],
    load,
    scale.turns,
  );
  if (!claimPage || !staticPageLoad || !staticFile || !bareNode)
    throw new Error("bench: a compared page has no result.");
  for (const [name, result] of [
    ["claim page", claimPage],
    ["static page", staticPageLoad],
    ["public/ file", staticFile],
    ["bare node:http", bareNode],
    ...(throughNginx ? [["claim page through nginx", throughNginx] as const] : []),
  ] as const) {
    say(
      `  ${name}: ${Math.round(result.rps)} req/s, p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`,
    );
  }
  const scenarios = {
    claimPage,
    staticPage: staticPageLoad,
    staticFile,
    bareNode,
    search: await run("search", searchUrl, load),
    apiList: await run("API list", `${server.baseUrl}${PATHS.apiList}`, load),
    searchOne: await run("search", searchUrl, one),
  };
  const reviewQueue: QueueViewResult[] = [];
  for (const { view, path: queuePath } of QUEUE_VIEWS) {
    const url = `${server.baseUrl}${queuePath}`;
    const at32 = await run(`review queue, ${view}`, url, { ...load, headers: { cookie } });
    // Warmed up by the 32-connection run just before.
    const at1 = await run(`review queue, ${view}`, url, { ...one, warmupSeconds: 0, headers: { cookie } });
    reviewQueue.push({ view, path: queuePath, at32, at1 });
  }
  // The same queue with the server processes' page cache bypassed: what a render costs under load.
  const rendered = QUEUE_VIEWS[1];
  const renderedUrl = `${server.baseUrl}${rendered.path}`;
  const fresh = { cookie, "cache-control": "no-cache" };
  const reviewQueueRendered = {
    view: rendered.view,
    path: rendered.path,
    at32: await run(`review queue, ${rendered.view}, rendered every time`, renderedUrl, { ...load, headers: fresh }),
    at1: await run(`review queue, ${rendered.view}, rendered every time`, renderedUrl, { ...one, warmupSeconds: 0, headers: fresh }),
  };
  // And as a desk at work reads it: a status change every WRITE_INTERVAL_MS from another process, each
  // of which ends every kept page in every server process.
  const writer = statusChanges(desk.databaseFile, dataset, scale.warmupSeconds + scale.seconds + 1, WRITE_INTERVAL_MS);
  const underWrites = await run(`review queue, ${rendered.view}, a change every ${WRITE_INTERVAL_MS} ms`, renderedUrl, {
    ...load,
    headers: { cookie },
  });
  const reviewQueueUnderWrites = { view: rendered.view, path: rendered.path, at32: underWrites, writes: await writer };
  const editorCookie = await signIn(server.baseUrl, dataset.editor.user.email, dataset.editor.password);
  const views = insightsViews(dataset.busiestClaimant);
  const coldStarted = performance.now();
  const firstInsights = await (await get(`${server.baseUrl}${views[0]?.path ?? ""}`, { cookie: editorCookie })).text();
  const coldMs = performance.now() - coldStarted;
  if (!firstInsights.includes("Claims brought in, verdicts set and published") || !firstInsights.includes("<svg"))
    throw new Error("bench: the insights page did not render its charts.");
  say(`insights, first request (aggregate folded from the whole log): ${coldMs.toFixed(0)} ms`);
  const insightsResults = [];
  for (const { view, path: insightsPath } of views) {
    const url = `${server.baseUrl}${insightsPath}`;
    const at1 = await run(`insights, ${view}`, url, { ...one, headers: { cookie: editorCookie } });
    const at8 = await run(`insights, ${view}`, url, {
      ...load,
      connections: 8,
      warmupSeconds: 0,
      headers: { cookie: editorCookie },
    });
    insightsResults.push({ view, path: insightsPath, at1, at8 });
  }
  const claimCache = (await get(claimUrl)).headers.get("x-nextjs-cache") ?? "none";
  const js = await scriptBytes(server.baseUrl, claim.html);
  const serverMemory = memory.read();
  say("ClaimReview feed: one whole download, then conditional requests …");
  const claimReviewFeed = await measureClaimReviewFeed(server.baseUrl);
  // VmHWM again: whether streaming the whole feed raised the server's peak.
  const afterFeed = memory.read();
  say(
    `  ${(claimReviewFeed.bytes / 1e6).toFixed(1)} MB, ${claimReviewFeed.elements.toLocaleString("en")} ClaimReviews in ${claimReviewFeed.seconds.toFixed(2)} s; 304 p95 ${claimReviewFeed.notModified.p95Ms.toFixed(1)} ms; server peak RSS ${Math.round(afterFeed.peakRssMb)} MB`,
  );
  await stop(bare.child);
  await proxy?.stop();

  say(`status changes through setClaimStatus for ${scale.writeSeconds} s …`);
  const writes = await statusChanges(desk.databaseFile, dataset, scale.writeSeconds);
  say(`  ${writes.perSecond.toFixed(0)} changes/s`);
  await stop(server.child);

  say("queue reads right after a write …");
  const afterWrite = await countAfterWrite(desk.databaseFile, dataset, 25);
  say(`  p95 ${afterWrite.p95Ms.toFixed(1)} ms`);

  say("npm run audit:verify …");
  const auditVerify = await timeAuditVerify(desk.databaseFile);
  say(`  ${auditVerify.events.toLocaleString("en")} events in ${auditVerify.commandSeconds.toFixed(2)} s`);

  say("npm run export …");
  const deskExport = await measureDeskExport(
    (args) => runNode([tsxCli, "--conditions=react-server", ...args], { ...process.env, DATABASE_URL: desk.databaseFile }),
    desk.dir,
  );
  say(`  ${(deskExport.bytes / 1e6).toFixed(1)} MB in ${deskExport.seconds.toFixed(2)} s, ${deskExport.auditEvents.toLocaleString("en")} audit events verified`);

  const partial: Omit<BenchResults, "budgets"> = {
    kind: "claimtrail-bench",
    scale: scaleName,
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    startedAt,
    totalSeconds: (performance.now() - started) / 1000 + (build.buildSeconds ?? 0),
    machine: { ...machine, loadAverageAfter: os.loadavg() },
    build: { reused: build.reused, seconds: build.buildSeconds, sourceHash: build.sourceHash },
    dataset: {
      users: dataset.users,
      articles: dataset.articles,
      claims: dataset.claims,
      published: dataset.published,
      corrected: dataset.corrected,
      evidence: dataset.evidence,
      auditEvents: dataset.auditEvents,
      databaseMb: desk.databaseMb,
      fillSeconds: dataset.seconds,
      stages: dataset.stages,
      assigned: dataset.assigned,
      assignedToReviewer: dataset.assignedToReviewer,
    },
    timing: { connections: CONNECTIONS, warmupSeconds: scale.warmupSeconds, seconds: scale.seconds },
    scenarios,
    reviewQueue,
    reviewQueueRendered,
    reviewQueueUnderWrites,
    insights: { coldMs, views: insightsResults },
    ratios: {
      claimPageToStaticPage: scenarios.claimPage.rps / scenarios.staticPage.rps,
      claimPageToStaticFile: scenarios.claimPage.rps / scenarios.staticFile.rps,
      claimPageToBareNode: scenarios.claimPage.rps / scenarios.bareNode.rps,
      staticPageToBareNode: scenarios.staticPage.rps / scenarios.bareNode.rps,
      claimPageThroughNginxToBareNode: throughNginx ? throughNginx.rps / scenarios.bareNode.rps : undefined,
    },
    nginx: throughNginx
      ? {
          claimPage: throughNginx,
          cache: nginxCache,
          workers: os.cpus().length,
          servedBy: "nginx (deploy/nginx/claimtrail.conf, one worker per core, no access log) in front of the same app, on its loopback http listener",
        }
      : undefined,
    claimPage: {
      slug: dataset.featuredClaimSlug,
      htmlBytes: Buffer.byteLength(claim.html),
      cache: claimCache,
      staticPageHtmlBytes: staticPage.htmlBytes,
      nonAscii: nonAsciiCharacters(claim.html),
      staticPageServedBy: `the app, ${STATIC_PAGE_PATH}/[filler]: a page with no data, cached on first request like the claim page (scripts/bench/static-page.tsx, in the bench's build only)`,
      staticFileServedBy: `the app, public/${staticName}: the claim page's bytes as a file, written into the build copy at bench time`,
      ...js,
    },
    statusChanges: writes,
    countAfterWrite: afterWrite,
    auditVerify,
    server: { ...serverMemory, workers: serverProcesses() },
    exports: { claimReviewFeed: { ...claimReviewFeed, serverPeakRssMbAfter: afterFeed.peakRssMb }, deskExport },
  };
  fs.rmSync(desk.dir, { recursive: true, force: true });
  return benchResultsSchema.parse({ ...partial, budgets: budgets(partial) });
}

// ---------------------------------------------------------------- growth

async function runGrowth(scaleName: ScaleName, build: PreparedBuild, parent: string): Promise<GrowthResults> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const machine = machineNow();
  const timing = SCALES[scaleName];
  const load: LoadOptions = { connections: CONNECTIONS, warmupSeconds: timing.warmupSeconds, seconds: timing.seconds };
  const one: LoadOptions = { ...load, connections: 1 };
  const steps: GrowthStep[] = [];
  for (const size of [SCALES.tiny.size, SCALES.small.size, SCALES.full.size]) {
    const desk = await fillDesk(parent, size);
    const server = await serveDesk(build, desk);
    await warmPage(`${server.baseUrl}/claims/${desk.dataset.featuredClaimSlug}`);
    const cookie = await signIn(server.baseUrl, desk.dataset.reviewer.user.email, desk.dataset.reviewer.password);
    await checkPages(server.baseUrl, desk.dataset, cookie);
    const claimUrl = `${server.baseUrl}/claims/${desk.dataset.featuredClaimSlug}`;
    const searchUrl = `${server.baseUrl}${PATHS.search(desk.dataset.searchWord)}`;
    say(`${size.claims.toLocaleString("en")} claims: claim page, search and review queue …`);
    const step: Omit<GrowthStep, "auditVerifySeconds"> = {
      claims: size.claims,
      auditEvents: desk.dataset.auditEvents,
      fillSeconds: desk.dataset.seconds,
      claimPage: await measure(claimUrl, load),
      search: await measure(searchUrl, load),
      reviewQueue: await measure(`${server.baseUrl}/review`, { ...load, headers: { cookie } }),
      searchOne: await measure(searchUrl, one),
      reviewQueueViews: [],
    };
    for (const { view, path: queuePath } of QUEUE_VIEWS) {
      const at1 = await measure(`${server.baseUrl}${queuePath}`, { ...one, headers: { cookie } });
      step.reviewQueueViews.push({ view, path: queuePath, at1 });
    }
    const slowest = Math.max(...step.reviewQueueViews.map((v) => v.at1.p95Ms));
    await stop(server.child);
    const verify = await timeAuditVerify(desk.databaseFile);
    steps.push({ ...step, auditVerifySeconds: verify.commandSeconds });
    say(
      `  claim page ${Math.round(step.claimPage.rps)} req/s; search p95 ${step.searchOne.p95Ms.toFixed(1)} ms; ` +
        `queue p95 ${slowest.toFixed(1)} ms (slowest view, 1 connection); audit:verify ${verify.commandSeconds.toFixed(2)} s`,
    );
    fs.rmSync(desk.dir, { recursive: true, force: true });
  }
  return growthResultsSchema.parse({
    kind: "claimtrail-bench-growth",
    scale: scaleName,
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    startedAt,
    totalSeconds: (performance.now() - started) / 1000 + (build.buildSeconds ?? 0),
    machine: { ...machine, loadAverageAfter: os.loadavg() },
    timing: { connections: CONNECTIONS, warmupSeconds: timing.warmupSeconds, seconds: timing.seconds },
    steps,
  });
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const options = parseOptions(
    process.argv.slice(2),
    {
      scale: { type: "string" },
      out: { type: "string" },
      growth: { type: "boolean" },
      rebuild: { type: "boolean" },
      micro: { type: "string" },
    },
    z.object({
      scale: z.enum(["tiny", "small", "full"], { message: "use tiny, small or full." }).default("full"),
      out: z.string().min(1).optional(),
      growth: z.boolean().default(false),
      rebuild: z.boolean().default(false),
      micro: z.enum(["parsers"], { message: "use parsers." }).optional(),
    }),
    USAGE,
  );
  if (options.micro === "parsers") {
    console.log(formatMicro(runParsersBench()));
    return 0;
  }
  if (process.platform !== "linux")
    throw new UsageError("the benchmark reads process memory from /proc, so it runs on Linux only.");
  const out = path.resolve(options.out ?? path.join("bench-results", options.growth ? "growth.json" : "latest.json"));
  // In-process and before the build: extraction needs no server (scripts/bench/extraction.ts).
  say(formatExtraction(measureExtraction()));
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-bench-"));
  const build = await prepareBuild(root, { rebuild: options.rebuild, log: say });
  releaseBuild = build.release;
  if (build.buildSeconds !== null) say(`built in ${build.buildSeconds.toFixed(0)} s`);
  const results = options.growth
    ? await runGrowth(options.scale, build, tempDir)
    : await runOnce(options.scale, build, tempDir);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\n${results.kind === "claimtrail-bench" ? formatResults(results) : formatGrowth(results)}\n`);
  say(`results written to ${path.relative(root, out) || out}`);
  const failed = failedScenarios(results);
  for (const line of failed)
    console.error(`bench: not every answer was a 200, so these figures do not measure the page: ${line}`);
  return failed.length > 0 ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}`);
      if (error.usage) console.error(`\n${error.usage}`);
      return 2;
    }
    console.error(error);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
