import fs from "node:fs";
import { createArticle, findArticleByBody, type ArticleRef } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { createClaim, type ClaimRef } from "@/lib/claims/claims";
import { AppError } from "@/lib/errors";
import { parseLabels, type Labels } from "@/lib/extraction/labels";
import { claimantOf, reportedByOf, shorten } from "./labels";

// ClaimReview's claimReviewed, and so our summaries, are at most 75 characters (db/schema.ts).
const SUMMARY_MAX = 75;
const TITLE_MAX = 90;

export interface ImportOptions {
  /** A plain-text file with the article's body, stored exactly as read. */
  article: string;
  /** A labels file; each sentence labelled "check" becomes a claim. */
  labels?: string;
  title?: string;
  outlet?: string | null;
  url?: string | null;
}

export interface ImportResult {
  /** False when an article with this exact body was already in the desk: nothing was changed. */
  created: boolean;
  article: ArticleRef;
  claims: (ClaimRef & { summary: string })[];
}

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : String(error);
    throw new AppError("invalid", `Cannot read the ${what} ${file}: ${reason}.`);
  }
}

/** Reads and checks a labels file against the article's text before anything is written. */
export function readLabels(file: string, text: string): Labels {
  return parseLabels(readFile(file, "labels file"), text, file);
}

/** A title when none is given: the text's first line, shortened. */
export function titleFromText(text: string): string {
  const firstLine = text.split("\n").find((line) => line.trim().length > 0) ?? "Untitled article";
  return shorten(firstLine, TITLE_MAX);
}

/**
 * Brings a plain-text article into the desk and, with a labels file, creates a
 * claim for every sentence labelled "check" at the labels' offsets. The same
 * body a second time changes nothing.
 */
export function importArticle(options: ImportOptions): ImportResult {
  const body = readFile(options.article, "article");
  const labels = options.labels ? readLabels(options.labels, body) : null;
  const existing = findArticleByBody(body);
  if (existing) return { created: false, article: existing, claims: [] };

  const article = createArticle({
    by: SYSTEM_PRINCIPAL,
    title: options.title ?? titleFromText(body),
    outlet: options.outlet ?? labels?.outlet ?? null,
    url: options.url ?? null,
    body,
  });
  const claims = (labels?.sentences ?? [])
    .filter((sentence) => sentence.label === "check")
    .map((sentence) => {
      const summary = shorten(sentence.text, SUMMARY_MAX);
      const ref = createClaim({
        by: SYSTEM_PRINCIPAL,
        articleId: article.id,
        spanStart: sentence.start,
        spanEnd: sentence.end,
        summary,
        claimant: claimantOf(sentence.text),
        reportedBy: reportedByOf(sentence.text),
      });
      return { ...ref, summary };
    });
  return { created: true, article, claims };
}
