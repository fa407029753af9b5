"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { createFeedToken, revokeFeedToken } from "@/lib/users/feed-tokens";

// Thin: lib/users/feed-tokens makes, hashes and revokes the token and audits it.

/** The new token comes back once, in the action's result; nothing stores it in the clear. */
export async function createFeedTokenAction(
  _previous: ActionState<{ token: string }>,
  formData: FormData,
): Promise<ActionState<{ token: string }>> {
  const state = await runAction(formData, ({ by }) => ({
    message: "New feed address made. Copy it now: it is shown only this once. Any earlier address no longer works.",
    data: createFeedToken({ by }),
  }));
  if (state?.ok) revalidatePath("/review/settings");
  return state;
}

export async function revokeFeedTokenAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by }) => {
    revokeFeedToken({ by });
    return "Feed address revoked. Feed readers using it now get nothing.";
  });
  if (state?.ok) revalidatePath("/review/settings");
  return state;
}
