// npm run train:claims [-- --with-desk] [--variant NAME] [--out FILE]
//
// Trains the check-worthiness model the app ships (lib/extraction/model.json)
// from the shared claim data (debate sentences), the labelled news articles
// and, with --with-desk, the desk's own accept/reject decisions. It compares
// a few model variants and a plain TF-IDF + logistic-regression baseline by
// cross-validation on the same folds, keeps the best variant, sets the check
// and maybe thresholds from its cross-validated scores, and fits it on all
// the training examples. The debate split "devtest" and the news article
// "flood-defences" are never trained on: eval:claims scores the model there.
// Deterministic: the same data gives the same weights.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { databaseFile } from "@/db/client";
import { readDeskDecisions } from "@/lib/extraction/desk-decisions";
import { fitBaseline } from "@/lib/extraction/baseline";
import { bestF1Threshold, probability, type Scored } from "@/lib/extraction/fit";
import { unpackModel } from "@/lib/extraction/model";
import { sentenceLogit } from "@/lib/extraction/score";
import {
  chooseThresholds,
  DEFAULT_FEATURES,
  featurize,
  fitVariant,
  probabilities,
  scoredOf,
  trainModelFile,
  type Variant,
} from "@/lib/extraction/train";
import { deskExamples, type TrainingExample } from "@/lib/extraction/training-data";
import { HELD_OUT, isHeldOut, readClaimData } from "./claims/data";
import { figuresLine, sourceFigures } from "./claims/measure";
import { parseOptions, runCli } from "./cli/cli";

const USAGE = `Usage: npm run train:claims -- [--with-desk] [--variant NAME] [--out FILE]

  --with-desk  also learn from the desk's accept/reject decisions in the database
               at DATABASE_URL (default ./data/claimtrail.db)
  --variant    train only this variant, without comparing the others
  --out        where to write the model (default lib/extraction/model.json)`;

export const VARIANTS: readonly Variant[] = [
  { name: "words+letters+rules", features: DEFAULT_FEATURES, l2: 1e-5, newsWeight: 20 },
  { name: "words+letters+rules, news weight 1", features: DEFAULT_FEATURES, l2: 1e-5, newsWeight: 1 },
  { name: "words+letters", features: { ...DEFAULT_FEATURES, rules: false }, l2: 1e-5, newsWeight: 20 },
  { name: "words+rules", features: { ...DEFAULT_FEATURES, charNgrams: null }, l2: 1e-5, newsWeight: 20 },
];

const DEBATE_FOLDS = 3;
const SEED = 11;
/** Hashed weights kept in model.json: beyond these, weights change scores by little. */
const KEEP_WEIGHTS = 30_000;

/** A small seeded generator (mulberry32): the folds are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function debateFolds(count: number): number[] {
  const random = seeded(SEED);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  const folds = new Array<number>(count).fill(0);
  order.forEach((example, rank) => {
    folds[example] = rank % DEBATE_FOLDS;
  });
  return folds;
}

interface Split {
  name: string;
  train: TrainingExample[];
  test: TrainingExample[];
}

/** The cross-validation folds: debates in 3 seeded folds, news one article at a time. */
function splits(pool: readonly TrainingExample[]): Split[] {
  const debates = pool.filter((e) => e.source === "debates");
  const others = pool.filter((e) => e.source !== "debates");
  const fold = debateFolds(debates.length);
  const result: Split[] = [];
  for (let k = 0; k < DEBATE_FOLDS; k += 1) {
    result.push({
      name: `debates fold ${k + 1}`,
      train: [...debates.filter((_, i) => fold[i] !== k), ...others],
      test: debates.filter((_, i) => fold[i] === k),
    });
  }
  const articles = [...new Set(pool.filter((e) => e.source === "news").map((e) => e.group))];
  for (const article of articles) {
    const isTest = (e: TrainingExample) => e.source === "news" && e.group === article;
    result.push({ name: `news: ${article}`, train: pool.filter((e) => !isTest(e)), test: pool.filter(isTest) });
  }
  return result;
}

interface CrossValidated {
  debates: Scored[];
  news: Scored[];
}

function crossValidate(folds: readonly Split[], score: (split: Split) => number[]): CrossValidated {
  const result: CrossValidated = { debates: [], news: [] };
  for (const split of folds) {
    const scores = score(split);
    const scored = scoredOf(split.test, scores);
    const target = split.test[0]?.source === "debates" ? result.debates : result.news;
    target.push(...scored);
  }
  return result;
}

function variantScores(variant: Variant) {
  return (split: Split) => {
    const model = fitVariant(split.train, featurize(split.train, variant.features), variant);
    return probabilities(model, featurize(split.test, variant.features));
  };
}

function baselineScores(split: Split): number[] {
  const scorer = fitBaseline(split.train);
  return split.test.map((e) => scorer(e.text));
}

const say = (line: string) => console.log(line);

function report(name: string, cv: CrossValidated, thresholds: { debates: number; news: number }) {
  say(figuresLine(`${name}, debates`, sourceFigures(cv.debates, thresholds.debates)));
  say(figuresLine(`${name}, news`, sourceFigures(cv.news, thresholds.news)));
}

/** How a variant ranks: the mean of its cross-validated average precision on debates and on news. */
const merit = (cv: CrossValidated) =>
  (sourceFigures(cv.debates, 0.5).averagePrecision + sourceFigures(cv.news, 0.5).averagePrecision) / 2;

void runCli(() => {
  const options = parseOptions(
    process.argv.slice(2),
    { "with-desk": { type: "boolean" }, variant: { type: "string" }, out: { type: "string" } },
    z.object({
      "with-desk": z.boolean().default(false),
      variant: z
        .string()
        .refine(
          (name) => VARIANTS.some((v) => v.name === name),
          `one of: ${VARIANTS.map((v) => `"${v.name}"`).join("; ")}.`,
        )
        .optional(),
      out: z.string().min(1).optional(),
    }),
    USAGE,
  );
  const out = path.resolve(options.out ?? path.join(import.meta.dirname, "../lib/extraction/model.json"));
  const started = Date.now();
  // The desk first: a missing database is refused before minutes of reading and fitting.
  const desk = options["with-desk"] ? deskExamples(readDeskDecisions(databaseFile())) : [];
  const data = readClaimData();
  if (options["with-desk"]) {
    say(
      `desk decisions: ${desk.filter((e) => e.y === 1).length} accepted, ${desk.filter((e) => e.y === 0).length} rejected`,
    );
  }
  const all = [...data.debates, ...data.news];
  const pool = [...all.filter((e) => !isHeldOut(e)), ...desk];
  const heldOut = all.filter(isHeldOut);
  say(
    `training pool: ${pool.filter((e) => e.source === "debates").length} debate sentences (train + dev), ` +
      `${pool.filter((e) => e.source === "news").length} news sentences (${[...new Set(pool.filter((e) => e.source === "news").map((e) => e.group))].join(", ")})` +
      (desk.length > 0 ? `, ${desk.length} desk decisions` : ""),
  );
  say(`held out for eval:claims: debate split ${HELD_OUT.debateSplit}, news article ${HELD_OUT.newsArticle}`);

  const folds = splits(pool);
  say(`\nCross-validation (${DEBATE_FOLDS} seeded debate folds; news one article at a time, trained on the rest):`);
  say("figures at each model's own best-F1 threshold per source; AP does not depend on a threshold");
  const baseline = crossValidate(folds, baselineScores);
  const bestF1 = (cv: readonly Scored[]) => bestF1Threshold(cv).threshold;
  report("TF-IDF + LR baseline", baseline, { debates: bestF1(baseline.debates), news: bestF1(baseline.news) });

  const candidates = options.variant ? VARIANTS.filter((v) => v.name === options.variant) : VARIANTS;
  let chosen: { variant: Variant; cv: CrossValidated } | null = null;
  for (const variant of candidates) {
    const cv = crossValidate(folds, variantScores(variant));
    report(variant.name, cv, { debates: bestF1(cv.debates), news: bestF1(cv.news) });
    if (!chosen || merit(cv) > merit(chosen.cv)) chosen = { variant, cv };
  }
  if (!chosen) throw new Error("No variant to train.");
  say(`\nchosen: ${chosen.variant.name} (best mean of debate and news AP)`);

  const thresholds = chooseThresholds(chosen.cv);
  const describe = (name: string, t: (typeof thresholds)["check"]) =>
    `  ${name}: score >= ${t.threshold.toFixed(3)} gives precision ${t.precision.toFixed(3)}, recall ${t.recall.toFixed(3)} on cross-validated news`;
  say(
    "\nThresholds (chosen on the cross-validated news scores: check keeps precision >= 0.85, maybe keeps recall >= 0.97):",
  );
  say(describe("check", thresholds.check));
  say(describe("maybe", thresholds.maybe));
  for (const [name, t] of [
    ["check", thresholds.check.threshold],
    ["maybe", thresholds.maybe.threshold],
  ] as const) {
    const debates = sourceFigures(chosen.cv.debates, t);
    say(
      `    on cross-validated debates, ${name} gives precision ${debates.precision.toFixed(3)}, recall ${debates.recall.toFixed(3)}`,
    );
  }

  const file = trainModelFile({
    examples: pool,
    variant: chosen.variant,
    thresholds,
    keep: KEEP_WEIGHTS,
    note: `${chosen.variant.name}; trained without the debate split ${HELD_OUT.debateSplit} and the article ${HELD_OUT.newsArticle}`,
  });
  const json = `${JSON.stringify(file)}\n`;
  fs.writeFileSync(out, json);
  say(
    `\nwrote ${path.relative(process.cwd(), out)} (${(json.length / 1024).toFixed(0)} KB, ${file.hashed.weights.length} hashed weights)`,
  );

  // The held-out figures, for the record: nothing above was chosen on them.
  const model = unpackModel(file);
  const debates = heldOut.filter((e) => e.source === "debates");
  const debateScored = debates.map((e) => ({ score: probability(sentenceLogit(e.text, e.signals, model)), y: e.y }));
  const newsHeld = heldOut.filter((e) => e.source === "news");
  const newsScored = newsHeld.map((e) => ({ score: probability(sentenceLogit(e.text, e.signals, model)), y: e.y }));
  const base = fitBaseline(pool);
  say(
    `\nHeld out (${HELD_OUT.debateSplit}, ${HELD_OUT.newsArticle}), at the shipped check threshold; baseline at 0.5:`,
  );
  say(figuresLine("model, debates", sourceFigures(debateScored, model.thresholds.check)));
  say(figuresLine("model, news", sourceFigures(newsScored, model.thresholds.check)));
  say(
    figuresLine(
      "baseline, debates",
      sourceFigures(
        debates.map((e) => ({ score: base(e.text), y: e.y })),
        0.5,
      ),
    ),
  );
  say(
    figuresLine(
      "baseline, news",
      sourceFigures(
        newsHeld.map((e) => ({ score: base(e.text), y: e.y })),
        0.5,
      ),
    ),
  );
  say(`\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
