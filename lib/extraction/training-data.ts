// Labelled sentences for the check-worthiness model (issue #11): debate
// sentences from the claim-data TSV, news sentences from labelled articles,
// and the desk's own accept/reject decisions. News sentences go through the
// same segmentation and context as in the app, so their rule signals are the
// ones the app will compute.
import { z } from "zod";
import { cleanText } from "./clean";
import { spansMatch } from "./evaluate";
import type { Labels } from "./labels";
import { knownNames } from "./names";
import { ruleSignals, type RuleSignal } from "./rules";
import { segmentSentences } from "./segment";

export type Source = "debates" | "news" | "desk";

export interface TrainingExample {
  text: string;
  signals: RuleSignal[];
  y: 0 | 1;
  source: Source;
  /** Debates: the split (train, dev, devtest). News: the article. Desk: "desk". */
  group: string;
}

const claimDataRow = z.object({
  split: z.enum(["train", "dev", "devtest"]),
  text: z.string().trim().min(1),
  label: z.enum(["check", "skip"]),
});

/** The rows of claimbuster-checkworthy.tsv (split, sentence_id, text, label). */
export function parseClaimData(tsv: string): z.infer<typeof claimDataRow>[] {
  const lines = tsv.split(/\r?\n/u).filter((line) => line.trim() !== "");
  const header = lines[0]?.split("\t") ?? [];
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`The claim data has no "${name}" column (its header is: ${header.join(", ")}).`);
    return index;
  };
  const [split, text, label] = [column("split"), column("text"), column("label")];
  return lines.slice(1).map((line, i) => {
    const cells = line.split("\t");
    const row = claimDataRow.safeParse({ split: cells[split], text: cells[text], label: cells[label] });
    if (!row.success) throw new Error(`Line ${i + 2} of the claim data: ${row.error.issues[0]?.message ?? "invalid"}.`);
    return row.data;
  });
}

export function debateExamples(rows: readonly z.infer<typeof claimDataRow>[]): TrainingExample[] {
  return rows.map((row) => ({
    text: row.text,
    signals: ruleSignals(row.text).signals,
    y: row.label === "check" ? 1 : 0,
    source: "debates",
    group: row.split,
  }));
}

export interface ArticleSentence {
  start: number;
  end: number;
  text: string;
  signals: RuleSignal[];
}

/** An article's sentences as the app reads them, with the context of the ones before. */
export function articleSentences(text: string): ArticleSentence[] {
  const { ranges } = cleanText(text);
  const sentences = segmentSentences(text, ranges);
  const known = knownNames(sentences.map((s) => s.text));
  let previousClaimant: string | null = null;
  return sentences.map((sentence) => {
    const rules = ruleSignals(sentence.text, { previousClaimant, knownNames: known });
    previousClaimant = rules.claimant;
    return { ...sentence, signals: rules.signals };
  });
}

/** A labelled article's check and skip sentences (borderline ones teach nothing either way). */
export function newsExamples(
  text: string,
  labels: Labels,
  article: string,
  source: Source = "news",
): TrainingExample[] {
  const sentences = articleSentences(text);
  return labels.sentences.flatMap((label) => {
    if (label.label === "borderline") return [];
    const found = sentences.find((s) => spansMatch(s, label));
    const signals = found ? found.signals : ruleSignals(label.text).signals;
    return [{ text: found?.text ?? label.text, signals, y: label.label === "check" ? 1 : 0, source, group: article }];
  });
}

export interface DeskDecision {
  articleId: number;
  body: string;
  spanStart: number;
  spanEnd: number;
  text: string;
  state: "accepted" | "rejected";
}

/** The desk's decisions as news examples: an accepted suggestion was worth checking, a rejected one was not. */
export function deskExamples(decisions: readonly DeskDecision[]): TrainingExample[] {
  const byArticle = new Map<number, DeskDecision[]>();
  for (const d of decisions) byArticle.set(d.articleId, [...(byArticle.get(d.articleId) ?? []), d]);
  return [...byArticle.values()].flatMap((list) => {
    const sentences = articleSentences(list[0]?.body ?? "");
    return list.map((d) => {
      const found = sentences.find((s) => spansMatch(s, { start: d.spanStart, end: d.spanEnd }));
      return {
        text: d.text,
        signals: found && found.text === d.text ? found.signals : ruleSignals(d.text).signals,
        y: d.state === "accepted" ? 1 : 0,
        source: "desk",
        group: "desk",
      } satisfies TrainingExample;
    });
  });
}
