import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sharedFile } from "@/lib/testing/shared-fixtures";
import { evaluate } from "./evaluate";
import { extractClaims, type ExtractedSentence } from "./extract";
import { parseLabels, type Labels } from "./labels";

// Regression on the seed article (issue #11, "Must show"): the learned model
// still finds all 13 check sentences and suggests no skip sentence. The
// article is in the shared folder, not the repository.
function labelledArticle(file: string) {
  const text = fs.readFileSync(file, "utf8");
  const labelsName = path.basename(file).replace(/\.txt$/u, ".claims.json");
  const labels = parseLabels(fs.readFileSync(path.join(path.dirname(file), labelsName), "utf8"), text, labelsName);
  return { text, labels, extracted: extractClaims(text) };
}

const sentenceAt = (extracted: readonly ExtractedSentence[], labels: Labels, n: number) => {
  const label = labels.sentences.find((s) => s.n === n);
  const found = label && extracted.find((s) => s.start === label.start && s.end === label.end);
  if (!found) throw new Error(`no extracted sentence at labelled sentence ${n}`);
  return found;
};

describe("extractClaims on the seed article", () => {
  const { text, labels, extracted } = labelledArticle(sharedFile("fixtures", "seed-article.txt"));

  it("splits it into the labelled sentences, at the same offsets", () => {
    expect(extracted.map((s) => [s.start, s.end])).toEqual(labels.sentences.map((s) => [s.start, s.end]));
    for (const sentence of extracted) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it("suggests all 13 check sentences and none of the skip ones", () => {
    const checks = labels.sentences.filter((s) => s.label === "check");
    expect(checks).toHaveLength(13);
    for (const label of labels.sentences) {
      const { label: got } = sentenceAt(extracted, labels, label.n);
      if (label.label === "check") expect(got, `sentence ${label.n}: ${label.text}`).toBe("check");
      if (label.label === "skip") expect(got, `sentence ${label.n}: ${label.text}`).not.toBe("check");
    }
    const result = evaluate(extracted, labels);
    expect(result).toMatchObject({ recall: 1, precision: 1, misses: [], falsePositives: [], unlabelled: [] });
  });

  it("names the claimants and the outlets that passed claims on", () => {
    const who = (n: number) => {
      const { claimant, reportedBy } = sentenceAt(extracted, labels, n);
      return { claimant, reportedBy };
    };
    expect(who(8)).toEqual({ claimant: "President Erdogan", reportedBy: null });
    expect(who(10)).toEqual({ claimant: "Lior Haiat", reportedBy: "Times of Israel" });
    expect(who(12)).toEqual({ claimant: null, reportedBy: "Al-Monitor" });
    expect(who(13)).toEqual({ claimant: "Taleblu", reportedBy: null });
    expect(who(14).claimant).toBe("Taleblu");
    expect(who(18).reportedBy).toBe("Al-Monitor");
    expect(who(19).claimant).toBe("Erdogan");
    expect(who(20).claimant).toContain("Gaza Health Ministry");
    expect(who(21).claimant).toBe("Biden administration");
    expect(who(22)).toEqual({ claimant: "Stephan Dujarric", reportedBy: "Fox News Digital" });
  });

  it("explains every suggestion and marks the page furniture", () => {
    for (const sentence of extracted.filter((s) => s.label === "check"))
      expect(sentence.reasons.some((r) => r.weight > 0)).toBe(true);
    expect(sentenceAt(extracted, labels, 23).reasons).toEqual([
      { code: "furniture", weight: -1, evidence: "sign-in prompt" },
    ]);
    expect(sentenceAt(extracted, labels, 15).reasons.map((r) => r.code)).toContain("no-comment");
  });
});
