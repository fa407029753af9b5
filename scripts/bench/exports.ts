// The two exports of issue #14, measured on the bench's desk: the ClaimReview
// DataFeed downloaded whole from the running server (time to first byte, to
// the last, size) and the 304 a poller that is up to date gets; and
// `npm run export` writing the full desk export to a directory and checking it.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const feedResultSchema = z.object({
  bytes: z.number().int().positive(),
  elements: z.number().int().nonnegative(),
  firstByteMs: z.number().positive(),
  seconds: z.number().positive(),
  notModified: z.object({ requests: z.number().int().positive(), p50Ms: z.number().positive(), p95Ms: z.number().positive() }),
});
export type FeedResult = z.infer<typeof feedResultSchema>;

const ELEMENT = '{"@type":"ClaimReview"';
const NOT_MODIFIED_REQUESTS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One whole download of the feed, read as it streams (never held whole), then sequential conditional requests. */
export async function measureClaimReviewFeed(baseUrl: string): Promise<FeedResult> {
  const url = `${baseUrl}/api/v1/claimreview.json`;
  const started = performance.now();
  const response = await fetch(url);
  if (response.status !== 200 || !response.body) throw new Error(`bench: the ClaimReview feed answered ${response.status}.`);
  const etag = response.headers.get("etag") ?? "";
  const decoder = new TextDecoder();
  let firstByteMs = 0;
  let bytes = 0;
  let elements = 0;
  let carry = "";
  const reader = response.body.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
    const text = carry + decoder.decode(chunk, { stream: true });
    elements += text.split(ELEMENT).length - 1;
    carry = text.slice(-(ELEMENT.length - 1));
  }
  const seconds = (performance.now() - started) / 1000;
  const times: number[] = [];
  for (let i = 0; i < NOT_MODIFIED_REQUESTS; i += 1) {
    const t = performance.now();
    const again = await fetch(url, { headers: { "if-none-match": etag } });
    await again.arrayBuffer();
    if (again.status !== 304) throw new Error(`bench: the feed answered ${again.status} to its own ETag.`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return feedResultSchema.parse({
    bytes,
    elements,
    firstByteMs,
    seconds,
    notModified: { requests: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) },
  });
}

export const deskExportResultSchema = z.object({
  seconds: z.number().positive(),
  bytes: z.number().int().positive(),
  auditEvents: z.number().int().positive(),
});
export type DeskExportResult = z.infer<typeof deskExportResultSchema>;

/** `npm run export -- DIR` as a user runs it (tsx start-up and its own check included), timed; the directory is removed after. */
export async function measureDeskExport(
  run: (args: string[]) => Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }>,
  parent: string,
): Promise<DeskExportResult> {
  const dir = path.join(parent, "desk-export");
  try {
    const result = await run(["scripts/export.ts", dir]);
    const verified = /verified: (\d+) audit events/.exec(result.stdout);
    if (result.code !== 0 || !verified) throw new Error(`bench: npm run export failed (${result.code}):\n${result.stdout}${result.stderr}`);
    const bytes = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    return deskExportResultSchema.parse({ seconds: result.seconds, bytes, auditEvents: Number(verified[1]) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
