// Micro-bench of the library parsers (npm run bench -- --micro parsers): the
// evidence page text (lib/evidence/page-text.ts, Readability over linkedom) on
// news-like pages of about 50 KB, 350 KB and 1.8 MB. In-process, one call after
// another; no server, no database. BENCHMARKS.md holds a run, and the figures of
// the hand-written converter and the `feed` package it was compared with (commit ae44a3b).
import { pageText } from "@/lib/evidence/page-text";

export interface MicroResult {
  name: string;
  bytes: number;
  calls: number;
  msPerCall: number;
  opsPerSecond: number;
}

/** Calls `run` for at least `seconds` (after a warm-up of a few calls) and reports the mean. */
function time(name: string, bytes: number, run: () => unknown, seconds = 2): MicroResult {
  for (let i = 0; i < 3; i++) run();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000 || calls < 5) {
    run();
    calls++;
    elapsed = performance.now() - start;
  }
  const msPerCall = elapsed / calls;
  return { name, bytes, calls, msPerCall, opsPerSecond: 1000 / msPerCall };
}

const WORDS =
  "the ministry said figures council report water board record level agency official statement percent survey data week month year region court ruling budget hospital school police election vote turnout result".split(
    " ",
  );

/** Deterministic filler text, so every run reads the same pages. */
function sentence(seed: number, words = 24): string {
  const out: string[] = [];
  let x = seed * 7919 + 17;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length] ?? "the");
  }
  const text = out.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} &mdash; &ldquo;${seed}&rdquo;.`;
}

const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 12h18M12 3v18" stroke="currentColor"/></svg>';

/**
 * A news page as sites serve them: menus with icons, a cookie notice, the story,
 * "most read" and related lists, a comment thread and the page's data as inline JSON
 * (as server-rendered apps embed it), which is where most of a large page's bytes are.
 */
function newsPage(paragraphs: number, comments: number, dataBytes: number): string {
  const menu = Array.from({ length: 40 }, (_, i) => `<li><a href="/section/${i}">${ICON}Section ${i}</a></li>`).join(
    "",
  );
  const story = Array.from(
    { length: paragraphs },
    (_, i) => `<p>${sentence(i, 40)} ${sentence(i + 1000, 30)}</p>`,
  ).join("\n");
  const related = Array.from(
    { length: 30 },
    (_, i) => `<li><a href="/story/${i}">${sentence(i + 5000, 8)}</a></li>`,
  ).join("");
  const thread = Array.from(
    { length: comments },
    (_, i) =>
      `<div class="comment"><div class="comment-author">Reader ${i}</div><div class="comment-body">${sentence(i + 9000, 20)}</div><button>Reply</button></div>`,
  ).join("\n");
  const data = JSON.stringify({
    props: {
      items: Array.from({ length: Math.ceil(dataBytes / 120) }, (_, i) => ({
        id: i,
        title: `Item ${i} of the archive`,
        path: `/story/${i}`,
      })),
    },
  });
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Reservoir levels and the record | The Valley Courier</title>
<meta property="og:site_name" content="The Valley Courier"><meta property="article:published_time" content="2025-07-14T06:30:00Z">
<style>${".c{color:#123}".repeat(200)}</style><script>window.dataLayer=[];</script></head>
<body><div class="cookie-banner">We use cookies. <button>Accept</button></div>
<header><nav><ul>${menu}</ul></nav></header>
<main><article><h1>Reservoir levels and the record</h1><div class="byline">By Sam Rivera</div>
${story}
</article><div class="most-read"><h2>Most read</h2><ul>${related}</ul></div>
<section id="comments">${thread}</section></main>
<footer><ul>${related}</ul></footer>
<script id="__DATA__" type="application/json">${data}</script></body></html>`;
}

export const BENCH_PAGES = [newsPage(20, 40, 16_000), newsPage(60, 400, 330_000), newsPage(150, 1_500, 2_300_000)];

export function runParsersBench(): MicroResult[] {
  const results: MicroResult[] = [];
  for (const html of BENCH_PAGES) {
    const name = `news page, ${(html.length / 1024).toFixed(0)} KB`;
    results.push(time(`page text, ${name}`, html.length, () => pageText(html, "text/html")));
  }
  return results;
}

export function formatMicro(results: readonly MicroResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${(r.bytes / 1024).toFixed(0)} KB | ${r.msPerCall.toFixed(r.msPerCall < 1 ? 3 : 1)} ms | ${r.opsPerSecond.toFixed(r.opsPerSecond < 10 ? 2 : 0)} | ${r.calls} |`,
  );
  return ["| What | Input | Time per call | Calls/s | Calls timed |", "|---|---|---|---|---|", ...rows].join("\n");
}
