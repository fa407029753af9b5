import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { averagePrecision, bestF1Threshold, thresholdForPrecision, thresholdForRecall } from "./fit";
import { modelFileSchema, packModel, unpackModel } from "./model";
import { ruleSignals } from "./rules";
import { REASON_CODES, REASON_LABELS, scoreSentence } from "./score";
import { chooseThresholds, DEFAULT_FEATURES, trainModelFile, type Variant } from "./train";
import type { TrainingExample } from "./training-data";

// A tiny labelled set written for these tests: sentences with figures,
// changes and policy effects are worth checking; thanks, asides, questions
// and opinions are not.
const PLACES = ["Norland", "Eastland", "Westmark", "Southport", "Lakeview", "Ridgeford"];
const THINGS = ["unemployment", "inflation", "crime", "the deficit", "rents", "exports"];
const NAMES = ["Ames", "Brody", "Cole", "Dunn", "Ellis", "Ford"];
const example = (text: string, y: 0 | 1, source: TrainingExample["source"] = "debates"): TrainingExample => ({
  text,
  signals: ruleSignals(text).signals,
  y,
  source,
  group: source === "debates" ? "train" : "synthetic",
});

function syntheticSet(): TrainingExample[] {
  const set: TrainingExample[] = [];
  PLACES.forEach((place, i) => {
    const thing = THINGS[i] ?? "prices";
    const name = NAMES[i] ?? "Gray";
    set.push(
      example(`In ${place}, ${thing} rose to ${4 + i}.${i} percent in ${2010 + i}, up from ${2 + i} percent.`, 1),
      example(`The tax cut in ${place} created ${120 + i * 7},000 jobs in ${2001 + i}.`, 1),
      example(`${place} doubled its spending on schools to $${3 + i} billion last year.`, 1),
      example(`${thing} fell by ${10 + i} percent compared with ${1999 + i}.`, 1, "news"),
      example(`Thank you, Senator ${name}.`, 0),
      example(`Let me say something about ${place}.`, 0),
      example(`What would you do about ${thing}?`, 0),
      example(`I think we can do better for the people of ${place}.`, 0, "news"),
    );
  });
  return set;
}

const VARIANT: Variant = {
  name: "test",
  features: { ...DEFAULT_FEATURES, hashBits: 12 },
  l2: 1e-3,
  newsWeight: 2,
};
const THRESHOLDS = {
  check: { threshold: 0.5, precision: 1, recall: 1, f1: 1, suggested: 1, positives: 1 },
  maybe: { threshold: 0.3, precision: 1, recall: 1, f1: 1, suggested: 1, positives: 1 },
};
const train = () => trainModelFile({ examples: syntheticSet(), variant: VARIANT, thresholds: THRESHOLDS, keep: 2_000 });

describe("trainModelFile", () => {
  it("gives the same weights for the same data", () => {
    expect(JSON.stringify(train())).toBe(JSON.stringify(train()));
  });

  it("separates sentences like the ones it learnt from, unseen", () => {
    const model = unpackModel(train());
    const claim = scoreSentence("In Harbourton, crime rose to 6.5 percent in 2019, up from 3 percent.", {}, model);
    const thanks = scoreSentence("Thank you, Senator Grant.", {}, model);
    const question = scoreSentence("What would you do about Harbourton?", {}, model);
    expect(claim.score).toBeGreaterThan(0.5);
    expect(claim.label).toBe("check");
    expect(thanks.score).toBeLessThan(0.5);
    expect(question.score).toBeLessThan(0.5);
    expect(thanks.label).toBe("skip");
  });

  it("counts what it was trained on and writes a file the schema accepts", () => {
    const file = modelFileSchema.parse(JSON.parse(JSON.stringify(train())));
    expect(file.trainedOn).toEqual({ debates: 36, news: 12 });
    expect(file.hashed.weights.length).toBeGreaterThan(0);
    expect(file.thresholds.check.score).toBe(0.5);
  });
});

describe("reasons", () => {
  const model = unpackModel(train());

  it("puts the strongest push in the label's direction first, in words from REASON_LABELS", () => {
    const claim = scoreSentence("In Harbourton, exports rose to 6.5 percent in 2019, up from 3 percent.", {}, model);
    const weights = claim.reasons.map((r) => r.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(claim.reasons[0]?.weight).toBeGreaterThan(0);
    for (const r of claim.reasons) {
      expect(REASON_CODES).toContain(r.code);
      expect(REASON_LABELS[r.code]).toMatch(/^\p{Ll}/u);
      expect(r.evidence.length).toBeGreaterThan(0);
    }
    expect(claim.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["statistic"]));

    const thanks = scoreSentence("Thank you, Senator Grant.", {}, model);
    const down = thanks.reasons.map((r) => r.weight);
    expect(down).toEqual([...down].sort((a, b) => a - b));
    expect(thanks.reasons[0]).toMatchObject({ code: "address" });
    expect(thanks.reasons[0]?.weight).toBeLessThan(0);
    expect(thanks.reasons[0]?.evidence).toContain("Thank you");
  });

  it("names a figure compared with a past one and a policy's effect with the words behind them", () => {
    const signals = ruleSignals("The new tax cut created 40,000 jobs, more than in 2019.").signals;
    expect(signals.find((s) => s.rule === "policy-effect")?.evidence).toBe("tax; cut; created");
    expect(signals.find((s) => s.rule === "figure-comparison")?.evidence).toBe("40,000; more than");
    expect(ruleSignals("Senator Cruz, thank you.").signals.map((s) => s.rule)).toContain("address");
    expect(ruleSignals("Let me say this about that.").signals.map((s) => s.rule)).toContain("speaker-aside");
    expect(ruleSignals("We will cut taxes by 10 percent next year.").signals.map((s) => s.rule)).toEqual(
      expect.arrayContaining(["promise", "future"]),
    );
    expect(ruleSignals("Why did prices rise?").signals.map((s) => s.rule)).toContain("question");
  });

  it("keeps a furniture line and a no-comment notice out of the suggestions whatever the model says", () => {
    expect(scoreSentence("Sign in", { furniture: "sign-in prompt" }, model)).toMatchObject({ score: 0, label: "skip" });
    const notice = scoreSentence("The ministry declined to comment on the 40 percent rise in 2019.", {}, model);
    expect(notice.label).toBe("skip");
    expect(notice.reasons[0]).toMatchObject({ code: "no-comment", evidence: "declined to comment" });
  });
});

describe("packModel", () => {
  it("keeps only the largest weights, rounded to 4 significant digits", () => {
    const weights = new Float64Array(2 ** 8 + 30);
    weights[3] = 0.123456;
    weights[10] = -2.5e-7;
    weights[200] = -1.98765;
    const file = packModel({
      model: { weights, bias: -0.333333 },
      features: { ...DEFAULT_FEATURES, hashBits: 8 },
      wordCentre: 0,
      keep: 2,
      thresholds: { check: { score: 0.5, precision: 1, recall: 1 }, maybe: { score: 0.2, precision: 1, recall: 1 } },
      trainedOn: {},
    });
    expect(file.hashed).toEqual({ slotGaps: [3, 197], weights: [0.1235, -1.988] });
    expect(file.bias).toBe(-0.3333);
    const back = unpackModel(file);
    expect(back.weights[200]).toBeCloseTo(-1.988, 5);
    expect(back.weights[10]).toBe(0);
  });
});

describe("thresholds", () => {
  const scored = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2].map((score, i) => ({
    score,
    y: ([1, 1, 0, 1, 1, 0, 1, 0] as const)[i] ?? 0,
  }));

  it("measures average precision over the ranking", () => {
    // Hits at ranks 1, 2, 4, 5, 7: (1 + 1 + 3/4 + 4/5 + 5/7) / 5.
    expect(averagePrecision(scored)).toBeCloseTo((1 + 1 + 0.75 + 0.8 + 5 / 7) / 5, 10);
  });

  it("picks the best F1, the fewest suggestions for a recall, and the most recall at a precision", () => {
    expect(bestF1Threshold(scored)).toMatchObject({ threshold: 0.3, recall: 1 });
    expect(thresholdForRecall(scored, 0.8)).toMatchObject({ threshold: 0.5, recall: 0.8, precision: 0.8 });
    expect(thresholdForPrecision(scored, 0.8)).toMatchObject({ threshold: 0.5, recall: 0.8 });
    expect(thresholdForPrecision(scored, 1)).toMatchObject({ threshold: 0.8, recall: 0.4 });
  });

  it("sets check and maybe on news when there is news, with maybe never above check", () => {
    const debates = [{ score: 0.9, y: 1 as const }];
    const chosen = chooseThresholds({ debates, news: scored });
    // Precision 0.85 is first kept at 0.8: below it a third of the suggestions are wrong.
    expect(chosen.check).toMatchObject({ threshold: 0.8, precision: 1 });
    expect(chosen.maybe.threshold).toBe(0.3);
    expect(chooseThresholds({ debates, news: [] }).check.threshold).toBe(0.9);
  });
});

describe("the shipped model.json", () => {
  const file = path.join(import.meta.dirname, "model.json");

  it("parses, is small, and has thresholds in order", () => {
    const text = fs.readFileSync(file, "utf8");
    expect(text.length).toBeLessThan(1_000_000);
    const model = modelFileSchema.parse(JSON.parse(text));
    expect(model.thresholds.maybe.score).toBeLessThanOrEqual(model.thresholds.check.score);
    expect(model.trainedOn.debates).toBeGreaterThan(10_000);
    expect(model.trainedOn.news).toBeGreaterThan(0);
  });
});
