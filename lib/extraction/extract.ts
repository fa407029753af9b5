// Claim discovery (issue #6): clean, segment and score a pasted article.
import { cleanText } from "./clean";
import { knownNames } from "./names";
import { scoreSentence, type SentenceScore } from "./score";
import { segmentSentences, type Sentence } from "./segment";

export interface ExtractedSentence extends Sentence, SentenceScore {}

/**
 * Every sentence of `text` in text order, scored, with UTF-16 offsets into
 * `text` as given. Page-furniture lines come out whole, labelled "skip", so a
 * reviewer can see what was left out and why.
 */
export function extractClaims(text: string): ExtractedSentence[] {
  const { ranges, furniture } = cleanText(text);
  const sentences = segmentSentences(text, ranges);
  const known = knownNames(sentences.map((s) => s.text));

  const scored: ExtractedSentence[] = [];
  let previousClaimant: string | null = null;
  for (const sentence of sentences) {
    const result = scoreSentence(sentence.text, { previousClaimant, knownNames: known });
    scored.push({ ...sentence, ...result });
    previousClaimant = result.claimant;
  }
  for (const line of furniture) {
    scored.push({
      start: line.start,
      end: line.end,
      text: line.text,
      ...scoreSentence(line.text, { furniture: line.kind }),
    });
  }
  return scored.sort((a, b) => a.start - b.start);
}
