// Cleaning (issue #6, item 2): pasted articles come with page furniture around
// them. We never change the text — offsets must point into what the reviewer
// pasted — we only say which lines to leave out of the analysis, and why.

/** A span of the original text: UTF-16 offsets, `end` exclusive, as String.prototype.slice takes them. */
export interface TextRange {
  start: number;
  end: number;
}

export type FurnitureKind =
  | "sign-in prompt"
  | "subscription prompt"
  | "advertisement"
  | "share buttons"
  | "link to other stories"
  | "navigation"
  | "call to action"
  | "cookie notice"
  | "byline"
  | "author note"
  | "timestamp"
  | "photo credit"
  | "social handle"
  | "copyright notice";

/** A whole line of page furniture, trimmed. */
export interface FurnitureLine extends TextRange {
  text: string;
  kind: FurnitureKind;
}

export interface CleanedText {
  /** The lines to analyse, trimmed, in text order. Empty lines are in neither list. */
  ranges: TextRange[];
  /** The lines left out of the analysis, in text order. */
  furniture: FurnitureLine[];
}

// Whole-line furniture: the line is only this, give or take punctuation and case.
const WHOLE_LINE: [FurnitureKind, RegExp][] = [
  [
    "sign-in prompt",
    /^(?:log ?in|log ?out|sign ?in|sign ?out|sign ?up|register|create (?:an |a free )?account|my account)$/,
  ],
  [
    "subscription prompt",
    /^(?:subscribe(?: now| today| for free)?|subscribers? only|become a (?:subscriber|member)|newsletters?)$/,
  ],
  [
    "advertisement",
    /^(?:advertisement|advertising|ad|sponsored(?: content)?|story continues below(?: advertisement)?)$/,
  ],
  [
    "share buttons",
    /^(?:share(?: this)?(?: (?:article|story|page|post))?(?: on (?:facebook|twitter|x|linkedin|whatsapp|email))?|tweet|email|print|copy link|(?:(?:facebook|twitter|x|linkedin|whatsapp|email|print|copy link)\s*[|·•]?\s*){2,})$/,
  ],
  [
    "link to other stories",
    /^(?:read more|read next|related(?: (?:articles|stories|coverage|topics))?|see also|more from .{1,40}|more stories|recommended(?: for you)?|most read|most popular|trending(?: now)?|you may also like|top stories)$/,
  ],
  [
    "navigation",
    /^(?:home|menu|search|skip to (?:main )?content|back to top|close|comments?(?: \(\d+\))?|show comments|view comments|next|previous)$/,
  ],
];

// Lines that start like this are furniture whatever follows.
const LINE_START: [FurnitureKind, RegExp][] = [
  ["call to action", /^click here\b/i],
  [
    "link to other stories",
    /^(?:read more|read next|related|see also|more from|more on this|watch|listen|recommended)\s*[:|»›–—-]/i,
  ],
  ["subscription prompt", /^(?:subscribe|sign up|get)\b.{0,80}\b(?:newsletter|alerts|updates|our app)\b/i],
  ["copyright notice", /^(?:copyright\b|©|\(c\)\s*\d{4})/i],
  ["social handle", /^follow (?:us|me|him|her|them|@\w+)\b.{0,60}$/i],
];

const COOKIE = /\bcookies?\b/i;
const COOKIE_NOTICE =
  /\b(?:we use|this (?:site|website) uses|uses cookies|accept|consent|privacy|preferences|cookie (?:policy|settings))\b/i;
const SOCIAL_HANDLE = /^@[\p{L}\p{N}_.]{1,30}$/u;
const ALL_RIGHTS_RESERVED = /\ball rights reserved\b/i;
const PHOTO_CREDIT =
  /^\(?(?:photo|image|picture|credit)\b[^.]{0,100}\)?$|\b(?:getty images|ap photo|afp via getty|reuters\/)\b/i;

// "Published Jan. 14, 2025, 9:30 a.m." or "Updated 2 hours ago": a keyword, then nothing but a date and time.
const TIMESTAMP_KEYWORD = /^(?:published|updated|posted|last updated|last modified)(?:\s+(?:on|at))?:?\s+/i;
const TIMESTAMP_WORD =
  /^(?:\d[\d:/.-]*|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|a\.?m|p\.?m|[ecmp][sd]t|bst|cet|cest|utc|gmt|at|on|ago|and|updated|published|(?:hour|minute|day|hr|min)s?)$/i;

function isTimestamp(line: string): boolean {
  const keyword = TIMESTAMP_KEYWORD.exec(line);
  if (!keyword || line.length > 80) return false;
  const words = line
    .slice(keyword[0].length)
    .split(/[\s,|•·]+/)
    .filter((w) => w.length > 0);
  return words.length > 0 && words.every((w) => TIMESTAMP_WORD.test(w.replace(/\.$/, "")));
}

// "By Jane Doe" or "By Jane Doe and John Roe, Economics Correspondent": a short line, not a sentence.
const NAME_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const BYLINE = new RegExp(
  String.raw`^[Bb]y\s+${NAME_WORD}(?:\s+${NAME_WORD}){0,3}(?:\s*(?:,|and|&)\s*[\p{L}\p{M}'’. -]{1,60})?$`,
  "u",
);
// "Jane Doe is a health reporter at the Herald." — the note about the author under an article,
// with nothing after it but how to follow or reach them.
const AUTHOR_NOTE = new RegExp(
  String.raw`^${NAME_WORD}(?:\s+${NAME_WORD}){1,3}\s+(?:is|was|has been)\s+(?:an?|the)\s+(?:[\p{L}-]+\s+){0,4}` +
    String.raw`(?:reporter|correspondent|writer|editor|journalist|columnist|contributor|producer|freelancer)` +
    String.raw`(?:\s+(?:for|at|with)\s+(?:the\s+)?${NAME_WORD}(?:\s+(?:of\s+)?${NAME_WORD}){0,5})?\.` +
    String.raw`(?:\s+(?:[Ff]ollow|[Cc]ontact|[Ee]mail|[Rr]each|[Ff]ind)\b.*|\s+@\S+)?$`,
  "u",
);

/** What kind of page furniture `line` (already trimmed) is, or null for article text. */
export function furnitureKind(line: string): FurnitureKind | null {
  if (line.length > 300) return null;
  const bare = line
    .toLowerCase()
    .replace(/[\s:.!|»›>…→-]+$/u, "")
    .replace(/\s+/g, " ");
  for (const [kind, pattern] of WHOLE_LINE) if (pattern.test(bare)) return kind;
  for (const [kind, pattern] of LINE_START) if (pattern.test(line)) return kind;
  if (COOKIE.test(line) && COOKIE_NOTICE.test(line)) return "cookie notice";
  if (SOCIAL_HANDLE.test(line)) return "social handle";
  if (ALL_RIGHTS_RESERVED.test(line)) return "copyright notice";
  if (isTimestamp(line)) return "timestamp";
  if (line.length <= 120 && PHOTO_CREDIT.test(line)) return "photo credit";
  if (line.length <= 100 && !/[.!?]$/.test(line) && BYLINE.test(line)) return "byline";
  if (line.length <= 240 && AUTHOR_NOTE.test(line)) return "author note";
  return null;
}

/**
 * Splits `text` into its lines and sorts them into analysable lines and page
 * furniture, keeping every offset into `text` as it was given.
 */
export function cleanText(text: string): CleanedText {
  const ranges: TextRange[] = [];
  const furniture: FurnitureLine[] = [];
  const lineBreak = /\r\n|\r|\n|\u2028|\u2029/g;
  let lineStart = 0;
  for (;;) {
    const found = lineBreak.exec(text);
    const lineEnd = found ? found.index : text.length;
    const line = trimmedRange(text, lineStart, lineEnd);
    if (line) {
      const lineText = text.slice(line.start, line.end);
      const kind = furnitureKind(lineText);
      if (kind) furniture.push({ ...line, text: lineText, kind });
      else ranges.push(line);
    }
    if (!found) break;
    lineStart = found.index + found[0].length;
  }
  return { ranges, furniture };
}

/** The ranges of `text` to analyse: its lines that are neither empty nor page furniture. */
export function analysableRanges(text: string): TextRange[] {
  return cleanText(text).ranges;
}

/** `start`–`end` without the white space at either side; null when nothing is left. */
export function trimmedRange(text: string, start: number, end: number): TextRange | null {
  let from = start;
  let to = end;
  while (from < to && /\s/u.test(text.charAt(from))) from++;
  while (to > from && /\s/u.test(text.charAt(to - 1))) to--;
  return from < to ? { start: from, end: to } : null;
}
