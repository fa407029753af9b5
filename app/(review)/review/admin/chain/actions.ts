"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { anchorNow } from "@/lib/admin/audit-log";

// Thin: lib/admin checks the role, refuses when AUDIT_ANCHOR_FILE is not set
// and records the anchor in the audit log.
export async function anchorNowAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by }) => {
    const anchor = anchorNow({ by });
    return `Anchored event #${anchor.id}.`;
  });
  if (state?.ok) revalidatePath("/review/admin/chain");
  return state;
}
