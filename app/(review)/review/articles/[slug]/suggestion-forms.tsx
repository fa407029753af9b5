"use client";

import { createContext, useActionState, useContext, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions";
import { ErrorList, fieldErrors, FormFeedback, invalidProps, typedValue } from "@/app/components/forms";
import { decideSuggestionAction } from "../actions";
import styles from "../articles.module.css";

const Decide = createContext<{ action: (formData: FormData) => void; pending: boolean; state: ActionState } | null>(
  null,
);

function useDecide() {
  const scope = useContext(Decide);
  if (!scope) throw new Error("Suggestion forms must be inside SuggestionScope.");
  return scope;
}

/**
 * One action state for the whole list: an accepted or rejected suggestion
 * leaves the list, so the outcome is shown above it. A refused accept keeps
 * its form open with the field errors and what was typed. Without JavaScript
 * the forms post to `permalink`.
 */
export function SuggestionScope({ permalink, children }: { permalink: string; children: ReactNode }) {
  const [state, action, pending] = useActionState(decideSuggestionAction, null, permalink);
  return (
    <Decide.Provider value={{ action, pending, state }}>
      <FormFeedback state={state} />
      {children}
    </Decide.Provider>
  );
}

export interface AcceptDefaults {
  id: number;
  text: string;
  summaryDraft: string;
  claimant: string | null;
  reportedBy: string | null;
}

/** Accept, optionally editing the summary, the words kept, the claimant and who reported it. */
export function AcceptSuggestionForm({ suggestion }: { suggestion: AcceptDefaults }) {
  const scope = useDecide();
  // The shared state is this form's only when its own submission was refused.
  const mine = scope.state?.ok === false && typedValue(scope.state, "suggestionId") === String(suggestion.id);
  const state: ActionState = mine ? scope.state : null;
  const id = (name: string) => `suggestion-${suggestion.id}-${name}`;
  const describe = (name: string, hint?: string) =>
    invalidProps(state, name, [hint, `${id(name)}-error`].filter(Boolean).join(" "));

  return (
    <details className={styles.accept} open={mine || undefined}>
      <summary>Accept as a claim…</summary>
      <form action={scope.action} noValidate>
        <input type="hidden" name="suggestionId" value={suggestion.id} />
        <div className="field">
          <label htmlFor={id("summary")}>Summary</label>
          <span className="hint" id={`${id("summary")}-hint`}>
            At most 75 characters: it becomes the verdict&apos;s headline.
          </span>
          <input
            id={id("summary")}
            name="summary"
            type="text"
            maxLength={200}
            defaultValue={typedValue(state, "summary", suggestion.summaryDraft)}
            aria-describedby={`${id("summary")}-hint`}
            {...describe("summary", `${id("summary")}-hint`)}
          />
          <ErrorList id={`${id("summary")}-error`} errors={fieldErrors(state, "summary")} />
        </div>
        <div className="field">
          <label htmlFor={id("text")}>Claim text</label>
          <span className="hint" id={`${id("text")}-hint`}>
            The article&apos;s own words: trim the sentence to the claim, do not reword it.
          </span>
          <textarea
            id={id("text")}
            name="text"
            rows={4}
            defaultValue={typedValue(state, "text", suggestion.text)}
            aria-describedby={`${id("text")}-hint`}
            {...describe("text", `${id("text")}-hint`)}
          />
          <ErrorList id={`${id("text")}-error`} errors={fieldErrors(state, "text")} />
        </div>
        <div className="field">
          <label htmlFor={id("claimant")}>Claimant</label>
          <input
            id={id("claimant")}
            name="claimant"
            type="text"
            defaultValue={typedValue(state, "claimant", suggestion.claimant ?? "")}
            {...describe("claimant")}
          />
          <ErrorList id={`${id("claimant")}-error`} errors={fieldErrors(state, "claimant")} />
        </div>
        <div className="field">
          <label htmlFor={id("reportedBy")}>Reported by</label>
          <input
            id={id("reportedBy")}
            name="reportedBy"
            type="text"
            defaultValue={typedValue(state, "reportedBy", suggestion.reportedBy ?? "")}
            {...describe("reportedBy")}
          />
          <ErrorList id={`${id("reportedBy")}-error`} errors={fieldErrors(state, "reportedBy")} />
        </div>
        <button type="submit" name="intent" value="accept" disabled={scope.pending}>
          Accept as claim
        </button>
      </form>
    </details>
  );
}

export function RejectSuggestionForm({ id, text }: { id: number; text: string }) {
  const { action, pending } = useDecide();
  return (
    <form action={action} className={styles.inlineForm}>
      <input type="hidden" name="suggestionId" value={id} />
      <button type="submit" name="intent" value="reject" className="button-danger" disabled={pending}>
        Reject<span className="visually-hidden"> the suggestion “{text}”</span>
      </button>
    </form>
  );
}
