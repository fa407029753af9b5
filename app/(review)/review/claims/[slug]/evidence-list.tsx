"use client";

import { useActionState } from "react";
import type { SourceCheckResult } from "@/db/schema";
import type { EvidenceItem } from "@/lib/claims/workspace";
import { STANCE_LABELS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import { FormFeedback, fromState, SubmitButton, TextField, typedValue } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
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
  const [state, formAction] = useActionState(recheckEvidenceAction, null);
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
          <SubmitButton pendingLabel="Checking…">Re-check source</SubmitButton>
        </form>
      )}
      <FormFeedback state={state} />
    </div>
  );
}

export function EvidenceList({ items, version }: { items: EvidenceItem[]; version: number }) {
  const [state, formAction, pending] = useActionState(removeEvidenceAction, null);
  const failedId = state && !state.ok ? typedValue(state, "evidenceId") : undefined;

  return (
    <section aria-labelledby="evidence-heading" id="evidence">
      <h2 id="evidence-heading">Evidence</h2>
      <FormFeedback state={state} id="evidence" />
      {items.length === 0 ? (
        <p className="empty">No evidence yet. Add a source below.</p>
      ) : (
        <ul className={styles.evidenceList}>
          {items.map((item) => {
            const failed = failedId === String(item.id);
            return (
              <Panel as="li" compact key={item.id} className={item.removed ? styles.removed : undefined}>
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
                    <TextField
                      id={`evidence-${item.id}-reason`}
                      label="Reason for removal"
                      className={styles.removeField}
                      {...(failed ? fromState(state, "reason") : { name: "reason", defaultValue: "" })}
                    />
                    {/* One action for every item's form, so every remove button waits while one is sent. */}
                    <SubmitButton className="button-danger" pending={pending}>
                      Remove evidence
                    </SubmitButton>
                  </form>
                )}
              </Panel>
            );
          })}
        </ul>
      )}
    </section>
  );
}
