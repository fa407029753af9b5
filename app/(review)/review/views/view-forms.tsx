"use client";

import { useActionState } from "react";
import type { SavedViewItem } from "@/lib/claims/saved-views";
import { FormFeedback, fromState, SubmitButton, TextField } from "@/app/components/forms";
import { deleteViewAction, renameViewAction, shareViewAction } from "./actions";
import styles from "./views.module.css";

type ManagedView = Pick<SavedViewItem, "id" | "name" | "shared" | "canManage" | "canShare">;

/** Rename, share or unshare, and delete one view: only the controls the person may use are shown. */
export function ViewForms({ view }: { view: ManagedView }) {
  const [renamed, rename] = useActionState(renameViewAction, null);
  const [shared, share] = useActionState(shareViewAction, null);
  const [deleted, remove] = useActionState(deleteViewAction, null);
  return (
    <div className={styles.forms}>
      {view.canManage && (
        <form action={rename} className={styles.inline} key={renamed?.ok ? renamed.at : "rename"}>
          <input type="hidden" name="viewId" value={view.id} />
          <TextField
            {...fromState(renamed, "name", view.name)}
            id={`view-${view.id}-name`}
            label={`New name for “${view.name}”`}
            labelHidden
            maxLength={60}
            required
            autoComplete="off"
            className={`field ${styles.nameField}`}
          />
          <SubmitButton className="button-secondary" pendingLabel="Renaming…">
            Rename
          </SubmitButton>
        </form>
      )}
      {view.canShare && (
        <form action={share} className={styles.inline}>
          <input type="hidden" name="viewId" value={view.id} />
          <input type="hidden" name="shared" value={view.shared ? "false" : "true"} />
          <SubmitButton
            className="button-secondary"
            aria-label={`${view.shared ? "Stop sharing" : "Share"} “${view.name}”`}
          >
            {view.shared ? "Stop sharing" : "Share with the desk"}
          </SubmitButton>
        </form>
      )}
      {view.canManage && (
        <form action={remove} className={styles.inline}>
          <input type="hidden" name="viewId" value={view.id} />
          <SubmitButton className="button-danger" aria-label={`Delete “${view.name}”`} pendingLabel="Deleting…">
            Delete
          </SubmitButton>
        </form>
      )}
      <FormFeedback state={renamed} />
      <FormFeedback state={shared} />
      <FormFeedback state={deleted} />
    </div>
  );
}
