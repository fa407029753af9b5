"use client";

import { useActionState } from "react";
import type { EvidenceItem } from "@/lib/claims/claims";
import { STANCE_LABELS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import { FieldError, FormMessages, IDLE_STATE, invalidProps, typedValue } from "@/app/components/form-feedback";
import { removeEvidenceAction } from "./actions";
import styles from "./workspace.module.css";

/**
 * One action state for every removal form: a removed item loses its form,
 * so the confirmation has to live above the items.
 */
export function EvidenceList({ items }: { items: EvidenceItem[] }) {
  const [state, formAction, pending] = useActionState(removeEvidenceAction, IDLE_STATE);
  const failedId = state.status === "error" ? state.values.evidenceId : undefined;

  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence</h2>
      <FormMessages state={state} />
      {items.length === 0 ? (
        <p className="empty">No evidence yet. Add a source below.</p>
      ) : (
        <ul className={styles.evidenceList}>
          {items.map((item) => {
            const failed = failedId === String(item.id);
            const errorId = `evidence-${item.id}-reason-error`;
            return (
              <li key={item.id} className={item.removed ? `${styles.evidence} ${styles.removed}` : styles.evidence}>
                <p className={styles.evidenceMeta}>
                  <span className={`${styles.stance} ${styles[item.stance]}`}>{STANCE_LABELS[item.stance]}</span>
                  {item.removed && <span className={styles.removedLabel}>Removed</span>}
                </p>
                <h3 className={styles.evidenceTitle}>
                  {item.removed ? (
                    <s>{item.title}</s>
                  ) : (
                    <a href={item.url} rel="noopener noreferrer" target="_blank">
                      {item.title}
                    </a>
                  )}
                </h3>
                {item.publisher && <p className={styles.publisher}>{item.publisher}</p>}
                {item.quotedPassage && <blockquote>{item.quotedPassage}</blockquote>}
                <p className={styles.byline}>
                  Added by {item.addedBy.name}, <time dateTime={item.addedAt}>{formatDateTime(item.addedAt)}</time>
                </p>
                {item.removed ? (
                  <p className={styles.byline}>
                    Removed <time dateTime={item.removed.at}>{formatDateTime(item.removed.at)}</time>
                    {item.removed.reason && <>. Reason: {item.removed.reason}</>}
                  </p>
                ) : (
                  <form action={formAction} className={styles.removeForm} noValidate>
                    <input type="hidden" name="evidenceId" value={item.id} />
                    <div className={styles.removeField}>
                      <label htmlFor={`evidence-${item.id}-reason`}>Reason for removal</label>
                      <input
                        id={`evidence-${item.id}-reason`}
                        name="reason"
                        type="text"
                        defaultValue={failed ? typedValue(state, "reason", "") : ""}
                        {...(failed ? invalidProps(state, "reason", errorId) : {})}
                      />
                      {failed && <FieldError id={errorId} state={state} name="reason" />}
                    </div>
                    <button type="submit" className="button-danger" disabled={pending}>
                      Remove evidence
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
