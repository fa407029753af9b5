"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { createSavedView, deleteSavedView, renameSavedView, setSavedViewShared } from "@/lib/claims/saved-views";

// Thin: lib/claims/saved-views checks who may do what, parses the fields and
// writes the audit event. Every desk page's header lists the views, so a
// change refreshes the whole reviewer area.

function refreshed(state: ActionState): ActionState {
  if (state?.ok) revalidatePath("/review", "layout");
  return state;
}

export async function saveViewAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      createSavedView({ by, name: fields.name, query: fields.query, shared: fields.shared });
      return "View saved. Find it under Views in the header.";
    }),
  );
}

export async function renameViewAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      renameSavedView({ by, viewId: fields.viewId, name: fields.name });
      return "View renamed.";
    }),
  );
}

export async function shareViewAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      setSavedViewShared({ by, viewId: fields.viewId, shared: fields.shared });
      return fields.shared === "true" ? "View shared with the desk." : "View no longer shared.";
    }),
  );
}

export async function deleteViewAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      deleteSavedView({ by, viewId: fields.viewId });
      return "View deleted.";
    }),
  );
}
