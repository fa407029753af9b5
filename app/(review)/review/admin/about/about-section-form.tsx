"use client";

import { useActionState } from "react";
import type { EditableAboutSection } from "@/lib/admin/about";
import { formatDateTime } from "@/app/components/format";
import { FormFeedback, fromState, SubmitButton, TextareaField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { saveAboutSectionAction } from "./actions";
import styles from "../admin.module.css";

type Section = Omit<EditableAboutSection, "prompt"> & { prompt: string; max: number };

export function AboutSectionForm({ section }: { section: Section }) {
  // Without JavaScript the form posts to this page and the outcome renders there.
  const [state, formAction] = useActionState(saveAboutSectionAction, null, "/review/admin/about");
  const headingId = `about-${section.key}-heading`;
  const empty = section.body.trim() === "";
  return (
    <Panel aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.flush}>
        {section.title}
      </h2>
      {empty ? (
        <p className={styles.notWritten}>
          <span aria-hidden="true">○ </span>Not yet written: readers do not see this section until it has text.
        </p>
      ) : (
        <p className="muted">
          Shown at <a href={`/about#${section.anchor}`}>/about#{section.anchor}</a>
          {section.updatedAt && (
            <>
              , last saved <time dateTime={section.updatedAt}>{formatDateTime(section.updatedAt)}</time>
              {section.updatedBy ? ` by ${section.updatedBy}` : " by the system"}
            </>
          )}
          .
        </p>
      )}
      <FormFeedback state={state} />
      <form action={formAction} noValidate>
        <input type="hidden" name="key" value={section.key} />
        <input type="hidden" name="baseUpdatedAt" value={section.updatedAt ?? ""} />
        <TextareaField
          id={`about-${section.key}-body`}
          label={`Text of “${section.title}”`}
          hint={`${section.prompt} Plain text: a blank line starts a paragraph; a link is [words](/path) or [words](https://…). At most ${section.max.toLocaleString("en-GB")} characters.`}
          rows={8}
          maxLength={section.max}
          {...fromState(state, "body", section.body)}
        />
        <SubmitButton pendingLabel="Saving…">Save section</SubmitButton>
      </form>
    </Panel>
  );
}
