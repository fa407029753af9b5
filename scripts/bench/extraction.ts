// Claim extraction on the longest article intake takes (200,000 characters),
// against DESIGN.md's budget of a second (issue #11). Part of `npm run bench`;
// on its own: `npx tsx scripts/bench/extraction.ts`.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { extractClaims } from "@/lib/extraction/extract";

export const EXTRACTION_CHARACTERS = 200_000;
export const EXTRACTION_BUDGET_MS = 1_000;
const RUNS = 5;

/** Our own labelled articles, end to end and again, cut at a line break to at most 200,000 characters. */
export function longArticle(characters = EXTRACTION_CHARACTERS): string {
  const dir = path.join(import.meta.dirname, "../../lib/extraction/fixtures");
  const parts = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), "utf8").trim());
  let text = "";
  for (let i = 0; text.length < characters; i += 1) text += `${parts[i % parts.length] ?? ""}\n\n`;
  const cut = text.lastIndexOf("\n", characters);
  return text.slice(0, cut > 0 ? cut : characters);
}

export interface ExtractionBench {
  characters: number;
  sentences: number;
  /** The first call, which also loads the model (about 0.1 s) and warms the regular expressions up. */
  firstMs: number;
  /** The median of the calls after it. */
  medianMs: number;
}

export function measureExtraction(): ExtractionBench {
  const text = longArticle();
  let started = performance.now();
  const sentences = extractClaims(text).length;
  const firstMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    started = performance.now();
    extractClaims(text);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { characters: text.length, sentences, firstMs, medianMs: times[Math.floor(times.length / 2)] ?? firstMs };
}

export function formatExtraction(result: ExtractionBench): string {
  const verdict = result.medianMs < EXTRACTION_BUDGET_MS ? "within" : "OVER";
  return (
    `claim extraction, ${result.characters.toLocaleString("en")} characters (${result.sentences} sentences): ` +
    `${result.medianMs.toFixed(0)} ms median of ${RUNS}, first call ${result.firstMs.toFixed(0)} ms with the model load and warm-up ` +
    `(${verdict} the ${EXTRACTION_BUDGET_MS} ms budget)`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatExtraction(measureExtraction()));
}
