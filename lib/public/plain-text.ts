// The text admins write for /about: plain paragraphs, a blank line between
// them, and links written [words](/path) or [words](https://…). It is parsed
// into data and rendered as React text, never as HTML, so nothing typed can
// add markup or script; a link to anything but this site or http(s) stays text.

export type TextSegment = { text: string } | { text: string; href: string };
/** A paragraph's lines (a single line break inside a paragraph is kept), each a run of segments. */
export type TextParagraph = TextSegment[][];

const LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;

/** A target readers may follow: a path on this site, or an absolute http(s) address. */
export function safeHref(target: string): string | null {
  if (target.startsWith("/") && !target.startsWith("//") && !target.includes("\\")) return target;
  try {
    const url = new URL(target);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function segmentsOf(line: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let rest = 0;
  for (const match of line.matchAll(LINK)) {
    const [whole, label = "", target = ""] = match;
    const href = safeHref(target);
    if (!href) continue;
    if (match.index > rest) segments.push({ text: line.slice(rest, match.index) });
    segments.push({ text: label, href });
    rest = match.index + whole.length;
  }
  if (rest < line.length) segments.push({ text: line.slice(rest) });
  return segments;
}

export function parsePlainText(body: string): TextParagraph[] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== ""),
    )
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.map(segmentsOf));
}

/** The text without its link markup, for places that take plain words (a feed, a description). */
export function plainWords(body: string): string {
  return parsePlainText(body)
    .map((paragraph) => paragraph.map((line) => line.map((s) => s.text).join("")).join(" "))
    .join("\n\n");
}
