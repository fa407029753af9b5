"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import {
  answerCorrectionRequest,
  setCorrectionRequestState,
  startCorrectionReview,
} from "@/lib/claims/correction-requests";

// Thin: lib/claims/correction-requests checks the role (editors and admins)
// and parses every field itself.

export async function startReviewAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    startCorrectionReview({ by, id: fields.id });
    return "Marked under review: the reader's page says so now.";
  });
  if (state?.ok) revalidatePath("/review/corrections");
  return state;
}

export async function answerRequestAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const result = answerCorrectionRequest({
      by,
      id: fields.id,
      outcome: fields.outcome,
      answer: fields.answer,
      publicationId: fields.publicationId,
    });
    return result.state === "resolved"
      ? "Answered and resolved: the reader's page shows your answer."
      : "Answered and dismissed: the reader's page shows your answer.";
  });
  if (state?.ok) revalidatePath("/review/corrections");
  return state;
}

export async function setRequestStateAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    setCorrectionRequestState({ by, id: fields.id, state: fields.state });
    return "Reopened: the reader's page says under review again.";
  });
  if (state?.ok) revalidatePath("/review/corrections");
  return state;
}
