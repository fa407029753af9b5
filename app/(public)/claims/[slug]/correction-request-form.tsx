"use client";

import { useActionState } from "react";
import { FormFeedback, fromState, SubmitButton, TextareaField, TextField } from "@/app/components/forms";
import { requestCorrectionAction } from "./actions";
import styles from "./claim.module.css";

/**
 * A plain <form> posting to a server action: without JavaScript the browser
 * posts it and gets the page back with the errors, or is redirected to the
 * "sent" confirmation; with JavaScript React does the same without a reload.
 */
export function CorrectionRequestForm({ slug, sent }: { slug: string; sent: boolean }) {
  // The permalink is where the form posts before JavaScript runs: the claim page itself, at the form.
  const [state, formAction] = useActionState(requestCorrectionAction, null, `/claims/${slug}#correction-request`);
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
      <FormFeedback
        state={state}
        success={sent ? "Thank you. Your correction request was sent to our editors." : undefined}
      />
      <form action={formAction} noValidate>
        <input type="hidden" name="slug" value={slug} />
        <TextareaField id="correction-message" label="Your message" rows={5} {...fromState(state, "message")} />
        <TextField
          id="correction-email"
          label="Your email (optional)"
          hint="Only if you would like an answer. We never publish it."
          type="email"
          autoComplete="email"
          {...fromState(state, "email")}
        />
        <SubmitButton pendingLabel="Sending…">Send correction request</SubmitButton>
      </form>
    </section>
  );
}
