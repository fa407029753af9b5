"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions";
import type { ClaimState } from "@/lib/claims/claims";
import { ATTRIBUTION_LABELS, PRIORITY_LABELS } from "@/lib/claims/labels";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { HistoryEvents } from "./history-list";
import { formatDateTime } from "./format";

export const IDLE_STATE: ActionState = { status: "idle" };

const LatestConfirmation = createContext<{
  latest: number;
  report: (at: number) => void;
} | null>(null);

/**
 * Groups the forms of one page so only the newest confirmation stays on screen:
 * "Evidence added." should not linger beside a later "Verdict saved.".
 */
export function FeedbackScope({ children }: { children: ReactNode }) {
  const [latest, setLatest] = useState(0);
  const report = useCallback((at: number) => setLatest((previous) => Math.max(previous, at)), []);
  const value = useMemo(() => ({ latest, report }), [latest, report]);
  return <LatestConfirmation.Provider value={value}>{children}</LatestConfirmation.Provider>;
}

/**
 * The form's outcome: a confirmation (role="status") or the error (role="alert").
 * The wrapper is a live region from the start, so the confirmation is announced
 * when it appears.
 */
export function FormMessages({ state }: { state: ActionState }) {
  const scope = useContext(LatestConfirmation);
  const okAt = state.status === "ok" ? state.at : 0;
  useEffect(() => {
    if (okAt > 0) scope?.report(okAt);
  }, [okAt, scope]);
  const showOk = state.status === "ok" && (!scope || state.at >= scope.latest);
  return (
    <div aria-live="polite">
      {showOk && (
        <p role="status" className="form-success">
          {state.message}
        </p>
      )}
      {state.status === "error" && (
        <p role="alert" className="form-alert">
          {state.message}
        </p>
      )}
    </div>
  );
}

/** The messages for one field, tied to its input with aria-describedby={id}. */
export function FieldError({ id, state, name }: { id: string; state: ActionState; name: string }) {
  const errors = fieldErrors(state, name);
  if (errors.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {errors.join(" ")}
    </p>
  );
}

export function fieldErrors(state: ActionState, name: string): string[] {
  return state.status === "error" ? (state.fieldErrors[name] ?? []) : [];
}

/** Props that mark a field invalid and point it at its error message. */
export function invalidProps(state: ActionState, name: string, errorId: string) {
  return fieldErrors(state, name).length > 0 ? { "aria-invalid": true, "aria-describedby": errorId } : {};
}

/** What the person typed when the last submission was refused, else `fallback`: nothing typed is lost. */
export function typedValue(state: ActionState, name: string, fallback: string): string {
  return state.status === "error" ? (state.values[name] ?? fallback) : fallback;
}

/**
 * The claim as it is now, shown when an edit was refused because someone else
 * changed it first: who changed what since the person loaded the page, then
 * every field's current value. The form below keeps what they typed.
 */
export function CurrentStateBox({ current, id }: { current: ClaimState; id: string }) {
  return (
    <section className="notice" aria-labelledby={id}>
      <h3 id={id}>Current state</h3>
      {current.changesSince.length > 0 && (
        <>
          <p>Changed since you opened the claim:</p>
          <HistoryEvents entries={current.changesSince} />
        </>
      )}
      <dl className="facts">
        <dt>Status</dt>
        <dd>{STATUS_DEFINITIONS[current.status].label}</dd>
        <dt>Rationale</dt>
        <dd>{current.rationale || <span className="muted">None</span>}</dd>
        <dt>Summary</dt>
        <dd>{current.summary}</dd>
        <dt>Claimant</dt>
        <dd>{current.claimant ?? <span className="muted">Not recorded</span>}</dd>
        <dt>First appeared in</dt>
        <dd>{current.firstAppearedIn ?? <span className="muted">Not recorded</span>}</dd>
        <dt>Reported by</dt>
        <dd>{current.reportedBy ?? <span className="muted">Not recorded</span>}</dd>
        <dt>Attribution</dt>
        <dd>
          {ATTRIBUTION_LABELS[current.attributionStatus]}
          {current.attributionNote && <> — {current.attributionNote}</>}
        </dd>
        <dt>Priority</dt>
        <dd>{PRIORITY_LABELS[current.priority] ?? current.priority}</dd>
        <dt>Version</dt>
        <dd>{current.version}</dd>
        <dt>Last changed by</dt>
        <dd>
          {current.lastChangedBy ?? "Unknown"},{" "}
          <time dateTime={current.updatedAt}>{formatDateTime(current.updatedAt)}</time>
        </dd>
      </dl>
    </section>
  );
}
