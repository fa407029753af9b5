"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FormFeedback, fromState, TextareaField, TextField } from "@/app/components/forms";
import { intakeArticleAction } from "../actions";
import styles from "../articles.module.css";

/**
 * The intake form. Without JavaScript it posts to the server action and the
 * page comes back with the field errors and everything typed; on success the
 * action opens the new article with its suggested claims.
 */
export function IntakeForm() {
  const [state, formAction, pending] = useActionState(intakeArticleAction, null);

  return (
    <form action={formAction} noValidate className={styles.intake}>
      <FormFeedback state={state} />
      {state?.ok === false && state.details && (
        <p className="notice">
          Open the article already in the desk:{" "}
          <Link href={`/review/articles/${state.details.slug}`}>{state.details.title}</Link>
        </p>
      )}
      <TextareaField
        {...fromState(state, "body")}
        id="article-body"
        label="Article text"
        rows={18}
        required
        hint="Paste the article as plain text, up to 200,000 characters. Menus, share buttons and other page furniture may stay: they are left out of the analysis, and the text is kept exactly as pasted."
      />
      <TextField
        {...fromState(state, "title")}
        id="article-title"
        label="Title"
        hint="Optional: the first line of the text is used when left empty."
      />
      <div className={styles.fieldRow}>
        <TextField {...fromState(state, "outlet")} id="article-outlet" label="Outlet" hint="Optional, e.g. Fox News." />
        <TextField {...fromState(state, "author")} id="article-author" label="Author" hint="Optional." />
        <TextField
          {...fromState(state, "url")}
          id="article-url"
          label="URL"
          type="url"
          hint="Optional: where the article was published."
        />
        <TextField
          {...fromState(state, "publishedAt")}
          id="article-publishedAt"
          label="Publication date"
          type="date"
          hint="Optional."
        />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Finding claims…" : "Bring in and find claims"}
      </button>
    </form>
  );
}
