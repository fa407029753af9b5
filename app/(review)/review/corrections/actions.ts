"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { setCorrectionRequestState } from "@/lib/claims/correction-requests";

const DONE: Record<string, string> = {
  resolved: "Marked resolved.",
  dismissed: "Dismissed.",
  open: "Reopened.",
};

// Thin: lib/public/correction-requests checks the role (editors and admins)
// and parses the id and state itself.
export async function setRequestStateAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const result = setCorrectionRequestState({ by, id: fields.id, state: fields.state });
    return DONE[result.state] ?? "Saved.";
  });
  if (state?.ok) revalidatePath("/review/corrections");
  return state;
}
