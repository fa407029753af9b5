import "server-only";
import { createHash } from "node:crypto";
import type { SourceCheckResult } from "@/db/schema";
import type { FetchSnapshotResult } from "./safe-fetch";

/** Hex SHA-256 of a snapshot's text (UTF-8). Stored as the evidence's content hash. */
export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export interface SnapshotComparison {
  result: SourceCheckResult;
  detail: string;
}

export interface CompareSnapshotInput {
  /** The text stored when the evidence was cited (null when only a passage was pasted by hand). */
  snapshotText: string | null;
  /** Its SHA-256; computed from snapshotText when missing. */
  snapshotHash: string | null;
  /** The passage the reviewer quoted, if any. */
  quotedPassage: string | null;
  /** A fresh fetch of the source. */
  current: FetchSnapshotResult;
}

/**
 * Whether a source still says what it said when it was cited (issue 5, item 4):
 * the same text, different text that still holds the quoted passage, text
 * without it, or no page at all.
 */
export function compareSnapshot({
  snapshotText,
  snapshotHash,
  quotedPassage,
  current,
}: CompareSnapshotInput): SnapshotComparison {
  if (!current.ok) {
    return { result: "unreachable", detail: `The source could not be fetched again. ${current.error}` };
  }
  const expectedHash = snapshotHash ?? (snapshotText === null ? null : sha256(snapshotText));
  if (expectedHash !== null && expectedHash === current.sha256) {
    return { result: "match", detail: "The page's text is exactly what it was when the evidence was cited." };
  }
  if (quotedPassage === null || normaliseForMatch(quotedPassage) === "") {
    return {
      result: "changed",
      detail: "The page's text has changed since the evidence was cited; no quoted passage was recorded to look for.",
    };
  }
  if (passageFound(quotedPassage, current.text)) {
    return {
      result: "changed",
      detail: "The page's text has changed since the evidence was cited, but the quoted passage is still there.",
    };
  }
  const truncatedNote = current.truncated
    ? " Only the beginning of the page was read because it is longer than the fetch limit, so the passage may be further down."
    : "";
  return {
    result: "passage-missing",
    detail: `The quoted passage is no longer on the page.${truncatedNote}`,
  };
}

/**
 * Whether a quoted passage appears in a text, ignoring case, spacing, the
 * style of quotation marks (curly, straight, single, double, guillemets: house
 * styles differ and copying changes them), dash styles and compatibility forms
 * (ligatures, full-width letters). An ellipsis ("…", "...", "[…]") in the passage stands for an
 * omission: the parts around it must appear in that order. A blank passage is
 * found in any text.
 */
export function passageFound(passage: string, text: string): boolean {
  const parts = normaliseForMatch(passage)
    .split(/\s?\[?\.\.\.\]?\s?/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const haystack = normaliseForMatch(text);
  let from = 0;
  for (const part of parts) {
    const at = haystack.indexOf(part, from);
    if (at === -1) return false;
    from = at + part.length;
  }
  return true;
}

/** The form both sides of a passage match are compared in. NFKC turns "…" into "..." and no-break spaces into spaces. */
function normaliseForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u00ad\u200b\u2060\ufeff]/g, "")
    .replace(/['\u2018\u2019\u201a\u201b\u0060\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
