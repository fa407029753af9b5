"use client";

import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ButtonHTMLAttributes,
  type ReactNode,
} from "react";
import { useFormStatus } from "react-dom";
import type { ActionState } from "@/lib/actions";
import type { ClaimState } from "@/lib/claims/claims";
import { ATTRIBUTION_LABELS, PRIORITY_LABELS } from "@/lib/claims/labels";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { HistoryEvents } from "./history-list";
import { formatDateTime } from "./format";

// The parts of the form kit (forms.tsx) that run in the browser: the submit
// button's pending state and the outcome shown after a submission.

type AnyState = ActionState<unknown, unknown>;

type SubmitButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  /** The label while the form is being sent, e.g. "Saving…". */
  pendingLabel?: ReactNode;
  /** Pending from outside the form too, when several forms share one action. */
  pending?: boolean;
};

/** The form's submit button: disabled, with its pending label, while its form is being sent. */
export function SubmitButton({ children, pendingLabel, pending, disabled, ...button }: SubmitButtonProps) {
  const status = useFormStatus();
  const busy = status.pending || pending === true;
  return (
    <button type="submit" disabled={busy || disabled} {...button}>
      {busy && pendingLabel ? pendingLabel : children}
    </button>
  );
}

// ---------------------------------------------------------------- outcome

const LatestSuccess = createContext<{ latest: number; report: (at: number) => void } | null>(null);

/**
 * Groups the forms of one page so only the newest confirmation stays on screen:
 * "Evidence added." should not linger beside a later "Verdict saved.".
 */
export function FeedbackScope({ children }: { children: ReactNode }) {
  const [latest, setLatest] = useState(0);
  const report = useCallback((at: number) => setLatest((previous) => Math.max(previous, at)), []);
  const value = useMemo(() => ({ latest, report }), [latest, report]);
  return <LatestSuccess.Provider value={value}>{children}</LatestSuccess.Provider>;
}

/** Whether the state is a success and no form in the scope has succeeded since. */
export function useIsLatestSuccess(state: AnyState): boolean {
  const scope = useContext(LatestSuccess);
  const okAt = state?.ok ? state.at : 0;
  useEffect(() => {
    if (okAt > 0) scope?.report(okAt);
  }, [okAt, scope]);
  return okAt > 0 && (!scope || okAt >= scope.latest);
}

/**
 * The form's outcome: a confirmation (role="status") or the error
 * (role="alert"), and, when an edit was refused as stale, the claim as it is
 * now (ids from `id`). The wrapper is a live region from the start, so the
 * confirmation is announced when it appears. `success` stands in for a
 * confirmation the page shows itself, e.g. after a no-JavaScript redirect.
 */
export function FormFeedback({ state, id, success }: { state: AnyState; id?: string; success?: string }) {
  const latest = useIsLatestSuccess(state);
  const confirmation = state?.ok ? (latest ? state.message : undefined) : state === null ? success : undefined;
  return (
    <>
      <div aria-live="polite">
        {confirmation && (
          <p role="status" className="form-success">
            {confirmation}
          </p>
        )}
        {state && !state.ok && (
          <p role="alert" className="form-alert">
            {state.message}
          </p>
        )}
      </div>
      {state && !state.ok && state.current && (
        <CurrentStateBox current={state.current} id={`${id ?? "form"}-current-state`} />
      )}
    </>
  );
}

/**
 * The claim as it is now, shown when an edit was refused because someone else
 * changed it first: who changed what since the person loaded the page, then
 * every field's current value. The form below keeps what they typed.
 */
function CurrentStateBox({ current, id }: { current: ClaimState; id: string }) {
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
