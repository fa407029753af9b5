// npm run extract -- FILE                       one JSON object per sentence of a plain-text article
// npm run extract -- FILE --labels LABELS.json  precision and recall against a labels file
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { evaluate, type Evaluation, type Finding } from "@/lib/extraction/evaluate";
import { extractClaims, type ExtractedSentence } from "@/lib/extraction/extract";
import { parseLabels } from "@/lib/extraction/labels";
import { runCli, UsageError } from "./cli/cli";

const USAGE = `Usage:
  npm run extract -- FILE
      Print one JSON object per sentence of FILE (a plain-text article):
      start, end, text, score, label (check, maybe or skip), reasons,
      claimant and reportedBy. Offsets are UTF-16 indices into FILE.
  npm run extract -- FILE --labels LABELS.json
      Measure the extractor against a labels file (the format of
      ../shared/fixtures/seed-article.claims.json): precision, recall,
      the missed "check" sentences and the false positives.`;

const argsSchema = z.object({
  file: z.string().min(1, "Give the path of a text file."),
  labels: z.string().min(1, "Give the path of a labels JSON file.").optional(),
});

function splitArgs(args: string[]) {
  try {
    return parseArgs({ args, options: { labels: { type: "string" } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
}

function parseCommandLine(args: string[]): z.output<typeof argsSchema> {
  const parsed = splitArgs(args);
  if (parsed.positionals.length === 0) throw new UsageError("Give the article's text file.", USAGE);
  if (parsed.positionals.length > 1)
    throw new UsageError(`One article at a time; got ${parsed.positionals.length} files.`, USAGE);
  const result = argsSchema.safeParse({ file: parsed.positionals[0], labels: parsed.values.labels });
  if (!result.success) throw new UsageError(result.error.issues[0]?.message ?? "Invalid arguments.", USAGE);
  return result.data;
}

// npm runs scripts from the package root; INIT_CWD is where the command was typed.
const fromCaller = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason =
      error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : String(error);
    throw new AppError("invalid", `Cannot read the ${what} ${file}: ${reason}.`);
  }
}

const figure = (value: number | null) => (value === null ? "n/a" : value.toFixed(2));

function describe(sentence: ExtractedSentence | null): string {
  if (!sentence) return "no sentence of the extractor's matches it";
  const reasons = sentence.reasons.map((r) => `${r.code} ${r.weight > 0 ? "+" : ""}${r.weight}`).join(", ");
  return `extractor: ${sentence.label} ${sentence.score.toFixed(2)}${reasons ? ` (${reasons})` : ""}`;
}

function findingLines(findings: readonly Finding[]): string[] {
  return findings.flatMap(({ label, extracted }) => [
    `  #${label.n} [${label.start}–${label.end}] ${JSON.stringify(label.text)}`,
    `      ${describe(extracted)}`,
  ]);
}

function report(article: string, labelsFile: string, result: Evaluation, sentences: number, labelled: number): string {
  const lines = [
    `${path.basename(article)} against ${path.basename(labelsFile)}`,
    `  precision ${figure(result.precision)} (${result.found} of ${result.found + result.wrong} suggestions that count)`,
    `  recall    ${figure(result.recall)} (${result.found} of ${result.expected} "check" sentences found)`,
    `  sentence boundaries: ${result.exactBoundaries} of ${labelled} labelled sentences at the same offsets (${sentences} sentences extracted)`,
    `Misses (labelled check, not suggested): ${result.misses.length}`,
    ...findingLines(result.misses),
    `False positives (labelled skip, suggested): ${result.falsePositives.length}`,
    ...findingLines(result.falsePositives),
  ];
  if (result.unlabelled.length > 0) {
    lines.push(`Suggestions over text no label covers (counted as false positives): ${result.unlabelled.length}`);
    for (const s of result.unlabelled) lines.push(`  [${s.start}–${s.end}] ${JSON.stringify(s.text)}`);
  }
  return lines.join("\n");
}

// `npm run extract -- FILE | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

void runCli(() => {
  const args = parseCommandLine(process.argv.slice(2));
  const article = fromCaller(args.file);
  const text = readText(article, "article");
  const sentences = extractClaims(text);
  if (args.labels === undefined) {
    const lines = sentences.map(({ start, end, text: sentence, score, label, reasons, claimant, reportedBy }) =>
      JSON.stringify({ start, end, text: sentence, score, label, reasons, claimant, reportedBy }),
    );
    process.stdout.write(`${lines.join("\n")}\n`);
    return;
  }
  const labelsFile = fromCaller(args.labels);
  const labels = parseLabels(readText(labelsFile, "labels file"), text, labelsFile);
  console.log(report(article, labelsFile, evaluate(sentences, labels), sentences.length, labels.sentences.length));
});
