"use client";

import { useActionState } from "react";
import type { SourceCheckResult } from "@/db/schema";
import type { EvidenceItem } from "@/lib/claims/workspace";
import { STANCE_LABELS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import {
  CurrentStateBox,
  FieldError,
  FormMessages,
  IDLE_STATE,
  invalidProps,
  typedValue,
} from "@/app/components/form-feedback";
import { recheckEvidenceAction, removeEvidenceAction } from "./actions";
import styles from "./workspace.module.css";

/**
 * One action state for every removal form: a removed item loses its form,
 * so the confirmation has to live above the items.
 */
const CHECK_LABELS: Record<SourceCheckResult, string> = {
  match: "Still matches the snapshot",
  changed: "Page changed since cited (quoted passage still there)",
  "passage-missing": "Quoted passage no longer on the page",
  unreachable: "Page unreachable",
};

function SnapshotInfo({ item }: { item: EvidenceItem }) {
  const [state, formAction, pending] = useActionState(recheckEvidenceAction, IDLE_STATE);
  const snapshot = item.snapshot;
  return (
    <div className={styles.snapshot}>
      {snapshot ? (
        <details>
          <summary>
            {snapshot.source === "fetched" ? "Page copy" : "Quoted passage kept"} from{" "}
            <time dateTime={snapshot.fetchedAt}>{formatDateTime(snapshot.fetchedAt)}</time>
          </summary>
          <p>
            SHA-256 <span className={styles.hash}>{snapshot.sha256}</span>
          </p>
          <pre className={styles.snapshotText} tabIndex={0}>
            {snapshot.text}
          </pre>
          {item.snapshotError && <p className="muted">The page itself could not be fetched: {item.snapshotError}</p>}
        </details>
      ) : (
        <p className="muted">
          No snapshot{item.snapshotError ? `: the page could not be fetched (${item.snapshotError})` : ""}.
        </p>
      )}
      {item.lastCheck && (
        <p>
          Last re-check, <time dateTime={item.lastCheck.at}>{formatDateTime(item.lastCheck.at)}</time>:{" "}
          <span className={item.lastCheck.result === "match" ? styles.checkMatch : styles.checkDrift}>
            {CHECK_LABELS[item.lastCheck.result]}
          </span>
        </p>
      )}
      {snapshot && !item.removed && (
        <form action={formAction} className={styles.inlineForm}>
          <input type="hidden" name="evidenceId" value={item.id} />
          <button type="submit" disabled={pending}>
            {pending ? "Checking…" : "Re-check source"}
          </button>
        </form>
      )}
      <FormMessages state={state} />
    </div>
  );
}

export function EvidenceList({ items, version }: { items: EvidenceItem[]; version: number }) {
  const [state, formAction, pending] = useActionState(removeEvidenceAction, IDLE_STATE);
  const failedId = state.status === "error" ? state.values.evidenceId : undefined;

  return (
    <section aria-labelledby="evidence-heading" id="evidence">
      <h2 id="evidence-heading">Evidence</h2>
      <FormMessages state={state} />
      {state.status === "error" && state.current && (
        <CurrentStateBox current={state.current} id="evidence-current-state" />
      )}
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
                <SnapshotInfo item={item} />
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
                    <input type="hidden" name="expectedVersion" value={version} />
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
