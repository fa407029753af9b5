"use client";

import { startTransition, useActionState, useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { PRIORITY_LABELS } from "@/lib/claims/labels";
import { SelectField, SubmitButton, useIsLatestSuccess } from "@/app/components/forms";
import { bulkChangeAction } from "./bulk-actions";
import { BULK_FORM_ID, type BulkState } from "./bulk-state";
import styles from "./bulk-bar.module.css";

const PRIORITY_CHOICES = [1, 2, 3].map((p) => ({ value: String(p), label: PRIORITY_LABELS[p] ?? String(p) }));

/** The queue rows ticked for the bar: checkboxes named `claim` that belong to its form, wherever they are. */
function tickedBoxes(form: HTMLFormElement): HTMLInputElement[] {
  return [...form.elements].filter(
    (element): element is HTMLInputElement =>
      element instanceof HTMLInputElement && element.name === "claim" && element.checked,
  );
}

/** The outcome: how many were changed, then each refused claim by its summary with why. */
function BulkReport({ state, problem }: { state: BulkState; problem: string | null }) {
  const latest = useIsLatestSuccess(state);
  const refused = state?.ok && latest ? state.data.refused : [];
  return (
    <div aria-live="polite" className={styles.report}>
      {problem ? (
        <p role="alert" className="form-alert">
          {problem}
        </p>
      ) : (
        <>
          {state?.ok && latest && (
            <p role="status" className={state.data.done.length > 0 ? "form-success" : "form-alert"}>
              {state.message}
            </p>
          )}
          {state && !state.ok && (
            <p role="alert" className="form-alert">
              {state.message}
            </p>
          )}
          {refused.length > 0 && (
            <div className="form-alert">
              <p className={styles.refusedHeading}>Not changed:</p>
              <ul className={styles.refused}>
                {refused.map((r) => (
                  <li key={r.claimId}>
                    <a href={`/review/claims/${encodeURIComponent(r.slug)}`}>{r.summary}</a>: {r.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </div>
  );
}

interface Props {
  /** Editors assign anyone, unassign and publish; reviewers take free claims, hand back their own and set priority. */
  isEditor: boolean;
  /** Who claims can be assigned to (editors only). */
  people: { id: number; name: string }[];
  meId: number;
  /** The newest audit event when the queue was read (lib/claims/bulk.ts queueMark). */
  seenEventId: number;
  /** Where the form posts without JavaScript: the queue's own URL, filters and all. */
  permalink: string;
}

/**
 * The bar above the queue that changes every ticked row at once. The rows'
 * checkboxes (`<input type="checkbox" name="claim" value="{id}:{version}"
 * form="queue-bulk">`) live in the table, outside this form. Each claim is
 * changed on its own; those refused are listed by name and stay ticked, the
 * rest are unticked. Without JavaScript the form still posts, from the same
 * buttons.
 */
export function BulkBar({ isEditor, people, meId, seenEventId, permalink }: Props) {
  const [state, formAction, pending] = useActionState(bulkChangeAction, null, permalink);
  const formRef = useRef<HTMLFormElement>(null);
  // null until the ticks have been counted in the browser: without JavaScript every control stays shown.
  const [count, setCount] = useState<number | null>(null);
  const [pressed, setPressed] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const recount = useCallback(() => {
    if (formRef.current) setCount(tickedBoxes(formRef.current).length);
  }, []);

  // The rows are the queue's; a tick anywhere on the page bubbles a change event here.
  useEffect(() => {
    const onChange = () => {
      setProblem(null);
      recount();
    };
    recount();
    document.addEventListener("change", onChange);
    return () => document.removeEventListener("change", onChange);
  }, [recount]);

  // After a change the claims done are unticked; the refused stay ticked, now at their current version.
  const doneAt = state?.ok ? state.at : 0;
  const doneIds = state?.ok ? state.data.done.map((d) => d.claimId).join(",") : "";
  useEffect(() => {
    const form = formRef.current;
    if (!form || doneAt === 0) return;
    const done = new Set(doneIds.split(",").filter(Boolean));
    // click(), not `checked`: the queue's own "select all" listens for the change event too.
    for (const box of tickedBoxes(form)) {
      if (done.has(box.value.split(":")[0] ?? "")) box.click();
    }
    recount();
  }, [doneAt, doneIds, recount]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Sent by hand, so React does not reset the form (and every tick) after the action.
    event.preventDefault();
    const form = event.currentTarget;
    const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null;
    const data = new FormData(form, submitter);
    const action = data.get("action");
    if (tickedBoxes(form).length === 0) {
      setProblem("Select at least one claim in the queue first.");
      return;
    }
    if (action === "assign" && !data.get("assigneeId")) {
      setProblem("Choose who gets the claims.");
      form.querySelector<HTMLSelectElement>("#bulk-assignee")?.focus();
      return;
    }
    setProblem(null);
    setPressed(typeof action === "string" ? action : null);
    startTransition(() => formAction(data));
  }

  function clearSelection() {
    const form = formRef.current;
    if (!form) return;
    for (const box of tickedBoxes(form)) box.click();
    recount();
  }

  const button = (action: string, label: string, pendingLabel: string, className?: string) => (
    <SubmitButton
      name="action"
      value={action}
      pending={pending}
      pendingLabel={pressed === action ? pendingLabel : undefined}
      className={className}
    >
      {label}
    </SubmitButton>
  );

  const choices = [
    { value: "", label: "Choose a person…" },
    ...people.map((p) => ({ value: String(p.id), label: p.id === meId ? `${p.name} (you)` : p.name })),
  ];

  return (
    <form
      id={BULK_FORM_ID}
      ref={formRef}
      action={formAction}
      onSubmit={onSubmit}
      className={styles.bar}
      // On a phone an empty selection folds the controls away, so the claims come first.
      data-empty={count === 0 ? "" : undefined}
      aria-label="Change the selected claims"
      noValidate
    >
      <input type="hidden" name="seen" value={seenEventId} />
      <div className={styles.controls}>
        <p className={styles.count}>
          <span aria-live="polite">
            <strong>{(count ?? 0).toLocaleString("en")}</strong> selected
          </span>
          {(count ?? 0) > 0 && (
            <button type="button" className={`button-secondary ${styles.clear}`} onClick={clearSelection}>
              Clear<span className="visually-hidden"> the selection</span>
            </button>
          )}
        </p>
        {isEditor && (
          <div className={styles.group}>
            <SelectField
              id="bulk-assignee"
              name="assigneeId"
              label="Assign to"
              className={styles.inlineField}
              options={choices}
              defaultValue=""
            />
            {button("assign", "Assign", "Assigning…")}
          </div>
        )}
        <div className={styles.group}>
          {button("take", "Take", "Taking…", "button-secondary")}
          {button("handBack", "Hand back", "Handing back…", "button-secondary")}
          {isEditor && button("unassign", "Unassign", "Unassigning…", "button-secondary")}
        </div>
        <div className={styles.group}>
          <SelectField
            id="bulk-priority"
            name="priority"
            label="Priority"
            className={styles.inlineField}
            options={PRIORITY_CHOICES}
            defaultValue="1"
          />
          {button("priority", "Set priority", "Setting…", "button-secondary")}
        </div>
        {isEditor && <div className={styles.group}>{button("publish", "Publish", "Publishing…")}</div>}
      </div>
      <BulkReport state={state} problem={problem} />
    </form>
  );
}
