"use client";

import { createContext, useActionState, useContext, useId, type ReactNode } from "react";
import { FormFeedback } from "@/app/components/forms";
import { duplicateLinkAction } from "./actions";
import styles from "./articles.module.css";

const LinkAction = createContext<{ action: (formData: FormData) => void; pending: boolean } | null>(null);

function useLinkAction() {
  const scope = useContext(LinkAction);
  if (!scope) throw new Error("Duplicate link forms must be inside DuplicateLinkScope.");
  return scope;
}

/**
 * One action state for a claim's links: linking makes the list of possible
 * duplicates disappear, so the outcome is shown above it rather than in the
 * form that goes away. Without JavaScript the forms post to `permalink`.
 */
export function DuplicateLinkScope({ permalink, children }: { permalink: string; children: ReactNode }) {
  const [state, action, pending] = useActionState(duplicateLinkAction, null, permalink);
  const currentId = useId();
  return (
    <LinkAction.Provider value={{ action, pending }}>
      <FormFeedback state={state} id={currentId} />
      {children}
    </LinkAction.Provider>
  );
}

/** "Link as duplicate": marks the claim as repeating `duplicateOfId`, which was (or is being) checked already. */
export function DuplicateLinkForm({
  claimId,
  duplicateOfId,
  version,
  summary,
}: {
  claimId: number;
  duplicateOfId: number;
  version: number;
  /** The matching claim's summary, so each button says what it links to. */
  summary: string;
}) {
  const { action, pending } = useLinkAction();
  return (
    <form action={action} className={styles.inlineForm}>
      <input type="hidden" name="claimId" value={claimId} />
      <input type="hidden" name="duplicateOfId" value={duplicateOfId} />
      <input type="hidden" name="expectedVersion" value={version} />
      <button type="submit" name="intent" value="link" className="button-secondary" disabled={pending}>
        Link as duplicate<span className="visually-hidden"> of “{summary}”</span>
      </button>
    </form>
  );
}

/** Removes the claim's duplicate link, so it is checked on its own again. */
export function UnlinkDuplicateForm({ claimId, version }: { claimId: number; version: number }) {
  const { action, pending } = useLinkAction();
  return (
    <form action={action} className={styles.inlineForm}>
      <input type="hidden" name="claimId" value={claimId} />
      <input type="hidden" name="expectedVersion" value={version} />
      <button type="submit" name="intent" value="unlink" className="button-secondary" disabled={pending}>
        Remove link
      </button>
    </form>
  );
}
