import "server-only";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { suggestions } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import type { ClaimRef } from "@/lib/claims/claims";
import { isAppError } from "@/lib/errors";
import { parseInput, type Loose } from "@/lib/validation";
import { acceptSuggestion, draftSummary, rejectSuggestion } from "./suggestions";

// Deciding many suggestions at once (issue #11): each one goes through the
// same acceptSuggestion / rejectSuggestion as a single decision, in its own
// transaction with its own audit event, so the rules cannot drift apart. One
// refused (already decided, gone) is reported by its sentence and the rest
// still go through.

/** A form sends one id as a string and several as an array; both become an array here. */
const idList = z.preprocess(
  (value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]),
  z
    .array(z.coerce.number({ message: "Unknown suggestion." }).int().positive("Unknown suggestion."))
    .min(1, "Tick at least one suggestion.")
    .max(500, "At most 500 suggestions at once."),
);

export const bulkDecisionSchema = z.object({
  decision: z.enum(["accept", "reject"], { message: "Choose accept or reject." }),
  suggestionIds: idList,
});

export interface BulkRefusal {
  suggestionId: number;
  /** The suggested sentence, so the reviewer can find it; null when the suggestion does not exist. */
  text: string | null;
  message: string;
}

export interface BulkOutcome {
  decision: "accept" | "reject";
  /** Suggestions decided, in the order given; accepted ones with the claim made of them. */
  done: { suggestionId: number; text: string; claim: ClaimRef | null }[];
  refused: BulkRefusal[];
}

/**
 * Accepts or rejects every suggestion in `suggestionIds`. An accepted one
 * becomes an unverified claim whose summary is the suggestion's draft, with
 * the claimant and reported-by it found; a reviewer who wants other words
 * accepts that one on its own, with edits.
 */
export function decideSuggestions(input: Loose<typeof bulkDecisionSchema> & { by: Principal | null }): BulkOutcome {
  authorize(input.by, "claim.edit");
  const data = parseInput(bulkDecisionSchema, input);
  const by = input.by;
  const ids = [...new Set(data.suggestionIds)];
  const found = new Map(
    getDb()
      .select({
        id: suggestions.id,
        text: suggestions.text,
        claimant: suggestions.claimant,
        reportedBy: suggestions.reportedBy,
      })
      .from(suggestions)
      .where(inArray(suggestions.id, ids))
      .all()
      .map((row) => [row.id, row]),
  );
  const outcome: BulkOutcome = { decision: data.decision, done: [], refused: [] };
  for (const id of ids) {
    const suggestion = found.get(id);
    if (!suggestion) {
      outcome.refused.push({ suggestionId: id, text: null, message: "That suggestion does not exist." });
      continue;
    }
    try {
      if (data.decision === "accept") {
        const claim = acceptSuggestion({
          by,
          suggestionId: id,
          summary: draftSummary(suggestion.text),
          claimant: suggestion.claimant,
          reportedBy: suggestion.reportedBy,
        });
        outcome.done.push({ suggestionId: id, text: suggestion.text, claim });
      } else {
        rejectSuggestion({ by, suggestionId: id });
        outcome.done.push({ suggestionId: id, text: suggestion.text, claim: null });
      }
    } catch (error) {
      // Only expected refusals are reported per sentence; a bug still ends the request.
      if (!isAppError(error)) throw error;
      outcome.refused.push({ suggestionId: id, text: suggestion.text, message: error.message });
    }
  }
  return outcome;
}
