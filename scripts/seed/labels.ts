// Helpers for turning labelled sentences into claims when the seed imports an
// article: a summary that fits, and the plainly named speaker and reporter.
// The labels format itself lives in lib/extraction/labels.ts.

/** `text` on one line, at most `max` characters, cut at a word boundary with "…" when it is longer. */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max - 1);
  const whole = clean.charAt(max - 1) === " " ? room : room.replace(/\s+\S*$/, "");
  const cut = (whole.length > 0 ? whole : room).replace(/[\s,;:.!?'"“‘([{–—-]+$/, "");
  return `${cut || room}…`;
}

// A name: one to four capitalised words, e.g. "Behnam Ben Taleblu" or "Al-Monitor".
const NAME = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}`;
const SAID_BEFORE = new RegExp(String.raw`["”],?\s+said\s+(${NAME})`, "u");
const SAID_AFTER = new RegExp(String.raw`["”],?\s+(${NAME})\s+said\b`, "u");
const REPORTED_BY = new RegExp(String.raw`\breported by\s+(?:the\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+(?:of\s+)?\p{Lu}[\p{L}'’-]*){0,3})`, "u");

/** Who makes a quoted claim, when the sentence says so plainly: "…," X said / "…," said X. */
export function claimantOf(sentence: string): string | null {
  return (SAID_AFTER.exec(sentence) ?? SAID_BEFORE.exec(sentence))?.[1] ?? null;
}

/** Who passed the claim on, when the sentence says "reported by X". */
export function reportedByOf(sentence: string): string | null {
  return REPORTED_BY.exec(sentence)?.[1] ?? null;
}
