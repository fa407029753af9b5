"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { applyBulkChange, type BulkOutcome } from "@/lib/claims/bulk";
import { PRIORITY_LABELS } from "@/lib/claims/labels";
import { refreshPublicPages } from "@/app/(public)/refresh-public-pages";
import type { BulkReport, BulkState } from "./bulk-state";

// Thin by design: lib/claims/bulk.ts checks the role, parses every field with
// zod and sends each claim through its one-at-a-time write, audit event and all.

function claims(n: number, one = "claim", many = "claims"): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/** "4 claims assigned to Sam Reviewer." — what was done, in the queue's words. */
function doneMessage(outcome: BulkOutcome, priority: string | undefined): string {
  const n = outcome.done.length;
  if (n === 0) return "No claim was changed.";
  switch (outcome.action) {
    case "assign":
      return `${claims(n)} assigned to ${outcome.assignee?.name ?? "the chosen person"}.`;
    case "take":
      return `${claims(n)} taken: assigned to you.`;
    case "unassign":
      return `${claims(n)} unassigned.`;
    case "handBack":
      return `${claims(n)} handed back.`;
    case "priority":
      return `${claims(n)} set to ${(PRIORITY_LABELS[Number(priority)] ?? "the chosen").toLowerCase()} priority.`;
    case "publish":
      return `${claims(n, "verdict", "verdicts")} published.`;
  }
}

/**
 * Applies the bar's change to the ticked queue rows (`claim`, repeated, each
 * "{id}:{version}"); the pressed button's `action` says which change. The
 * claims refused come back by name with why.
 */
export async function bulkChangeAction(_previous: BulkState, formData: FormData): Promise<BulkState> {
  const state = await runAction<BulkReport>(formData, ({ by, fields }) => {
    const outcome = applyBulkChange({
      by,
      action: fields.action,
      assigneeId: fields.assigneeId,
      priority: fields.priority,
      items: fields.claim,
      seenEventId: fields.seen,
    });
    // Each publication has committed by now: its public pages can be told.
    refreshPublicPages(...outcome.published);
    const refused = outcome.refused.length;
    const done = doneMessage(outcome, typeof fields.priority === "string" ? fields.priority : undefined);
    return {
      message: refused === 0 ? done : `${done} ${claims(refused)} refused, listed below.`,
      data: { done: outcome.done, refused: outcome.refused },
    };
  });
  if (state?.ok) {
    revalidatePath("/review");
    revalidatePath("/(review)/review/claims/[slug]", "page");
  }
  return state;
}
