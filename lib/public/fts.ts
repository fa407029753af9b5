/**
 * Turning what readers type into SQLite FTS5 queries, and FTS5's highlight()
 * output back into plain segments. Pure functions: no database here.
 */

/** A piece of text and whether the search matched it; pages render matches in <mark>. */
export interface Segment {
  text: string;
  match: boolean;
}

// Private-use characters as highlight() markers: they never come from a
// keyboard, and segmentsFromHighlight refuses to trust them if a text already
// contains one.
export const MATCH_OPEN = "\uE000";
export const MATCH_CLOSE = "\uE001";

/** More terms than this add nothing to a reader's search and only cost time. */
const MAX_TERMS = 16;

// Letters, digits and combining marks make words; everything else (quotes,
// apostrophes, -, *, :, parentheses, emoji, control characters) separates
// them, as the unicode61 tokenizer of claims_fts does.
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function tokens(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * An FTS5 MATCH expression for a reader's search text, or null when nothing
 * searchable is left. Every term becomes a double-quoted string of word
 * characters only, so FTS5 operators (AND, OR, NOT, NEAR, -, *, :, ^,
 * parentheses, column filters) typed by a reader are searched as words and can
 * never be a syntax error. A word like O'Brien or 11,000 becomes the phrase
 * "O Brien" / "11 000", matching the text as the tokenizer indexed it. Text in
 * balanced double quotes is kept as one phrase; an unbalanced quote is ignored.
 * The last unquoted term matches as a prefix, so a half-typed word still finds.
 */
export function toFtsQuery(input: string): string | null {
  const text = input.normalize("NFKC").replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB]/g, '"');
  const pieces = text.split('"');
  const terms: { words: string[]; phrase: boolean }[] = [];
  pieces.forEach((piece, i) => {
    // Odd pieces sit between two quotes, unless the last quote has no partner.
    const quoted = i % 2 === 1 && i < pieces.length - 1;
    const parts = quoted ? [piece] : piece.split(/\s+/u);
    for (const part of parts) {
      const words = tokens(part);
      if (words.length > 0) terms.push({ words, phrase: quoted });
    }
  });
  const kept = terms.slice(0, MAX_TERMS);
  if (kept.length === 0) return null;
  return kept
    .map((term, i) => {
      const quoted = `"${term.words.join(" ")}"`;
      return i === kept.length - 1 && !term.phrase ? `${quoted}*` : quoted;
    })
    .join(" ");
}

/**
 * Splits highlight() output into plain and matched segments. `original` is the
 * column's text without markers: if it already holds a marker character the
 * markers cannot be told apart, so the text comes back unmarked.
 */
export function segmentsFromHighlight(marked: string, original: string): Segment[] {
  if (original.length === 0) return [];
  if (original.includes(MATCH_OPEN) || original.includes(MATCH_CLOSE)) return [{ text: original, match: false }];
  const segments: Segment[] = [];
  const push = (text: string, match: boolean) => {
    if (text.length === 0) return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  let match = false;
  let start = 0;
  for (let i = 0; i < marked.length; i += 1) {
    const ch = marked[i];
    if (ch !== MATCH_OPEN && ch !== MATCH_CLOSE) continue;
    push(marked.slice(start, i), match);
    match = ch === MATCH_OPEN;
    start = i + 1;
  }
  push(marked.slice(start), match);
  // The markers must only have been added, never have changed the text.
  return segments.map((s) => s.text).join("") === original ? segments : [{ text: original, match: false }];
}

/** The text as one unmatched segment (no search, or nothing to highlight). */
export function plainSegments(text: string): Segment[] {
  return text.length > 0 ? [{ text, match: false }] : [];
}
