// What `npm run bench` writes (JSON) and prints (tables). The zod schemas are
// the contract: the functional test parses real output with them.
import os from "node:os";
import { z } from "zod";
import { deskExportResultSchema, feedResultSchema } from "./exports";

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

export const loadResultSchema = z.object({
  url: z.string(),
  connections: z.number().int().positive(),
  seconds: positive,
  requests: z.number().int().positive(),
  rps: positive,
  p50Ms: positive,
  p95Ms: positive,
  p99Ms: positive,
  maxMs: positive,
  bytesPerResponse: positive,
  errors: z.number().int().nonnegative(),
  non2xx: z.number().int().nonnegative(),
});
export type LoadResultJson = z.infer<typeof loadResultSchema>;

/** Scenarios whose answers were not all 200s: their figures measure the failure, not the page. */
export function failedScenarios(results: BenchResults | GrowthResults): string[] {
  const loads: [string, LoadResultJson][] =
    results.kind === "claimtrail-bench"
      ? [
          ...Object.entries(results.scenarios),
          ...(results.nginx ? [["claim page through nginx", results.nginx.claimPage] as [string, LoadResultJson]] : []),
          ...results.reviewQueue.flatMap((v): [string, LoadResultJson][] => [
            [`review queue, ${v.view}`, v.at32],
            [`review queue, ${v.view}, 1 connection`, v.at1],
          ]),
          ...(results.reviewQueueRendered
            ? ([
                ["review queue, rendered every time", results.reviewQueueRendered.at32],
                ["review queue, rendered every time, 1 connection", results.reviewQueueRendered.at1],
              ] as [string, LoadResultJson][])
            : []),
          ...(results.reviewQueueUnderWrites
            ? ([["review queue, under writes", results.reviewQueueUnderWrites.at32]] as [string, LoadResultJson][])
            : []),
          ...results.insights.views.flatMap((v): [string, LoadResultJson][] => [
            [`insights, ${v.view}, 1 connection`, v.at1],
            [`insights, ${v.view}, 8 connections`, v.at8],
          ]),
        ]
      : results.steps.flatMap((step) =>
          [
            step.claimPage,
            step.search,
            step.reviewQueue,
            step.searchOne,
            ...step.reviewQueueViews.map((v) => v.at1),
          ].map((l): [string, LoadResultJson] => [`${step.claims} claims`, l]),
        );
  return loads
    .filter(([, l]) => l.errors > 0 || l.non2xx > 0)
    .map(([name, l]) => `${name}: ${l.url} (${l.errors} errors, ${l.non2xx} non-2xx)`);
}

export const SCENARIOS = {
  claimPage: "published claim page",
  staticPage: "static page, same size, same server",
  staticFile: "public/ file, same bytes, same server",
  bareNode: "bare node:http, same bytes",
  search: "home page with a search",
  apiList: "JSON API list",
  searchOne: "home page with a search, 1 connection",
} as const;
export type ScenarioKey = keyof typeof SCENARIOS;

/**
 * The review queue views measured, signed in as a reviewer (lib/claims/queue.ts
 * reads these parameters): the landing view, and filtered views each served by
 * a different index of migration 0006.
 */
export const QUEUE_VIEWS = [
  { view: "all, newest change first", path: "/review" },
  {
    view: "needs evidence, unassigned, by priority",
    path: "/review?stage=needs-evidence&assignee=unassigned&sort=priority",
  },
  { view: "disputed, oldest first", path: "/review?status=disputed&sort=oldest" },
  { view: "mine", path: "/review?assignee=me" },
] as const;

const queueViewSchema = z.object({
  view: z.string(),
  path: z.string(),
  /** 32 connections: what a desk's worth of simultaneous reviewers sees. */
  at32: loadResultSchema,
  /** 1 connection: the page's own service time. */
  at1: loadResultSchema,
});
export type QueueViewResult = z.infer<typeof queueViewSchema>;

/**
 * The insights page's views (issue #14): the year the archive spans (it is
 * stamped from January 2024 on), the default twelve weeks up to today (empty
 * for this archive, but the whole desk is still walked), and one claimant's
 * year. Every view walks every claim and event in the cached aggregate.
 */
export function insightsViews(claimant: string) {
  const year = "from=2024-01-01&to=2024-12-29";
  return [
    { view: "the archive's year (2024), 52 weeks", path: `/review/insights?${year}` },
    { view: "default, the last 12 weeks", path: "/review/insights" },
    {
      view: "one claimant, the archive's year",
      path: `/review/insights?${year}&claimant=${encodeURIComponent(claimant)}`,
    },
  ];
}
export const INSIGHTS_VIEW_COUNT = 3;

const insightsViewSchema = z.object({
  view: z.string(),
  path: z.string(),
  /** 1 connection: one editor at a time, the page's own service time. */
  at1: loadResultSchema,
  /** 8 connections: a newsroom's editors all at once. */
  at8: loadResultSchema,
});

const machineSchema = z.object({
  cpus: z.number().int().positive(),
  cpuModel: z.string(),
  memoryGb: positive,
  node: z.string(),
  platform: z.string(),
  /** 1, 5 and 15 minute load averages when the run started and ended. */
  loadAverageBefore: z.array(nonNegative).length(3),
  loadAverageAfter: z.array(nonNegative).length(3),
});

const budgetSchema = z.object({
  name: z.string(),
  target: z.string(),
  actual: z.string(),
  met: z.boolean(),
});
export type Budget = z.infer<typeof budgetSchema>;

const datasetSchema = z.object({
  users: z.number().int().positive(),
  articles: z.number().int().positive(),
  claims: z.number().int().positive(),
  published: z.number().int().positive(),
  corrected: z.number().int().positive(),
  evidence: z.number().int().positive(),
  auditEvents: z.number().int().positive(),
  databaseMb: positive,
  fillSeconds: positive,
  /** Claims per review stage; the generator sees that every stage has some. */
  stages: z.record(z.string(), z.number().int().positive()),
  assigned: z.number().int().positive(),
  assignedToReviewer: z.number().int().positive(),
});

const timingSchema = z.object({
  connections: z.number().int().positive(),
  warmupSeconds: nonNegative,
  seconds: positive,
});

export const benchResultsSchema = z.object({
  kind: z.literal("claimtrail-bench"),
  scale: z.enum(["tiny", "small", "full"]),
  command: z.string(),
  startedAt: z.iso.datetime(),
  totalSeconds: positive,
  machine: machineSchema,
  build: z.object({ reused: z.boolean(), seconds: positive.nullable(), sourceHash: z.string() }),
  dataset: datasetSchema,
  timing: timingSchema,
  scenarios: z.object({
    claimPage: loadResultSchema,
    staticPage: loadResultSchema,
    staticFile: loadResultSchema,
    bareNode: loadResultSchema,
    search: loadResultSchema,
    apiList: loadResultSchema,
    searchOne: loadResultSchema,
  }),
  reviewQueue: z.array(queueViewSchema).length(QUEUE_VIEWS.length),
  /**
   * The slowest queue view (needs evidence) asked for with Cache-Control: no-cache, so every
   * request is rendered (the server processes keep rendered queues otherwise,
   * lib/http/page-cache.ts); absent from results recorded before.
   */
  reviewQueueRendered: queueViewSchema.optional(),
  /**
   * The same view at 32 connections while another process makes a status
   * change about once a second; absent from results recorded before.
   */
  reviewQueueUnderWrites: z
    .object({
      view: z.string(),
      path: z.string(),
      at32: loadResultSchema,
      writes: z.object({ changes: z.number().int().positive(), seconds: z.number().positive(), perSecond: z.number().positive() }),
    })
    .optional(),
  insights: z.object({
    /** The first request after the server started: the aggregate folded from the whole audit log. */
    coldMs: positive,
    views: z.array(insightsViewSchema).length(INSIGHTS_VIEW_COUNT),
  }),
  ratios: z.object({
    claimPageToStaticPage: positive,
    claimPageToStaticFile: positive,
    claimPageToBareNode: positive,
    staticPageToBareNode: positive,
    /** Absent where nginx is not installed, and from results recorded before issue #15. */
    claimPageThroughNginxToBareNode: positive.optional(),
  }),
  /**
   * The claim page through nginx's cache in front of next start
   * (deploy/nginx/claimtrail.conf, lib/testing/nginx.ts); absent where nginx
   * is not installed, and from results recorded before issue #15.
   */
  nginx: z
    .object({
      claimPage: loadResultSchema,
      /** X-Cache-Status on the measured page: HIT means nginx answered without asking the app. */
      cache: z.string(),
      workers: z.number().int().positive(),
      servedBy: z.string(),
    })
    .optional(),
  claimPage: z.object({
    slug: z.string(),
    htmlBytes: z.number().int().positive(),
    /** Next's x-nextjs-cache header on the measured page: HIT means neither React nor SQLite ran. */
    cache: z.string(),
    /** The same-size static page: its HTML size and how it is served. */
    staticPageHtmlBytes: z.number().int().positive(),
    /**
     * Characters of the claim page's HTML outside ASCII. Any above U+00FF make V8
     * hold the cached page as a two-byte string, re-encoded to UTF-8 on every
     * response; the static page is ASCII (BENCHMARKS.md).
     */
    nonAscii: z.object({ latin1: z.number().int().nonnegative(), aboveLatin1: z.number().int().nonnegative() }),
    staticPageServedBy: z.string(),
    staticFileServedBy: z.string(),
    jsFiles: z.number().int().positive(),
    jsBytes: z.number().int().positive(),
    jsBytesGzip: z.number().int().positive(),
    inlineScriptBytes: z.number().int().nonnegative(),
  }),
  statusChanges: z.object({
    changes: z.number().int().positive(),
    seconds: positive,
    perSecond: positive,
    synchronous: z.literal(2),
  }),
  /** The first queue read after a write, which recounts (scripts/bench/count-after-write.ts); absent before issue #15. */
  countAfterWrite: z
    .object({ rounds: z.number().int().positive(), reads: z.number().int().positive(), p50Ms: positive, p95Ms: positive, maxMs: positive })
    .optional(),
  auditVerify: z.object({
    ok: z.literal(true),
    events: z.number().int().positive(),
    commandSeconds: positive,
    chainSeconds: positive,
  }),
  server: z.object({
    peakRssMb: positive,
    maxSampledRssMb: positive,
    processes: z.number().int().positive(),
    /** npm start's server processes (WEB_CONCURRENCY); absent from results recorded with one `next start`. */
    workers: z.number().int().positive().optional(),
  }),
  /** Issue #14's exports (scripts/bench/exports.ts); absent from results recorded before them. */
  exports: z
    .object({
      claimReviewFeed: feedResultSchema.extend({ serverPeakRssMbAfter: positive }),
      deskExport: deskExportResultSchema,
    })
    .optional(),
  budgets: z.array(budgetSchema),
});
export type BenchResults = z.infer<typeof benchResultsSchema>;

export const growthStepSchema = z.object({
  claims: z.number().int().positive(),
  auditEvents: z.number().int().positive(),
  fillSeconds: positive,
  claimPage: loadResultSchema,
  search: loadResultSchema,
  /** The landing view (/review) at 32 connections. */
  reviewQueue: loadResultSchema,
  searchOne: loadResultSchema,
  /** Every queue view at 1 connection. */
  reviewQueueViews: z.array(queueViewSchema.omit({ at32: true })).length(QUEUE_VIEWS.length),
  auditVerifySeconds: positive,
});
export type GrowthStep = z.infer<typeof growthStepSchema>;

export const growthResultsSchema = z.object({
  kind: z.literal("claimtrail-bench-growth"),
  scale: z.enum(["tiny", "small", "full"]),
  command: z.string(),
  startedAt: z.iso.datetime(),
  totalSeconds: positive,
  machine: machineSchema,
  timing: timingSchema,
  steps: z.array(growthStepSchema).min(2),
});
export type GrowthResults = z.infer<typeof growthResultsSchema>;

export function machineNow(): Omit<z.infer<typeof machineSchema>, "loadAverageAfter"> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageBefore: os.loadavg(),
  };
}

// ---------------------------------------------------------------- tables

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

const ms = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const int = (n: number) => Math.round(n).toLocaleString("en");

export function formatResults(r: BenchResults): string {
  const row = (name: string, s: LoadResultJson) => [
    name,
    String(s.connections),
    int(s.rps),
    ms(s.p50Ms),
    ms(s.p95Ms),
    ms(s.p99Ms),
    int(s.bytesPerResponse),
  ];
  const rows = [
    // The claim page through nginx's cache goes right after the pages it is compared with.
    ...(Object.keys(SCENARIOS) as ScenarioKey[]).flatMap((key) => [
      row(SCENARIOS[key], r.scenarios[key]),
      ...(key === "bareNode" && r.nginx ? [row("published claim page through nginx's cache", r.nginx.claimPage)] : []),
    ]),
    ...r.reviewQueue.map((v) => row(`review queue: ${v.view}`, v.at32)),
    ...r.reviewQueue.map((v) => row(`review queue: ${v.view}, 1 connection`, v.at1)),
    ...(r.reviewQueueRendered
      ? [
          row(`review queue: ${r.reviewQueueRendered.view}, rendered every time`, r.reviewQueueRendered.at32),
          row(`review queue: ${r.reviewQueueRendered.view}, rendered every time, 1 connection`, r.reviewQueueRendered.at1),
        ]
      : []),
    ...(r.reviewQueueUnderWrites
      ? [
          row(
            `review queue: ${r.reviewQueueUnderWrites.view}, ${r.reviewQueueUnderWrites.writes.perSecond.toFixed(1)} changes/s`,
            r.reviewQueueUnderWrites.at32,
          ),
        ]
      : []),
    ...r.insights.views.map((v) => row(`insights: ${v.view}`, v.at1)),
    ...r.insights.views.map((v) => row(`insights: ${v.view}`, v.at8)),
  ];
  const d = r.dataset;
  const lines = [
    `Claimtrail bench, scale ${r.scale}: ${int(d.claims)} claims in ${int(d.articles)} articles, ${int(d.published)} published, ` +
      `${int(d.evidence)} evidence, ${int(d.auditEvents)} audit events (${int(d.databaseMb)} MB, filled in ${d.fillSeconds.toFixed(1)} s)`,
    `queue: stages ${Object.entries(d.stages)
      .map(([stage, n]) => `${stage} ${int(n)}`)
      .join(", ")}; ${int(d.assigned)} assigned, ${int(d.assignedToReviewer)} to the bench's reviewer`,
    ...r.reviewQueue.map((v) => `queue view "${v.view}": ${v.path}`),
    ...r.insights.views.map((v) => `insights view "${v.view}": ${v.path}`),
    `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load average ${r.machine.loadAverageBefore.map((n) => n.toFixed(2)).join(" ")} before, ${r.machine.loadAverageAfter.map((n) => n.toFixed(2)).join(" ")} after`,
    `warm-up ${r.timing.warmupSeconds} s, then ${r.timing.seconds} s per scenario`,
    "",
    table(["scenario", "conns", "req/s", "p50 ms", "p95 ms", "p99 ms", "bytes/resp"], rows),
    "",
    table(
      ["figure", "value"],
      [
        ["claim page / static page (req/s)", r.ratios.claimPageToStaticPage.toFixed(2)],
        ["claim page / public/ file (req/s)", r.ratios.claimPageToStaticFile.toFixed(2)],
        ["claim page / bare node:http (req/s)", r.ratios.claimPageToBareNode.toFixed(2)],
        ["static page / bare node:http (req/s)", r.ratios.staticPageToBareNode.toFixed(2)],
        ...(r.nginx && r.ratios.claimPageThroughNginxToBareNode !== undefined
          ? [
              ["claim page through nginx / bare node:http (req/s)", r.ratios.claimPageThroughNginxToBareNode.toFixed(2)],
              ["claim page cache in nginx (X-Cache-Status)", `${r.nginx.cache}, ${r.nginx.workers} nginx workers`],
            ]
          : [["claim page through nginx", "not measured (no nginx installed)"]]),
        ["claim page cache (x-nextjs-cache)", r.claimPage.cache],
        [
          "claim page HTML / static page HTML",
          `${int(r.claimPage.htmlBytes)} B / ${int(r.claimPage.staticPageHtmlBytes)} B`,
        ],
        [
          "claim page HTML characters outside ASCII",
          `${r.claimPage.nonAscii.latin1} Latin-1, ${r.claimPage.nonAscii.aboveLatin1} above U+00FF`,
        ],
        [
          "claim page JavaScript",
          `${r.claimPage.jsFiles} files, ${int(r.claimPage.jsBytes)} B, ${int(r.claimPage.jsBytesGzip)} B gzip`,
        ],
        ["claim page inline <script> (RSC payload, JSON-LD)", `${int(r.claimPage.inlineScriptBytes)} B`],
        [
          "status changes (setClaimStatus, synchronous=FULL)",
          `${r.statusChanges.perSecond.toFixed(0)} /s (${int(r.statusChanges.changes)} in ${r.statusChanges.seconds.toFixed(1)} s)`,
        ],
        ...(r.countAfterWrite
          ? [
              [
                "queue read after a write (counts read again), in-process",
                `p50 ${ms(r.countAfterWrite.p50Ms)} ms, p95 ${ms(r.countAfterWrite.p95Ms)} ms, max ${ms(r.countAfterWrite.maxMs)} ms (${r.countAfterWrite.reads} reads)`,
              ],
            ]
          : []),
        [
          "npm run audit:verify",
          `${r.auditVerify.commandSeconds.toFixed(2)} s for ${int(r.auditVerify.events)} events (chain walk ${r.auditVerify.chainSeconds.toFixed(2)} s)`,
        ],
        ...(r.exports
          ? [
              [
                "ClaimReview feed, whole (streamed)",
                `${int(r.exports.claimReviewFeed.bytes)} B, ${int(r.exports.claimReviewFeed.elements)} ClaimReviews, first byte ${ms(r.exports.claimReviewFeed.firstByteMs)} ms, all in ${r.exports.claimReviewFeed.seconds.toFixed(2)} s; server peak RSS after ${int(r.exports.claimReviewFeed.serverPeakRssMbAfter)} MB`,
              ],
              [
                "ClaimReview feed, If-None-Match → 304",
                `p50 ${ms(r.exports.claimReviewFeed.notModified.p50Ms)} ms, p95 ${ms(r.exports.claimReviewFeed.notModified.p95Ms)} ms (${r.exports.claimReviewFeed.notModified.requests} sequential)`,
              ],
              [
                "npm run export (write + check)",
                `${r.exports.deskExport.seconds.toFixed(2)} s, ${int(r.exports.deskExport.bytes)} B, ${int(r.exports.deskExport.auditEvents)} audit events verified`,
              ],
            ]
          : []),
        [
          "server peak RSS (VmHWM, whole process group)",
          `${int(r.server.peakRssMb)} MB (${r.server.workers ? `${r.server.workers} server processes, ` : ""}${r.server.processes} processes in all; max sampled VmRSS ${int(r.server.maxSampledRssMb)} MB)`,
        ],
        ["insights, first request (aggregate folded from the whole log)", `${int(r.insights.coldMs)} ms`],
        ["build", r.build.reused ? "reused" : `${r.build.seconds?.toFixed(0) ?? "?"} s`],
      ],
    ),
    "",
    table(
      ["budget (DESIGN.md)", "target", "actual", "met"],
      r.budgets.map((b) => [b.name, b.target, b.actual, b.met ? "yes" : "NO"]),
    ),
  ];
  return lines.join("\n");
}

/** The slowest queue view at 1 connection, by p95. */
function worstView(step: GrowthStep): number {
  return Math.max(...step.reviewQueueViews.map((v) => v.at1.p95Ms));
}

export function formatGrowth(g: GrowthResults): string {
  const first = g.steps[0];
  const factor = (now: number, then: number | undefined) => (then ? `${(now / then).toFixed(2)}×` : "");
  const rows = g.steps.map((s) => [
    int(s.claims),
    int(s.auditEvents),
    `${int(s.claimPage.rps)} (${factor(s.claimPage.rps, first?.claimPage.rps)})`,
    `${ms(s.search.p95Ms)} / ${ms(s.searchOne.p95Ms)} (${factor(s.searchOne.p95Ms, first?.searchOne.p95Ms)})`,
    `${int(s.search.rps)}`,
    `${ms(s.reviewQueue.p95Ms)} / ${ms(worstView(s))} (${factor(worstView(s), first ? worstView(first) : undefined)})`,
    `${int(s.reviewQueue.rps)}`,
    `${s.auditVerifySeconds.toFixed(2)} (${factor(s.auditVerifySeconds, first?.auditVerifySeconds)})`,
  ]);
  return [
    `Claimtrail bench --growth (timing of scale ${g.scale}: warm-up ${g.timing.warmupSeconds} s, ${g.timing.seconds} s per scenario)`,
    "",
    table(
      [
        "claims",
        "audit events",
        "claim page req/s",
        "search p95 ms @32 / @1",
        "search req/s",
        "queue p95 ms @32 (/review) / @1 (slowest view)",
        "queue req/s",
        "audit:verify s",
      ],
      rows,
    ),
    "",
    "Factors are against the smallest archive; ×1.00 means flat.",
  ].join("\n");
}
