"use client";

import Link from "next/link";
import { useActionState } from "react";
import { FieldError, FormMessages, invalidProps, typedValue } from "@/app/components/form-feedback";
import { intakeArticleAction } from "../actions";
import type { IntakeState } from "../state";
import styles from "../articles.module.css";

const IDLE: IntakeState = { status: "idle" };

interface TextFieldProps {
  state: IntakeState;
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "url" | "date";
}

function TextField({ state, name, label, hint, type = "text" }: TextFieldProps) {
  const id = `article-${name}`;
  const hintId = hint ? `${id}-hint` : undefined;
  const invalid = invalidProps(state, name, [hintId, `${id}-error`].filter(Boolean).join(" "));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      <input
        id={id}
        name={name}
        type={type}
        inputMode={type === "url" ? "url" : undefined}
        placeholder={type === "url" ? "https://" : undefined}
        defaultValue={typedValue(state, name, "")}
        aria-describedby={hintId}
        {...invalid}
      />
      <FieldError id={`${id}-error`} state={state} name={name} />
    </div>
  );
}

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
      <div className="field">
        <label htmlFor="article-body">Article text</label>
        <span className="hint" id="article-body-hint">
          Paste the article as plain text, up to 200,000 characters. Menus, share buttons and other page furniture may
          stay: they are left out of the analysis, and the text is kept exactly as pasted.
        </span>
        <textarea
          id="article-body"
          name="body"
          rows={18}
          required
          defaultValue={typedValue(state, "body", "")}
          aria-describedby="article-body-hint"
          {...invalidProps(state, "body", "article-body-hint article-body-error")}
        />
        <FieldError id="article-body-error" state={state} name="body" />
      </div>
      <TextField
        state={state}
        name="title"
        label="Title"
        hint="Optional: the first line of the text is used when left empty."
      />
      <div className={styles.fieldRow}>
        <TextField state={state} name="outlet" label="Outlet" hint="Optional, e.g. Fox News." />
        <TextField state={state} name="author" label="Author" hint="Optional." />
        <TextField state={state} name="url" label="URL" type="url" hint="Optional: where the article was published." />
        <TextField state={state} name="publishedAt" label="Publication date" type="date" hint="Optional." />
      </div>
      <button type="submit" disabled={pending}>
        {pending ? "Finding claims…" : "Bring in and find claims"}
      </button>
    </form>
  );
}
