"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionState } from "@/lib/actions";
import { linkDuplicate, unlinkDuplicate } from "@/lib/intake/duplicates";
import { DuplicateArticleError, intakeArticle } from "@/lib/intake/intake";
import { acceptSuggestion, createClaimFromSpan, rejectSuggestion } from "@/lib/intake/suggestions";
import type { ExistingArticle, IntakeState } from "./state";

// Thin by design: lib/intake checks the role, parses every field with zod and
// writes the audit events; these only pass the form's fields through.

function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

const ARTICLE_PAGE = "/(review)/review/articles/[slug]";
const CLAIM_PAGE = "/(review)/review/claims/[slug]";

function refreshed(state: ActionState, pages: string[]): ActionState {
  if (state.status === "ok" || (state.status === "error" && state.current)) {
    for (const page of pages) revalidatePath(page, "page");
  }
  return state;
}

/** Brings an article in, then opens it with its suggestions; a duplicate is refused with a link to the one already there. */
export async function intakeArticleAction(_previous: IntakeState, formData: FormData): Promise<IntakeState> {
  let created: string | undefined;
  let existing: ExistingArticle | undefined;
  const state = await runAction(formData, (by) => {
    try {
      const result = intakeArticle({
        by,
        title: field(formData, "title"),
        outlet: field(formData, "outlet"),
        url: field(formData, "url"),
        author: field(formData, "author"),
        publishedAt: field(formData, "publishedAt"),
        body: field(formData, "body"),
      });
      created = result.article.slug;
      return `Brought in “${result.article.title}”.`;
    } catch (error) {
      if (error instanceof DuplicateArticleError) existing = { slug: error.existing.slug, title: error.existing.title };
      throw error;
    }
  });
  if (created) {
    revalidatePath("/review/articles");
    redirect(`/review/articles/${encodeURIComponent(created)}`);
  }
  return existing ? { ...state, existing } : state;
}

/** Accepts a suggestion as a claim, or rejects it: the pressed button's `intent` says which. */
export async function decideSuggestionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, (by) => {
    if (field(formData, "intent") === "reject") {
      rejectSuggestion({ by, suggestionId: field(formData, "suggestionId") });
      return "Suggestion rejected.";
    }
    const claim = acceptSuggestion({
      by,
      suggestionId: field(formData, "suggestionId"),
      summary: field(formData, "summary"),
      text: field(formData, "text"),
      claimant: field(formData, "claimant"),
      reportedBy: field(formData, "reportedBy"),
    });
    return `Claim “${field(formData, "summary")?.trim() ?? claim.slug}” created, unverified.`;
  });
  return refreshed(state, [ARTICLE_PAGE, "/review"]);
}

/** A claim from a span the reviewer selected (or typed the offsets of) in the article. */
export async function createSpanClaimAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, (by) => {
    createClaimFromSpan({
      by,
      articleId: field(formData, "articleId"),
      spanStart: field(formData, "spanStart"),
      spanEnd: field(formData, "spanEnd"),
      summary: field(formData, "summary"),
      claimant: field(formData, "claimant"),
      reportedBy: field(formData, "reportedBy"),
    });
    return `Claim “${field(formData, "summary")?.trim() ?? ""}” created, unverified.`;
  });
  return refreshed(state, [ARTICLE_PAGE, "/review"]);
}

/** Links a claim to the one it repeats, or removes that link: the pressed button's `intent` says which. */
export async function duplicateLinkAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, (by) => {
    if (field(formData, "intent") === "unlink") {
      unlinkDuplicate({ by, claimId: field(formData, "claimId"), expectedVersion: field(formData, "expectedVersion") });
      return "Link removed: this claim is checked on its own again.";
    }
    linkDuplicate({
      by,
      claimId: field(formData, "claimId"),
      duplicateOfId: field(formData, "duplicateOfId"),
      expectedVersion: field(formData, "expectedVersion"),
    });
    return "Linked: this claim is now marked as a duplicate of the one already checked.";
  });
  return refreshed(state, [ARTICLE_PAGE, CLAIM_PAGE]);
}
