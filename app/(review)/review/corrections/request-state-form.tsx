"use client";

import { createContext, useActionState, useContext, type ReactNode } from "react";
import type { CorrectionRequestState } from "@/db/schema";
import type { ActionState } from "@/lib/actions";
import {
  FeedbackScope,
  FormFeedback,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextareaField,
} from "@/app/components/forms";
import { formatDate } from "@/app/components/format";
import { answerRequestAction, setRequestStateAction, startReviewAction } from "./actions";
import styles from "./corrections.module.css";

type Dispatch = (formData: FormData) => void;

const Triage = createContext<{
  start: Dispatch;
  answer: Dispatch;
  reopen: Dispatch;
  answerState: ActionState;
  pending: boolean;
} | null>(null);

/**
 * One action state per kind of triage for the whole list: a request that was
 * just answered leaves the "Open" list, so its confirmation is shown above
 * the list rather than in the row that disappears.
 */
export function RequestStateScope({ permalink, children }: { permalink: string; children: ReactNode }) {
  // Without JavaScript the forms post to this page, filter included.
  const [startState, start, startPending] = useActionState(startReviewAction, null, permalink);
  const [answerState, answer, answerPending] = useActionState(answerRequestAction, null, permalink);
  const [reopenState, reopen, reopenPending] = useActionState(setRequestStateAction, null, permalink);
  const pending = startPending || answerPending || reopenPending;
  return (
    <Triage.Provider value={{ start, answer, reopen, answerState, pending }}>
      <FeedbackScope>
        <FormFeedback state={startState} />
        <FormFeedback state={answerState} />
        <FormFeedback state={reopenState} />
      </FeedbackScope>
      {children}
    </Triage.Provider>
  );
}

function useTriage() {
  const scope = useContext(Triage);
  if (!scope) throw new Error("Request forms must be inside RequestStateScope.");
  return scope;
}

export interface TriageRequest {
  id: number;
  state: CorrectionRequestState;
  reviewStartedAt: string | null;
  corrections: { id: number; at: string; reason: string | null }[];
}

/**
 * An open request: "Mark under review" until an editor has, then the answer
 * the reader will see (resolved or dismissed), optionally linked to one of
 * the claim's corrections. An answered request can be reopened.
 */
export function RequestStateForm({ request }: { request: TriageRequest }) {
  const scope = useTriage();
  if (request.state !== "open") {
    return (
      <form action={scope.reopen} className={styles.stateForm}>
        <input type="hidden" name="id" value={request.id} />
        <SubmitButton name="state" value="open" className="button-secondary" pending={scope.pending}>
          Reopen
        </SubmitButton>
      </form>
    );
  }
  // Errors and typed text belong to the form that was sent, not to every open request's.
  const mine = scope.answerState && !scope.answerState.ok && scope.answerState.values.id === String(request.id);
  const state = mine ? scope.answerState : null;
  const field = (name: string) => {
    const failed = state && !state.ok ? state : null;
    const value = failed?.values[name];
    return { name, errors: failed?.fieldErrors[name] ?? [], defaultValue: typeof value === "string" ? value : "" };
  };
  return (
    <div className={styles.stateForm}>
      {!request.reviewStartedAt && (
        <form action={scope.start}>
          <input type="hidden" name="id" value={request.id} />
          <SubmitButton className="button-secondary" pending={scope.pending}>
            Mark under review
          </SubmitButton>
        </form>
      )}
      <details className={styles.answer} open={mine || undefined}>
        <summary>Answer the reader</summary>
        <form action={scope.answer}>
          <input type="hidden" name="id" value={request.id} />
          <TextareaField
            id={`answer-${request.id}`}
            label="Public answer"
            hint="Shown on the reader's private page. Say what you found; no names, no internal notes."
            rows={4}
            {...field("answer")}
          />
          <RadioGroup
            legend="Outcome"
            name="outcome"
            id={`outcome-${request.id}`}
            options={[
              { value: "resolved", label: "Resolved: we acted on it" },
              { value: "dismissed", label: "Dismissed: the verdict stands" },
            ]}
            defaultValue={field("outcome").defaultValue || "resolved"}
            errors={field("outcome").errors}
          />
          {request.corrections.length > 0 && (
            <SelectField
              id={`publication-${request.id}`}
              label="Correction it led to (optional)"
              options={[
                { value: "", label: "None" },
                ...request.corrections.map((c) => ({
                  value: String(c.id),
                  label: `${formatDate(c.at)}${c.reason ? `: ${c.reason.slice(0, 80)}` : ""}`,
                })),
              ]}
              {...field("publicationId")}
            />
          )}
          <SubmitButton pendingLabel="Sending…" pending={scope.pending}>
            Send answer
          </SubmitButton>
        </form>
      </details>
    </div>
  );
}
