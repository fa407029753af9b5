import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, spansMatch } from "./evaluate";
import { extractClaims, type ExtractedSentence } from "./extract";
import { parseLabels, type Labels } from "./labels";

// The seed article's checks are in seed-article.shared.test.ts: it is not in the repository.
const OWN_FIXTURES = path.resolve(import.meta.dirname, "fixtures");

function labelledArticle(dir: string, name: string, labelsName = `${name}.claims.json`) {
  const text = fs.readFileSync(path.join(dir, `${name}.txt`), "utf8");
  const labels = parseLabels(fs.readFileSync(path.join(dir, labelsName), "utf8"), text, labelsName);
  return { text, labels, extracted: extractClaims(text) };
}

// Our own labelled articles, in the same format. The shipped model was trained
// on economy-report and health-study, never on flood-defences (held out by
// npm run train:claims, as eval:claims scores it): that one is the honest check.
describe.each(["economy-report", "health-study", "flood-defences"])("extractClaims on %s", (name) => {
  const { text, labels, extracted } = labelledArticle(OWN_FIXTURES, name);

  it("has recall >= 0.9 and precision >= 0.7 against its labels", () => {
    const result = evaluate(extracted, labels);
    expect(result.recall).toBeGreaterThanOrEqual(0.9);
    expect(result.precision).toBeGreaterThanOrEqual(0.7);
  });

  it("finds every labelled sentence at its offsets", () => {
    expect(evaluate(extracted, labels).exactBoundaries).toBe(labels.sentences.length);
    for (const sentence of extracted) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });
});

describe("evaluate", () => {
  const labels: Labels = {
    sentences: [
      { n: 0, start: 0, end: 10, text: "x".repeat(10), label: "check" },
      { n: 1, start: 11, end: 20, text: "x".repeat(9), label: "skip" },
      { n: 2, start: 21, end: 30, text: "x".repeat(9), label: "borderline" },
      { n: 3, start: 31, end: 40, text: "x".repeat(9), label: "check" },
    ],
  };
  const sentence = (start: number, end: number, label: ExtractedSentence["label"]): ExtractedSentence => ({
    start,
    end,
    text: "x".repeat(end - start),
    score: label === "check" ? 0.5 : 0,
    label,
    reasons: [],
    claimant: null,
    reportedBy: null,
  });

  it("counts a found check, a suggested skip and ignores a suggested borderline", () => {
    const result = evaluate(
      [sentence(0, 10, "check"), sentence(11, 20, "check"), sentence(21, 30, "check"), sentence(31, 40, "maybe")],
      labels,
    );
    expect(result).toMatchObject({ found: 1, expected: 2, wrong: 1, recall: 0.5, precision: 0.5, exactBoundaries: 4 });
    expect(result.misses.map((f) => f.label.n)).toEqual([3]);
    expect(result.falsePositives.map((f) => f.label.n)).toEqual([1]);
  });

  it("matches sentences that overlap by more than half, not less", () => {
    expect(spansMatch({ start: 0, end: 10 }, { start: 0, end: 10 })).toBe(true);
    expect(spansMatch({ start: 0, end: 10 }, { start: 1, end: 10 })).toBe(true);
    expect(spansMatch({ start: 0, end: 10 }, { start: 0, end: 5 })).toBe(false);
    expect(spansMatch({ start: 0, end: 10 }, { start: 4, end: 20 })).toBe(false);
  });

  it("counts a suggestion over unlabelled text against precision", () => {
    const result = evaluate([sentence(0, 10, "check"), sentence(31, 40, "check"), sentence(41, 60, "check")], labels);
    expect(result).toMatchObject({ found: 2, wrong: 1, recall: 1 });
    expect(result.unlabelled.map((s) => s.start)).toEqual([41]);
  });
});

describe("extractClaims on any text", () => {
  const newsy = fc.string({
    unit: fc.constantFrom(
      ...'Aa Bb. U.S. Oct. 7, “x” "y" 3.5 % $ … ! ? \n\r\n Dr. Inc. said told 🙂 é —'.split(" "),
      " ",
      "\n",
      ".",
      '"',
    ),
    maxLength: 200,
  });

  it("returns trimmed, ordered, non-overlapping sentences whose offsets point into the text", () => {
    fc.assert(
      fc.property(newsy, (text) => {
        let previousEnd = 0;
        for (const sentence of extractClaims(text)) {
          expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
          expect(sentence.end).toBeGreaterThan(sentence.start);
          expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
          expect(sentence.text).toBe(sentence.text.trim());
          expect(sentence.score).toBeGreaterThanOrEqual(0);
          expect(sentence.score).toBeLessThanOrEqual(1);
          previousEnd = sentence.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});
