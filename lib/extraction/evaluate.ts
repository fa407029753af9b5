// Measures the extractor against a labels file (issue #6, item 8): a "check"
// sentence must be suggested, a "skip" one must not, a "borderline" one may go
// either way. Sentences are matched by their offsets.
import type { ExtractedSentence } from "./extract";
import type { Labels, LabelledSentence } from "./labels";

export interface Finding {
  label: LabelledSentence;
  /** The extractor's sentence matched to the label, or null when none overlaps it by more than half. */
  extracted: ExtractedSentence | null;
}

export interface Evaluation {
  /** Labelled "check" and suggested. */
  found: number;
  /** Labelled "check". */
  expected: number;
  /** Suggested sentences that count against precision: labelled "skip", or matching no label at all. */
  wrong: number;
  /** found / expected; 1 when nothing is labelled "check". */
  recall: number;
  /** found / (found + wrong); null when nothing was suggested that counts either way. */
  precision: number | null;
  /** Labelled sentences whose offsets the extractor reproduced exactly. */
  exactBoundaries: number;
  misses: Finding[];
  falsePositives: Finding[];
  /** Suggestions over text that no labelled sentence covers (counted in `wrong`). */
  unlabelled: ExtractedSentence[];
}

function overlap(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Two spans match when they are the same or overlap by more than half of the longer one. */
export function spansMatch(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  const longer = Math.max(a.end - a.start, b.end - b.start);
  return (a.start === b.start && a.end === b.end) || overlap(a, b) * 2 > longer;
}

function bestMatch(label: LabelledSentence, extracted: readonly ExtractedSentence[]): ExtractedSentence | null {
  let best: ExtractedSentence | null = null;
  for (const sentence of extracted) {
    if (spansMatch(label, sentence) && (!best || overlap(label, sentence) > overlap(label, best))) best = sentence;
  }
  return best;
}

export function evaluate(extracted: readonly ExtractedSentence[], labels: Labels): Evaluation {
  const findings: Finding[] = labels.sentences.map((label) => ({ label, extracted: bestMatch(label, extracted) }));
  const misses = findings.filter((f) => f.label.label === "check" && f.extracted?.label !== "check");
  const falsePositives = findings.filter((f) => f.label.label === "skip" && f.extracted?.label === "check");
  const matched = new Set(findings.map((f) => f.extracted).filter((s) => s !== null));
  const unlabelled = extracted.filter((s) => s.label === "check" && !matched.has(s));

  const expected = findings.filter((f) => f.label.label === "check").length;
  const found = expected - misses.length;
  const wrong = falsePositives.length + unlabelled.length;
  return {
    found,
    expected,
    wrong,
    recall: expected === 0 ? 1 : found / expected,
    precision: found + wrong === 0 ? null : found / (found + wrong),
    exactBoundaries: findings.filter((f) => f.extracted?.start === f.label.start && f.extracted.end === f.label.end)
      .length,
    misses,
    falsePositives,
    unlabelled,
  };
}
