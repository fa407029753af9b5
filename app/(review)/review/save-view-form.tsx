"use client";

import { useActionState } from "react";
import { CheckboxField, FormFeedback, fromState, SubmitButton, TextField } from "@/app/components/forms";
import { saveViewAction } from "./views/actions";
import styles from "./save-view-form.module.css";

/**
 * "Save this view" for the queue's filter bar: names the filters in the URL
 * so the reviewer finds them again under Views in the header. Folded away
 * until asked for, so the filter bar stays one line.
 */
export function SaveViewForm({ query, canShare }: { query: string; canShare: boolean }) {
  const [state, formAction] = useActionState(saveViewAction, null);
  return (
    <div className={styles.saveView}>
      <details open={state !== null && !state.ok ? true : undefined}>
        <summary>Save this view</summary>
        {/* Keyed on the outcome, so a saved name clears and a refused one stays as typed. */}
        <form action={formAction} key={state?.ok ? state.at : "form"} className={styles.form}>
          <input type="hidden" name="query" value={query} />
          <TextField
            {...fromState(state, "name")}
            id="save-view-name"
            label="Name this view"
            maxLength={60}
            required
            autoComplete="off"
            className={`field ${styles.name}`}
          />
          {canShare && (
            <CheckboxField
              id="save-view-shared"
              name="shared"
              label="Share with the desk"
              defaultChecked={state !== null && !state.ok && state.values.shared === "on"}
            />
          )}
          <SubmitButton pendingLabel="Saving…">Save view</SubmitButton>
        </form>
      </details>
      <FormFeedback state={state} />
    </div>
  );
}
