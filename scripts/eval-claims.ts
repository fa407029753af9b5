// npm run eval:claims
//
// Scores the SHIPPED model (lib/extraction/model.json) on what train:claims
// never trains it on: the debate split "devtest" of the shared claim data and
// the news article lib/extraction/fixtures/flood-defences.txt (read whole, as
// the app reads an article). Fails (exit 1) when a figure falls below its
// floor in lib/extraction/eval-floors.json. Needs the shared folder; not part
// of `npm test`.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { evaluate } from "@/lib/extraction/evaluate";
import { extractClaims } from "@/lib/extraction/extract";
import { probability } from "@/lib/extraction/fit";
import { parseLabels } from "@/lib/extraction/labels";
import { shippedModel } from "@/lib/extraction/model";
import { sentenceLogit } from "@/lib/extraction/score";
import { HELD_OUT, isHeldOut, readClaimData } from "./claims/data";
import { figuresLine, sourceFigures, type SourceFigures } from "./claims/measure";
import { runCli } from "./cli/cli";

const figure = z.number().min(0).max(1);
const floorsSchema = z.strictObject({
  debates: z.strictObject({ f1: figure, averagePrecision: figure }),
  news: z.strictObject({ precision: figure, recall: figure, averagePrecision: figure }),
});

const FLOORS_FILE = path.join(import.meta.dirname, "../lib/extraction/eval-floors.json");

void runCli(() => {
  const floors = floorsSchema.parse(JSON.parse(fs.readFileSync(FLOORS_FILE, "utf8")));
  const model = shippedModel();
  const data = readClaimData();
  const held = [...data.debates, ...data.news].filter(isHeldOut);
  const scoredOf = (source: string) =>
    held
      .filter((e) => e.source === source)
      .map((e) => ({ score: probability(sentenceLogit(e.text, e.signals, model)), y: e.y }));

  const debates = sourceFigures(scoredOf("debates"), model.thresholds.check);
  // The article as the app sees it: segmented and scored whole, every suggestion counted.
  const dir = path.join(import.meta.dirname, "../lib/extraction/fixtures");
  const text = fs.readFileSync(path.join(dir, `${HELD_OUT.newsArticle}.txt`), "utf8");
  const labelsFile = `${HELD_OUT.newsArticle}.claims.json`;
  const labels = parseLabels(fs.readFileSync(path.join(dir, labelsFile), "utf8"), text, labelsFile);
  const article = evaluate(extractClaims(text), labels);
  const newsRanked = sourceFigures(scoredOf("news"), model.thresholds.check);
  const news: SourceFigures = { ...newsRanked, precision: article.precision ?? 0, recall: article.recall };

  console.log(
    `Shipped model on held-out text (debate split ${HELD_OUT.debateSplit}; article ${HELD_OUT.newsArticle}), check threshold ${model.thresholds.check}:`,
  );
  console.log(figuresLine("debates", debates));
  console.log(figuresLine("news", news));

  const failures: string[] = [];
  const check = (name: string, value: number, floor: number) => {
    if (value < floor) failures.push(`${name} ${value.toFixed(3)} is below its floor ${floor}`);
  };
  check("debates F1", debates.f1, floors.debates.f1);
  check("debates AP", debates.averagePrecision, floors.debates.averagePrecision);
  check("news precision", news.precision, floors.news.precision);
  check("news recall", news.recall, floors.news.recall);
  check("news AP", news.averagePrecision, floors.news.averagePrecision);
  if (failures.length > 0) {
    for (const line of failures) console.error(`eval:claims: ${line}`);
    process.exitCode = 1;
    return;
  }
  console.log(`every figure at or above its floor (${path.relative(process.cwd(), FLOORS_FILE)})`);
});
