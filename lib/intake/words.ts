import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { articles } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { claimInputSchema, type ClaimRef } from "@/lib/claims/claims";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { Loose } from "@/lib/validation";
import { insertSpanClaim } from "./suggestions";

// A claim by hand from the article's own words (issue #11): reviewers never
// see or type character offsets. With JavaScript, selecting words in the text
// sends their offsets along as a hint; without it, the reviewer types or
// pastes the words and the server finds where they are.

const optionalOffset = z.preprocess(
  (value) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : value),
  z.coerce.number().int().min(0).optional(),
);

export const wordsClaimSchema = claimInputSchema.omit({ spanStart: true, spanEnd: true }).extend({
  words: z
    .string({ message: "Type or paste the words of the claim, exactly as the article has them." })
    .trim()
    .min(1, "Type or paste the words of the claim, exactly as the article has them.")
    .max(20_000, "At most 20,000 characters."),
  /** Where the reviewer's selection was, when a script saw it; only a hint, checked against the words. */
  spanStart: optionalOffset,
  spanEnd: optionalOffset,
});

export type WordsMatch = { ok: true; spanStart: number; spanEnd: number } | { ok: false; message: string };

/** Collapses every run of spaces and line breaks, as text copied from a rendered page does. */
const squeezed = (text: string) => text.replace(/\s+/g, " ").trim();

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Where `words` stand in `body`: at the selection's offsets when they hold
 * those words, else at their one occurrence. Spaces and line breaks match
 * each other, because a copy from the page joins lines; everything else must
 * be exact. Not found, or found more than once, is refused with what to do.
 */
export function findWords(
  body: string,
  words: string,
  selection?: { spanStart?: number; spanEnd?: number },
): WordsMatch {
  const wanted = squeezed(words);
  if (wanted.length === 0) {
    return { ok: false, message: "Type or paste the words of the claim, exactly as the article has them." };
  }
  const { spanStart, spanEnd } = selection ?? {};
  if (spanStart !== undefined && spanEnd !== undefined && spanStart < spanEnd && spanEnd <= body.length) {
    if (squeezed(body.slice(spanStart, spanEnd)) === wanted) return { ok: true, spanStart, spanEnd };
  }
  const pattern = new RegExp(wanted.split(" ").map(escaped).join("\\s+"), "g");
  const matches = [...body.matchAll(pattern)];
  const [only, ...more] = matches;
  if (!only) {
    return {
      ok: false,
      message:
        "Those words are not in the article's text. Copy them from the article exactly as written, or select them in the text.",
    };
  }
  if (more.length > 0) {
    return {
      ok: false,
      message: `Those words appear ${matches.length} times in the article. Add a few words before or after them so they match one place.`,
    };
  }
  return { ok: true, spanStart: only.index, spanEnd: only.index + only[0].length };
}

/** A claim of the article's words the reviewer selected, typed or pasted; refused, with why, when they do not match one place. */
export function createClaimFromWords(input: Loose<typeof wordsClaimSchema> & { by: Principal | null }): ClaimRef {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: wordsClaimSchema,
    input,
    write: (tx, data, by) => {
      const article = tx.select({ body: articles.body }).from(articles).where(eq(articles.id, data.articleId)).get();
      if (!article) throw new AppError("not_found", "That article does not exist.");
      const match = findWords(article.body, data.words, data);
      if (!match.ok) throw new AppError("invalid", match.message, { words: [match.message] });
      return insertSpanClaim(tx, by, article.body, { ...data, spanStart: match.spanStart, spanEnd: match.spanEnd });
    },
  });
}
