import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import { articles, claims, suggestions, type SuggestionLabel, type SuggestionState } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { claimInputSchema, insertClaim, summarySchema, type ClaimRef } from "@/lib/claims/claims";
import { AppError } from "@/lib/errors";
import { REASON_CODES, REASON_LABELS, type ReasonCode } from "@/lib/extraction/score";
import { mutate, type AuditedEvent } from "@/lib/mutation";
import { parseInput, type Loose } from "@/lib/validation";
import { shortened } from "./intake";

// The extractor's suggestions for an article (intake.ts stores them), and
// claims from any span: the reviewer accepts, edits or rejects each one.

// ---------------------------------------------------------------- input schemas

const idSchema = (what: string) =>
  z.coerce
    .number({ message: `Unknown ${what}.` })
    .int()
    .positive(`Unknown ${what}.`);
const personSchema = z.string().trim().max(200, "At most 200 characters.").nullish();
export const acceptSuggestionSchema = z.object({
  suggestionId: idSchema("suggestion"),
  summary: summarySchema,
  /** The words of the article to keep: the suggested sentence, or a stretch of it the reviewer trimmed. */
  text: z.string().max(20_000, "At most 20,000 characters.").nullish(),
  claimant: personSchema,
  reportedBy: personSchema,
});

export const rejectSuggestionSchema = z.object({ suggestionId: idSchema("suggestion") });

// An empty offset field is missing, not 0 (which z.coerce would make of it).
const offsetSchema = (message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ message }).int(message).min(0, "Offsets count from 0, the first character of the text."),
  );

/** A claim from a span the reviewer selected (or typed) in the article. */
export const spanClaimSchema = claimInputSchema.extend({
  spanStart: offsetSchema("Give the offset where the claim starts (select the words in the text)."),
  spanEnd: offsetSchema("Give the offset where the claim ends (select the words in the text)."),
});

// ---------------------------------------------------------------- DTOs

export interface SuggestionReason {
  code: ReasonCode;
  /** What the reason means, as the review screen says it. */
  label: string;
  weight: number;
  /** The words that triggered it. */
  evidence: string;
}

export interface SuggestionItem {
  id: number;
  spanStart: number;
  spanEnd: number;
  text: string;
  score: number;
  label: SuggestionLabel;
  reasons: SuggestionReason[];
  claimant: string | null;
  reportedBy: string | null;
  state: SuggestionState;
  /** A summary to start from: the sentence itself, shortened at a word to fit 75 characters. */
  summaryDraft: string;
}

// ---------------------------------------------------------------- suggestions

/** The sentence as a first summary, shortened to fit ClaimReview's 75 characters. */
export function draftSummary(text: string): string {
  return shortened(text, 75);
}

const storedReasons = z
  .array(z.object({ code: z.enum(REASON_CODES), weight: z.number(), evidence: z.string() }))
  .catch([]);

function reasonsOf(json: string): SuggestionReason[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return [];
  }
  return storedReasons.parse(data).map((r) => ({ ...r, label: REASON_LABELS[r.code] }));
}

/** An article's suggestions in a given state (open by default), best first. */
export function listArticleSuggestions(input: {
  by: Principal | null;
  articleId: unknown;
  state?: SuggestionState;
}): SuggestionItem[] {
  authorize(input.by, "claim.edit");
  const articleId = parseInput(idSchema("article"), input.articleId);
  return getDb()
    .select({
      id: suggestions.id,
      spanStart: suggestions.spanStart,
      spanEnd: suggestions.spanEnd,
      text: suggestions.text,
      score: suggestions.score,
      label: suggestions.label,
      reasons: suggestions.reasons,
      claimant: suggestions.claimant,
      reportedBy: suggestions.reportedBy,
      state: suggestions.state,
    })
    .from(suggestions)
    .where(and(eq(suggestions.articleId, articleId), eq(suggestions.state, input.state ?? "open")))
    .orderBy(desc(suggestions.score), asc(suggestions.spanStart))
    .all()
    .map((row) => ({ ...row, reasons: reasonsOf(row.reasons), summaryDraft: draftSummary(row.text) }));
}

type SuggestionRow = typeof suggestions.$inferSelect;

function openSuggestion(tx: Tx, suggestionId: number): SuggestionRow {
  const suggestion = tx.select().from(suggestions).where(eq(suggestions.id, suggestionId)).get();
  if (!suggestion) throw new AppError("not_found", "That suggestion does not exist.");
  if (suggestion.state === "accepted") {
    const claim =
      suggestion.claimId !== null
        ? tx.select({ summary: claims.summary }).from(claims).where(eq(claims.id, suggestion.claimId)).get()
        : undefined;
    throw new AppError("conflict", `This suggestion was already accepted${claim ? ` as “${claim.summary}”` : ""}.`);
  }
  if (suggestion.state === "rejected") throw new AppError("conflict", "This suggestion was already rejected.");
  return suggestion;
}

/** The span without the spaces and line breaks at its ends, so a claim's offsets frame its words exactly. */
function trimSpan(body: string, start: number, end: number): { spanStart: number; spanEnd: number } {
  let s = start;
  let e = Math.min(end, body.length);
  while (s < e && /\s/.test(body[s] ?? "")) s += 1;
  while (e > s && /\s/.test(body[e - 1] ?? "")) e -= 1;
  return s < e ? { spanStart: s, spanEnd: e } : { spanStart: start, spanEnd: end };
}

/**
 * Where the reviewer's edited text sits in the article: the occurrence nearest
 * the suggestion. A claim's text is always the article's own words at its
 * offsets, so an edit may trim the sentence but not reword it.
 */
function spanOfEditedText(
  body: string,
  suggestion: SuggestionRow,
  edited: string,
): { spanStart: number; spanEnd: number } {
  let best: number | null = null;
  for (let at = body.indexOf(edited); at !== -1; at = body.indexOf(edited, at + 1)) {
    if (best === null || Math.abs(at - suggestion.spanStart) < Math.abs(best - suggestion.spanStart)) best = at;
    if (at > suggestion.spanEnd) break;
  }
  if (best === null) {
    const message = "The claim's text must be the article's own words: trim the sentence rather than rewording it.";
    throw new AppError("invalid", message, { text: [message] });
  }
  return { spanStart: best, spanEnd: best + edited.length };
}

/**
 * Turns a suggestion into an `unverified` claim at its offsets (or at the
 * stretch of it the reviewer kept), with the summary, claimant and
 * reported-by the reviewer confirmed. A suggestion is decided once.
 */
export function acceptSuggestion(input: Loose<typeof acceptSuggestionSchema> & { by: Principal | null }): ClaimRef {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: acceptSuggestionSchema,
    input,
    write: (tx, data, by) => {
      const suggestion = openSuggestion(tx, data.suggestionId);
      const article = tx
        .select({ body: articles.body })
        .from(articles)
        .where(eq(articles.id, suggestion.articleId))
        .get();
      if (!article) throw new AppError("not_found", "That suggestion's article does not exist.");
      const edited = data.text?.trim() ?? "";
      const span =
        edited.length > 0 && edited !== suggestion.text.trim()
          ? spanOfEditedText(article.body, suggestion, edited)
          : trimSpan(article.body, suggestion.spanStart, suggestion.spanEnd);
      const claimData = parseInput(claimInputSchema, {
        articleId: suggestion.articleId,
        ...span,
        summary: data.summary,
        claimant: data.claimant,
        reportedBy: data.reportedBy,
      });
      const { claim, event } = insertClaim(tx, by, claimData);
      return { result: claim, audit: [event, decide(tx, by, suggestion, "accepted", claim.id)] };
    },
  });
}

function decide(
  tx: Tx,
  by: Principal,
  suggestion: SuggestionRow,
  state: "accepted" | "rejected",
  claimId: number | null,
): AuditedEvent {
  tx.update(suggestions)
    .set({ state, claimId, decidedBy: by.kind === "user" ? by.id : null, decidedAt: new Date().toISOString() })
    .where(and(eq(suggestions.id, suggestion.id), eq(suggestions.state, "open")))
    .run();
  return {
    action: state === "accepted" ? "suggestion.accepted" : "suggestion.rejected",
    entityType: "suggestion",
    entityId: suggestion.id,
    before: { state: suggestion.state },
    after: {
      state,
      articleId: suggestion.articleId,
      spanStart: suggestion.spanStart,
      spanEnd: suggestion.spanEnd,
      claimId,
    },
  };
}

export function rejectSuggestion(input: Loose<typeof rejectSuggestionSchema> & { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    schema: rejectSuggestionSchema,
    input,
    write: (tx, data, by) => ({
      result: undefined,
      audit: decide(tx, by, openSuggestion(tx, data.suggestionId), "rejected", null),
    }),
  });
}

/**
 * A claim from any span the reviewer selected in the article, not only the
 * suggested ones. An open suggestion over exactly the same words counts as
 * accepted by it, so it leaves the list.
 */
export function createClaimFromSpan(input: Loose<typeof spanClaimSchema> & { by: Principal | null }): ClaimRef {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: spanClaimSchema,
    input,
    write: (tx, data, by) => {
      const article = tx.select({ body: articles.body }).from(articles).where(eq(articles.id, data.articleId)).get();
      if (!article) throw new AppError("not_found", "That article does not exist.");
      return insertSpanClaim(tx, by, article.body, data);
    },
  });
}

/** The write behind a claim from a span, inside the caller's transaction: the claim, then any suggestion it settles. */
export function insertSpanClaim(
  tx: Tx,
  by: Principal,
  body: string,
  data: z.output<typeof spanClaimSchema>,
): { result: ClaimRef; audit: [AuditedEvent, ...AuditedEvent[]] } {
  const span =
    data.spanEnd <= body.length ? trimSpan(body, data.spanStart, data.spanEnd) : { spanStart: data.spanStart, spanEnd: data.spanEnd };
  const { claim, event } = insertClaim(tx, by, { ...data, ...span });
  const same = tx
    .select()
    .from(suggestions)
    .where(
      and(
        eq(suggestions.articleId, data.articleId),
        eq(suggestions.state, "open"),
        eq(suggestions.spanStart, span.spanStart),
        eq(suggestions.spanEnd, span.spanEnd),
      ),
    )
    .all();
  const decided = same.map((suggestion) => decide(tx, by, suggestion, "accepted", claim.id));
  return { result: claim, audit: [event, ...decided] };
}
