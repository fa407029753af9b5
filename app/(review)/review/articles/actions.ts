"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { isStaleRefusal, runAction, single, type ActionState } from "@/lib/actions";
import { decideSuggestions, type BulkRefusal } from "@/lib/intake/bulk";
import { linkDuplicate, unlinkDuplicate } from "@/lib/intake/duplicates";
import { importArticleFromUrl } from "@/lib/intake/import-url";
import { DuplicateArticleError, intakeArticle } from "@/lib/intake/intake";
import { acceptSuggestion, rejectSuggestion } from "@/lib/intake/suggestions";
import { createClaimFromWords } from "@/lib/intake/words";
import type { ImportState, IntakeState } from "./state";

// Thin by design: lib/intake checks the role, parses every field with zod and
// writes the audit events; these only pass the form's fields through.

const ARTICLE_PAGE = "/(review)/review/articles/[slug]";
const CLAIM_PAGE = "/(review)/review/claims/[slug]";

function refreshed(state: ActionState, pages: string[]): ActionState {
  if (state?.ok || isStaleRefusal(state)) {
    for (const page of pages) revalidatePath(page, "page");
  }
  return state;
}

/** Brings an article in, then opens it with its suggestions; a duplicate is refused with a link to the one already there. */
export async function intakeArticleAction(_previous: IntakeState, formData: FormData): Promise<IntakeState> {
  const state = await runAction(
    formData,
    ({ by, fields }) => {
      const { article } = intakeArticle({
        by,
        title: fields.title,
        outlet: fields.outlet,
        url: fields.url,
        author: fields.author,
        publishedAt: fields.publishedAt,
        body: fields.body,
      });
      return { message: `Brought in “${article.title}”.`, data: article.slug };
    },
    (error) =>
      error instanceof DuplicateArticleError ? { slug: error.existing.slug, title: error.existing.title } : undefined,
  );
  if (!state?.ok) return state;
  revalidatePath("/review/articles");
  redirect(`/review/articles/${encodeURIComponent(state.data)}`);
}

/**
 * Fetches the article at an address and hands its fields back to prefill the
 * intake form; nothing is saved until the reviewer brings it in.
 */
export async function fetchArticleAction(_previous: ImportState, formData: FormData): Promise<ImportState> {
  return runAction(formData, async ({ by, fields }) => {
    const article = await importArticleFromUrl({ by, sourceUrl: fields.sourceUrl });
    const read = article.title ? `Read “${article.title}” from ${new URL(article.url).host}.` : `Read the page at ${new URL(article.url).host}.`;
    const cut = article.truncated
      ? " The page is very long and only its beginning was read: check that the text ends where the article does."
      : "";
    return {
      message: `${read}${cut} Check the fields below against the page, correct what it got wrong, then bring the article in.`,
      data: article,
    };
  });
}

/** Accepts a suggestion as a claim, or rejects it: the pressed button's `intent` says which. */
export async function decideSuggestionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    if (fields.intent === "reject") {
      rejectSuggestion({ by, suggestionId: fields.suggestionId });
      return "Suggestion rejected.";
    }
    const claim = acceptSuggestion({
      by,
      suggestionId: fields.suggestionId,
      summary: fields.summary,
      text: fields.text,
      claimant: fields.claimant,
      reportedBy: fields.reportedBy,
    });
    return `Claim “${single(fields, "summary")?.trim() ?? claim.slug}” created, unverified.`;
  });
  return refreshed(state, [ARTICLE_PAGE, "/review"]);
}

/**
 * Accepts or rejects the ticked suggestions (`suggestionId`, repeated), or
 * every "check" one shown (`checkId`, repeated) for "Accept all check".
 * Each is its own decision; the refused ones come back by their sentence.
 */
export async function bulkDecideAction(
  _previous: ActionState<BulkRefusal[]>,
  formData: FormData,
): Promise<ActionState<BulkRefusal[]>> {
  const state = await runAction(formData, ({ by, fields }) => {
    const intent = single(fields, "intent");
    const outcome = decideSuggestions({
      by,
      decision: intent === "reject" ? "reject" : intent === "accept" || intent === "accept-check" ? "accept" : intent,
      suggestionIds: intent === "accept-check" ? fields.checkId : fields.suggestionId,
    });
    const n = outcome.done.length;
    const what =
      outcome.decision === "accept"
        ? `${n === 1 ? "1 suggestion" : `${n} suggestions`} accepted as unverified claims.`
        : `${n === 1 ? "1 suggestion" : `${n} suggestions`} rejected.`;
    const refused = outcome.refused.length;
    return {
      message: refused === 0 ? what : `${what} ${refused === 1 ? "1 was" : `${refused} were`} refused, listed below.`,
      data: outcome.refused,
    };
  });
  if (state?.ok || state === null) for (const page of [ARTICLE_PAGE, "/review"]) revalidatePath(page, "page");
  return state;
}

/** A claim from words of the article the reviewer selected, typed or pasted. */
export async function createSpanClaimAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    createClaimFromWords({
      by,
      articleId: fields.articleId,
      words: fields.words,
      spanStart: fields.spanStart,
      spanEnd: fields.spanEnd,
      summary: fields.summary,
      claimant: fields.claimant,
      reportedBy: fields.reportedBy,
    });
    return `Claim “${single(fields, "summary")?.trim() ?? ""}” created, unverified.`;
  });
  return refreshed(state, [ARTICLE_PAGE, "/review"]);
}

/** Links a claim to the one it repeats, or removes that link: the pressed button's `intent` says which. */
export async function duplicateLinkAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    if (fields.intent === "unlink") {
      unlinkDuplicate({ by, claimId: fields.claimId, expectedVersion: fields.expectedVersion });
      return "Link removed: this claim is checked on its own again.";
    }
    linkDuplicate({
      by,
      claimId: fields.claimId,
      duplicateOfId: fields.duplicateOfId,
      expectedVersion: fields.expectedVersion,
    });
    return "Linked: this claim is now marked as a duplicate of the one already checked.";
  });
  return refreshed(state, [ARTICLE_PAGE, CLAIM_PAGE]);
}
