"use client";

import { useActionState } from "react";
import { FieldError, IDLE_STATE, invalidProps, typedValue } from "@/app/components/form-feedback";
import { requestCorrectionAction } from "./actions";
import styles from "./claim.module.css";

/**
 * A plain <form> posting to a server action: without JavaScript the browser
 * posts it and gets the page back with the errors, or is redirected to the
 * "sent" confirmation; with JavaScript React does the same without a reload.
 */
export function CorrectionRequestForm({ slug, sent }: { slug: string; sent: boolean }) {
  // The permalink is where the form posts before JavaScript runs: the claim page itself, at the form.
  const [state, formAction, pending] = useActionState(
    requestCorrectionAction,
    IDLE_STATE,
    `/claims/${slug}#correction-request`,
  );
  return (
    <section
      id="correction-request"
      aria-labelledby="correction-request-heading"
      className={`${styles.correctionRequest} no-print`}
    >
      <h2 id="correction-request-heading">Ask for a correction</h2>
      <p>
        Think this verdict is wrong or out of date? Tell us why, and point to a source if you can. Editors read every
        request; it is never published.
      </p>
      <div aria-live="polite">
        {sent && state.status === "idle" && (
          <p role="status" className="form-success">
            Thank you. Your correction request was sent to our editors.
          </p>
        )}
        {state.status === "error" && (
          <p role="alert" className="form-alert">
            {state.message}
          </p>
        )}
      </div>
      <form action={formAction} noValidate>
        <input type="hidden" name="slug" value={slug} />
        <div className="field">
          <label htmlFor="correction-message">Your message</label>
          <textarea
            id="correction-message"
            name="message"
            rows={5}
            defaultValue={typedValue(state, "message", "")}
            {...invalidProps(state, "message", "correction-message-error")}
          />
          <FieldError id="correction-message-error" state={state} name="message" />
        </div>
        <div className="field">
          <label htmlFor="correction-email">Your email (optional)</label>
          <span className="hint" id="correction-email-hint">
            Only if you would like an answer. We never publish it.
          </span>
          <input
            id="correction-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={typedValue(state, "email", "")}
            aria-describedby="correction-email-hint"
            {...invalidProps(state, "email", "correction-email-hint correction-email-error")}
          />
          <FieldError id="correction-email-error" state={state} name="email" />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Sending…" : "Send correction request"}
        </button>
      </form>
    </section>
  );
}
