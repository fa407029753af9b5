// `npm run bench` end to end at the tiny scale: it builds (or reuses a build
// of the same sources, scripts/bench/build.ts), fills a database, serves it,
// loads every scenario and writes every figure. Functional only: no figure is
// compared with a budget here (DESIGN.md: budgets are measured, never timed
// in tests); BENCHMARKS.md holds the measured run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchResultsSchema, QUEUE_VIEWS, SCENARIOS } from "./bench/results";
import { NGINX_BIN } from "@/lib/testing/nginx";
import { repoRoot } from "@/lib/testing/run-script";

// A first run builds the app (a minute or two here); later runs reuse the build.
const BENCH_TIMEOUT_MS = 15 * 60_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-bench-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "bench", "--", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-40_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

describe("npm run bench -- --scale tiny", () => {
  it(
    "runs end to end and writes every figure",
    async () => {
      const out = path.join(dir, "tiny.json");
      const run = await runBench(["--scale", "tiny", "--out", out]);
      expect(run.code, run.output).toBe(0);

      // The schema demands every figure: rates and latencies > 0, all answers 200, the chain verified.
      const results = benchResultsSchema.parse(JSON.parse(fs.readFileSync(out, "utf8")));
      expect(Object.keys(results.scenarios).sort()).toEqual(Object.keys(SCENARIOS).sort());
      const queueLoads = results.reviewQueue.flatMap((v) => [v.at32, v.at1]);
      const insightsLoads = results.insights.views.flatMap((v) => [v.at1, v.at8]);
      for (const scenario of [...Object.values(results.scenarios), ...queueLoads, ...insightsLoads]) {
        expect(scenario.errors).toBe(0);
        expect(scenario.non2xx).toBe(0);
        expect(scenario.p50Ms).toBeLessThanOrEqual(scenario.p95Ms);
        expect(scenario.p95Ms).toBeLessThanOrEqual(scenario.p99Ms);
      }
      // Every queue view, each at 32 connections and at 1, on the URL it names.
      expect(results.reviewQueue.map((v) => v.path)).toEqual(QUEUE_VIEWS.map((v) => v.path));
      for (const view of results.reviewQueue) {
        expect(view.at32.connections).toBe(32);
        expect(view.at1.connections).toBe(1);
        expect(new URL(view.at1.url).pathname + new URL(view.at1.url).search).toBe(view.path);
      }
      // Every insights view, signed in as an editor, at 1 connection and at 8, after a timed first request.
      expect(results.insights.views.map((v) => v.view)).toHaveLength(3);
      for (const view of results.insights.views) {
        expect(view.at1.connections).toBe(1);
        expect(view.at8.connections).toBe(8);
        expect(new URL(view.at1.url).pathname).toBe("/review/insights");
      }
      expect(results.insights.coldMs).toBeGreaterThan(0);
      // The archive fills every stage the queue filters by, and gives the signed-in reviewer claims of their own.
      expect(Object.keys(results.dataset.stages).sort()).toEqual([
        "awaiting-publication",
        "needs-evidence",
        "published",
        "published-changed",
      ]);
      expect(results.dataset.assignedToReviewer).toBeGreaterThan(0);

      expect(results.ratios.claimPageToStaticPage).toBeGreaterThan(0);
      expect(results.ratios.claimPageToBareNode).toBeGreaterThan(0);
      // The claim page was served from the page cache, and the static page matches its size.
      expect(results.claimPage.cache).toBe("HIT");
      expect(Math.abs(results.claimPage.staticPageHtmlBytes - results.claimPage.htmlBytes)).toBeLessThanOrEqual(
        results.claimPage.htmlBytes * 0.01,
      );

      expect(results.dataset).toMatchObject({ claims: 1_000, articles: 100, auditEvents: 10_000 });
      // Every event the bench loaded, plus the sign-in and the status changes made through the app.
      expect(results.auditVerify.events).toBeGreaterThan(results.dataset.auditEvents + results.statusChanges.changes);
      expect(results.budgets.map((b) => b.name).join("\n")).toMatch(/claim page req\/s vs static page/);
      expect(results.budgets).toHaveLength(11);
      expect(results.budgets.map((b) => b.name).join("\n")).toMatch(/review queue rendered every time, 32 connections/);
      // The slowest view again, rendered on every request, and read while a status change lands each second.
      expect(results.reviewQueueRendered?.at32).toMatchObject({ connections: 32, errors: 0, non2xx: 0 });
      expect(results.reviewQueueRendered?.at1).toMatchObject({ connections: 1, errors: 0, non2xx: 0 });
      expect(results.reviewQueueUnderWrites?.at32).toMatchObject({ connections: 32, errors: 0, non2xx: 0 });
      expect(results.reviewQueueUnderWrites?.writes.changes).toBeGreaterThan(0);
      expect(run.output).toContain("rendered every time, 1 connection");
      expect(results.budgets.map((b) => b.name).join("\n")).toMatch(/insights page, 1 connection/);
      // The queue was read right after writes: once per view per round.
      expect(results.countAfterWrite?.reads).toBe((results.countAfterWrite?.rounds ?? 0) * QUEUE_VIEWS.length);
      expect(results.budgets.map((b) => b.name).join("\n")).toMatch(/queue read after a write/);

      // Where nginx is installed (CI installs it), the claim page is also measured through its cache, served from it.
      if (fs.existsSync(NGINX_BIN)) {
        expect(results.nginx?.cache).toBe("HIT");
        expect(results.nginx?.claimPage).toMatchObject({ errors: 0, non2xx: 0, connections: 32 });
        expect(results.nginx?.claimPage.bytesPerResponse).toBeGreaterThanOrEqual(results.claimPage.htmlBytes);
        expect(results.ratios.claimPageThroughNginxToBareNode).toBeGreaterThan(0);
        expect(run.output).toContain("claim page through nginx / bare node:http (req/s)");
      } else {
        expect(results.nginx).toBeUndefined();
      }

      // The printed table carries the same figures.
      expect(run.output).toContain("claim page / static page (req/s)");
      expect(run.output).toContain("queue read after a write");
      for (const view of QUEUE_VIEWS) expect(run.output).toContain(`review queue: ${view.view}`);
    },
    BENCH_TIMEOUT_MS,
  );
});
