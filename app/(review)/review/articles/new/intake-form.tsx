"use client";

import Link from "next/link";
import { useActionState } from "react";
import { TextField } from "@/app/components/field";
import { FormMessages } from "@/app/components/form-feedback";
import { intakeArticleAction } from "../actions";
import type { IntakeState } from "../state";
import styles from "../articles.module.css";

const IDLE: IntakeState = { status: "idle" };

/**
 * The intake form. Without JavaScript it posts to the server action and the
 * page comes back with the field errors and everything typed; on success the
 * action opens the new article with its suggested claims.
 */
export function IntakeForm() {
  const [state, formAction, pending] = useActionState(intakeArticleAction, IDLE);

  return (
    <form action={formAction} noValidate className={styles.intake}>
      <FormMessages state={state} />
      {state.status === "error" && state.existing && (
        <p className="notice">
          Open the article already in the desk:{" "}
          <Link href={`/review/articles/${state.existing.slug}`}>{state.existing.title}</Link>
        </p>
      )}
      <TextField
        state={state}
        id="article-body"
        name="body"
        label="Article text"
        rows={18}
        required
        hint="Paste the article as plain text, up to 200,000 characters. Menus, share buttons and other page furniture may stay: they are left out of the analysis, and the text is kept exactly as pasted."
      />
      <TextField
        state={state}
        id="article-title"
        name="title"
        label="Title"
        hint="Optional: the first line of the text is used when left empty."
      />
      <div className={styles.fieldRow}>
        <TextField state={state} id="article-outlet" name="outlet" label="Outlet" hint="Optional, e.g. Fox News." />
        <TextField state={state} id="article-author" name="author" label="Author" hint="Optional." />
        <TextField
          state={state}
          id="article-url"
          name="url"
          label="URL"
          type="url"
          hint="Optional: where the article was published."
        />
        <TextField
          state={state}
          id="article-publishedAt"
          name="publishedAt"
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
