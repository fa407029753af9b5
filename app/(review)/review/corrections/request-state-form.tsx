"use client";

import { createContext, useActionState, useContext, type ReactNode } from "react";
import type { CorrectionRequestState } from "@/db/schema";
import { FormFeedback, SubmitButton } from "@/app/components/forms";
import { setRequestStateAction } from "./actions";
import styles from "./corrections.module.css";

const StateAction = createContext<{
  action: (formData: FormData) => void;
  pending: boolean;
} | null>(null);

/**
 * One action state for the whole list: a request that was just resolved
 * leaves the "Open" list, so its confirmation is shown above the list rather
 * than in the row that disappears.
 */
export function RequestStateScope({ permalink, children }: { permalink: string; children: ReactNode }) {
  // Without JavaScript the forms post to this page, filter included.
  const [result, action, pending] = useActionState(setRequestStateAction, null, permalink);
  return (
    <StateAction.Provider value={{ action, pending }}>
      <FormFeedback state={result} />
      {children}
    </StateAction.Provider>
  );
}

/** "Mark resolved" and "Dismiss" for an open request, "Reopen" for a handled one: the clicked button sends the new state. */
export function RequestStateForm({ id, state }: { id: number; state: CorrectionRequestState }) {
  const scope = useContext(StateAction);
  if (!scope) throw new Error("RequestStateForm must be inside RequestStateScope.");
  return (
    <form action={scope.action} className={styles.stateForm}>
      <input type="hidden" name="id" value={id} />
      <div className={styles.buttons}>
        {state === "open" ? (
          <>
            <SubmitButton name="state" value="resolved" pending={scope.pending}>
              Mark resolved
            </SubmitButton>
            <SubmitButton name="state" value="dismissed" className="button-secondary" pending={scope.pending}>
              Dismiss
            </SubmitButton>
          </>
        ) : (
          <SubmitButton name="state" value="open" className="button-secondary" pending={scope.pending}>
            Reopen
          </SubmitButton>
        )}
      </div>
    </form>
  );
}
