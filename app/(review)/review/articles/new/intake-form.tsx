"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import { FormFeedback, fromState, SubmitButton, TextareaField, TextField } from "@/app/components/forms";
import { fetchArticleAction, intakeArticleAction } from "../actions";
import type { ImportState, IntakeState } from "../state";
import styles from "../articles.module.css";

/**
 * The intake page's two forms: "From an address" fetches an article and fills
 * the intake form with what the page says; the intake form, pasted or filled,
 * brings the article in. Both work without JavaScript: each posts to its
 * server action and the page comes back with the outcome, the intake form
 * prefilled after a fetch or holding everything typed after a refusal. On
 * success the intake action opens the new article with its suggested claims.
 */
export function IntakeForm() {
  const [fetched, fetchAction] = useActionState(fetchArticleAction, null);
  const [saved, saveAction, saving] = useActionState(intakeArticleAction, null);
  // The last page read stays in the form when a later fetch is refused: a refusal changes nothing.
  const [lastImported, setLastImported] = useState(fetched?.ok ? fetched : null);
  if (fetched?.ok && fetched !== lastImported) setLastImported(fetched);
  const imported = fetched?.ok ? fetched : lastImported;
  // A refused save shows what was typed, unless a newer fetch has filled the form since:
  // the save carries the fetch it was made from (importedAt), so the two can be told apart.
  const refusal = saved?.ok === false && saved.values.importedAt === (imported ? String(imported.at) : undefined);
  const shown: IntakeState = refusal ? saved : null;

  return (
    <>
      <section aria-labelledby="from-address" className={styles.fromAddress}>
        <h2 id="from-address">From an address</h2>
        <form action={fetchAction} noValidate>
          <FormFeedback state={fetched} />
          <div className={styles.fetchRow}>
            <TextField
              {...fromState(fetched, "sourceUrl", imported?.data.requestedUrl)}
              id="article-source"
              label="Article address"
              type="url"
              hint="The desk fetches the page and fills in the form below with its title, author, outlet, date and text, for you to check before bringing it in."
            />
            <SubmitButton pendingLabel="Fetching…">Fetch</SubmitButton>
          </div>
        </form>
      </section>

      <section aria-labelledby="article-details">
        <h2 id="article-details">{imported ? "Check and bring in" : "Or paste it"}</h2>
        <ArticleFields key={imported?.at ?? "paste"} state={shown} imported={imported} action={saveAction} saving={saving} />
      </section>
    </>
  );
}

function ArticleFields({
  state,
  imported,
  action,
  saving,
}: {
  state: IntakeState;
  imported: Extract<ImportState, { ok: true }> | null;
  action: (formData: FormData) => void;
  saving: boolean;
}) {
  const page = imported?.data;
  return (
    <form action={action} noValidate className={styles.intake}>
      <FormFeedback state={state} />
      {state?.ok === false && state.details && (
        <p className="notice">
          Open the article already in the desk:{" "}
          <Link href={`/review/articles/${state.details.slug}`}>{state.details.title}</Link>
        </p>
      )}
      {imported && <input type="hidden" name="importedAt" value={String(imported.at)} />}
      <TextareaField
        {...fromState(state, "body", page?.body)}
        id="article-body"
        label="Article text"
        rows={18}
        required
        hint={
          page
            ? "The text as read from the page, without its headline. Cut anything that is not the article; the text is kept exactly as it stands here."
            : "Paste the article as plain text, up to 200,000 characters. Menus, share buttons and other page furniture may stay: they are left out of the analysis, and the text is kept exactly as pasted."
        }
      />
      <TextField
        {...fromState(state, "title", page?.title ?? "")}
        id="article-title"
        label="Title"
        hint="Optional: the first line of the text is used when left empty."
      />
      <div className={styles.fieldRow}>
        <TextField
          {...fromState(state, "outlet", page?.outlet ?? "")}
          id="article-outlet"
          label="Outlet"
          hint="Optional, e.g. Fox News."
        />
        <TextField
          {...fromState(state, "author", page?.author ?? "")}
          id="article-author"
          label="Author"
          hint="Optional."
        />
        <TextField
          {...fromState(state, "url", page?.url ?? "")}
          id="article-url"
          label="URL"
          type="url"
          hint="Optional: where the article was published."
        />
        <TextField
          {...fromState(state, "publishedAt", page?.publishedAt ?? "")}
          id="article-publishedAt"
          label="Publication date"
          type="date"
          hint="Optional."
        />
      </div>
      <button type="submit" disabled={saving}>
        {saving ? "Finding claims…" : "Bring in and find claims"}
      </button>
    </form>
  );
}
