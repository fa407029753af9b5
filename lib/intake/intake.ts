import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { articles, suggestions, type SuggestionLabel } from "@/db/schema";
import { articleInputSchema, hashBody, insertArticle, type ArticleRef } from "@/lib/articles/articles";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { cleanText } from "@/lib/extraction/clean";
import { extractClaims } from "@/lib/extraction/extract";
import { mutate } from "@/lib/mutation";
import { parseInput, type Loose } from "@/lib/validation";

// Article intake and claim discovery (issue #6): a reviewer pastes an article,
// the extractor proposes the sentences worth checking, and the reviewer
// accepts, edits or rejects each one. Every offset is a UTF-16 index into the
// text exactly as pasted.

// ---------------------------------------------------------------- input schemas

/**
 * Line breaks as the reviewer pasted them. A browser submits a textarea's
 * line breaks as CR LF; left so, every offset after the first break would be
 * off by one per line, and the same text pasted twice would hash differently
 * from the file it came from.
 */
const normalisedLineBreaks = (value: unknown) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n") : value);

/** The article form: every field optional but the text; a missing title is taken from the text. */
export const intakeInputSchema = articleInputSchema.extend({
  title: z.string().trim().max(300, "Title is at most 300 characters.").nullish(),
  body: z.preprocess(normalisedLineBreaks, articleInputSchema.shape.body),
});

// ---------------------------------------------------------------- DTOs

export interface IntakeResult {
  article: ArticleRef;
  suggested: { check: number; maybe: number };
}

/** Refused because the desk already holds this article; `existing` says which, so the page can link to it. */
export class DuplicateArticleError extends AppError {
  readonly existing: ArticleRef;

  constructor(message: string, field: "url" | "body", existing: ArticleRef) {
    super("conflict", message, { [field]: [message] });
    this.name = "DuplicateArticleError";
    this.existing = existing;
  }
}

// ---------------------------------------------------------------- intake

const UNTITLED = "Untitled article";
const TITLE_LENGTH = 120;

/** `text` on one line, whole when it fits `max` characters, else cut at a word and ended with "…". */
export function shortened(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1).replace(/[\s,;:–—-]+\S*$/, "");
  return `${cut || line.slice(0, max - 1)}…`;
}

/** A title for an article pasted without one: its first line that is not page furniture. */
export function titleFromBody(body: string): string {
  const first = cleanText(body).ranges[0];
  return (first && shortened(body.slice(first.start, first.end), TITLE_LENGTH)) || UNTITLED;
}

/** The form in which a URL is compared: parsed, without the #fragment, which names a place in the same page. */
export function canonicalArticleUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = "";
  return parsed.href;
}

function articleWithUrl(tx: Tx, url: string): ArticleRef | null {
  // Served by articles_url_idx; the stored form is canonical, but older rows may hold the URL as typed.
  const forms = [...new Set([url, canonicalArticleUrl(url)])];
  const row = tx
    .select({ id: articles.id, slug: articles.slug, title: articles.title })
    .from(articles)
    .where(inArray(articles.url, forms))
    .orderBy(asc(articles.id))
    .limit(1)
    .get();
  return row ?? null;
}

function articleWithBody(tx: Tx, body: string): ArticleRef | null {
  const row = tx
    .select({ id: articles.id, slug: articles.slug, title: articles.title })
    .from(articles)
    .where(eq(articles.bodyHash, hashBody(body)))
    .get();
  return row ?? null;
}

/**
 * Brings an article into the desk and stores the extractor's `check` and
 * `maybe` sentences as open suggestions, all in one transaction with its
 * audit events. The same URL or the very same text twice is refused with a
 * DuplicateArticleError naming the article already there.
 */
export function intakeArticle(input: Loose<typeof intakeInputSchema> & { by: Principal | null }): IntakeResult {
  authorize(input.by, "claim.edit");
  const data = parseInput(intakeInputSchema, input);
  const url = data.url ? canonicalArticleUrl(data.url) : null;
  // Extraction runs before the write lock is taken: it is the slow part.
  const found = extractClaims(data.body).filter((s) => s.label === "check" || s.label === "maybe");
  return mutate({
    by: input.by,
    permission: "claim.edit",
    write: (tx, _data, by) => {
      const sameText = articleWithBody(tx, data.body);
      if (sameText) {
        throw new DuplicateArticleError(`This text was already brought in as “${sameText.title}”.`, "body", sameText);
      }
      const sameUrl = data.url ? articleWithUrl(tx, data.url) : null;
      if (sameUrl) {
        throw new DuplicateArticleError(
          `An article from this URL was already brought in: “${sameUrl.title}”.`,
          "url",
          sameUrl,
        );
      }
      const { article, event: created } = insertArticle(tx, by, {
        ...data,
        url,
        title: data.title || titleFromBody(data.body),
      });
      const now = new Date().toISOString();
      const stored: { id: number; spanStart: number; spanEnd: number; label: SuggestionLabel; score: number }[] = [];
      // A few hundred rows at a time keeps each statement under SQLite's limit on bound values.
      for (let i = 0; i < found.length; i += 200) {
        const rows = found.slice(i, i + 200).map((s) => ({
          articleId: article.id,
          spanStart: s.start,
          spanEnd: s.end,
          text: s.text,
          score: s.score,
          label: s.label,
          reasons: JSON.stringify(s.reasons),
          claimant: s.claimant,
          reportedBy: s.reportedBy,
          createdAt: now,
        }));
        stored.push(
          ...tx
            .insert(suggestions)
            .values(rows)
            .returning({
              id: suggestions.id,
              spanStart: suggestions.spanStart,
              spanEnd: suggestions.spanEnd,
              label: suggestions.label,
              score: suggestions.score,
            })
            .all(),
        );
      }
      const suggested = {
        check: stored.filter((s) => s.label === "check").length,
        maybe: stored.filter((s) => s.label === "maybe").length,
      };
      return {
        result: { article, suggested },
        audit: [
          created,
          {
            action: "article.claims_suggested",
            entityType: "article",
            entityId: article.id,
            after: { ...suggested, suggestions: stored },
          },
        ],
      };
    },
  });
}
