// Claim discovery (issue #6): clean, segment and score a pasted article.
import { cleanText } from "./clean";
import type { LoadedModel } from "./model";
import { knownNames } from "./names";
import { scoreSentence, type SentenceScore } from "./score";
import { segmentSentences, type Sentence } from "./segment";

export interface ExtractedSentence extends Sentence, SentenceScore {}

/**
 * Every sentence of `text` in text order, scored, with UTF-16 offsets into
 * `text` as given. Page-furniture lines come out whole, labelled "skip", so a
 * reviewer can see what was left out and why. `model` is the shipped one
 * unless another is given (training measures its candidates on whole articles).
 */
export function extractClaims(text: string, model?: LoadedModel): ExtractedSentence[] {
  const { ranges, furniture } = cleanText(text);
  const sentences = segmentSentences(text, ranges);
  const known = knownNames(sentences.map((s) => s.text));

  const scored: ExtractedSentence[] = [];
  let previousClaimant: string | null = null;
  for (const sentence of sentences) {
    const result = scoreSentence(sentence.text, { previousClaimant, knownNames: known }, model);
    scored.push({ ...sentence, ...result });
    previousClaimant = result.claimant;
  }
  for (const line of furniture) {
    scored.push({
      start: line.start,
      end: line.end,
      text: line.text,
      ...scoreSentence(line.text, { furniture: line.kind }, model),
    });
  }
  return scored.sort((a, b) => a.start - b.start);
}
