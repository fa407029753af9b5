// Quotations inside a sentence. Straight quotes are told apart by position: one
// after a space opens, one after a letter or a stop closes. A sentence may
// start or end inside a quotation that spans sentences.
import type { TextRange } from "./clean";

export interface Quotations {
  /** The quoted passages, without their quotation marks; offsets into the sentence. */
  spans: TextRange[];
  /** The quoted share of the sentence's letters and digits, 0 to 1. */
  share: number;
}

type Mark = "open" | "close";

function markAt(sentence: string, i: number): Mark | null {
  const ch = sentence.charAt(i);
  if (ch === "“") return "open";
  if (ch === "”") return "close";
  if (ch !== '"') return null;
  const before = sentence.charAt(i - 1);
  const after = sentence.charAt(i + 1);
  if (i === 0 || /[\s([{—–-]/u.test(before)) return "open";
  if (i === sentence.length - 1 || /[\s.,;:!?)\]—–-]/u.test(after)) return "close";
  return /[\p{L}\p{N}]/u.test(after) ? "open" : "close";
}

export function findQuotations(sentence: string): Quotations {
  const spans: TextRange[] = [];
  let openedAt: number | null = null;
  for (let i = 0; i < sentence.length; i++) {
    const mark = markAt(sentence, i);
    if (mark === "open" && openedAt === null) openedAt = i + 1;
    else if (mark === "close") {
      // A close with nothing open: the quotation began in an earlier sentence.
      spans.push({ start: openedAt ?? 0, end: i });
      openedAt = null;
    }
  }
  // An open with no close: the quotation runs on into the next sentence.
  if (openedAt !== null) spans.push({ start: openedAt, end: sentence.length });

  const letters = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, "").length;
  const total = letters(sentence);
  const quoted = spans.reduce((sum, span) => sum + letters(sentence.slice(span.start, span.end)), 0);
  return {
    spans: spans.filter((s) => letters(sentence.slice(s.start, s.end)) > 0),
    share: total === 0 ? 0 : quoted / total,
  };
}

/** `sentence` with every quoted passage blanked out (same length, so offsets still hold). */
export function withoutQuotations(sentence: string, spans: readonly TextRange[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const span of spans) {
    parts.push(sentence.slice(at, span.start), " ".repeat(span.end - span.start));
    at = span.end;
  }
  parts.push(sentence.slice(at));
  return parts.join("");
}
