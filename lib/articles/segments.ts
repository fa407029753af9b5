// Splitting an article's text at claim and suggestion spans: pure, shared by
// the public article page and the reviewer's article view.

export type ArticleSegment<C> = { text: string } | { text: string; claim: C };

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** True when `index` falls between the two halves of one emoji or other astral character. */
function splitsPair(body: string, index: number): boolean {
  return (
    index > 0 &&
    index < body.length &&
    isHighSurrogate(body.charCodeAt(index - 1)) &&
    isLowSurrogate(body.charCodeAt(index))
  );
}

/**
 * Splits an article's body into plain text and claim spans by their offsets
 * (UTF-16 indices, as JavaScript and the intake page count them). Never
 * throws: spans are clipped to the body, a span that overlaps an earlier one
 * is clipped to start where that one ends (and dropped if nothing is left),
 * and a boundary inside a surrogate pair widens to the whole character.
 */
export function articleSegments<C extends { spanStart: number; spanEnd: number }>(
  body: string,
  claims: readonly C[],
): ArticleSegment<C>[] {
  const ordered = claims
    .filter((c) => Number.isInteger(c.spanStart) && Number.isInteger(c.spanEnd))
    .map((claim, index) => ({ claim, index }))
    .sort((a, b) => a.claim.spanStart - b.claim.spanStart || b.claim.spanEnd - a.claim.spanEnd || a.index - b.index);
  const segments: ArticleSegment<C>[] = [];
  let cursor = 0;
  for (const { claim } of ordered) {
    let start = Math.max(cursor, Math.min(claim.spanStart, body.length));
    let end = Math.min(claim.spanEnd, body.length);
    if (splitsPair(body, start)) start -= 1;
    if (splitsPair(body, end)) end += 1;
    start = Math.max(start, cursor);
    if (end <= start) continue;
    if (start > cursor) segments.push({ text: body.slice(cursor, start) });
    segments.push({ text: body.slice(start, end), claim });
    cursor = end;
  }
  if (cursor < body.length) segments.push({ text: body.slice(cursor) });
  return segments;
}

/**
 * The parts of `span` that none of `covering` overlaps, in text order: a
 * suggestion shown around the claims already made inside it.
 */
export function uncoveredParts(
  span: { spanStart: number; spanEnd: number },
  covering: readonly { spanStart: number; spanEnd: number }[],
): { spanStart: number; spanEnd: number }[] {
  const parts: { spanStart: number; spanEnd: number }[] = [];
  let cursor = span.spanStart;
  const overlapping = covering
    .filter((c) => c.spanStart < span.spanEnd && c.spanEnd > span.spanStart)
    .sort((a, b) => a.spanStart - b.spanStart);
  for (const cover of overlapping) {
    if (cover.spanStart > cursor) parts.push({ spanStart: cursor, spanEnd: cover.spanStart });
    cursor = Math.max(cursor, cover.spanEnd);
  }
  if (cursor < span.spanEnd) parts.push({ spanStart: cursor, spanEnd: span.spanEnd });
  return parts;
}
