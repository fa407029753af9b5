"use client";

import { useActionState } from "react";
import { STANCE_LABELS } from "@/lib/claims/rules";
import {
  CheckboxField,
  FormFeedback,
  fromState,
  SelectField,
  SubmitButton,
  TextareaField,
  TextField,
  typedValue,
} from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { addEvidenceAction } from "./actions";

const STANCE_CHOICES = Object.entries(STANCE_LABELS).map(([value, label]) => ({ value, label }));

export function EvidenceForm({ claimId, version }: { claimId: number; version: number }) {
  const [state, formAction] = useActionState(addEvidenceAction, null);
  const fetchPage = state && !state.ok ? typedValue(state, "fetchPage") === "on" : true;

  return (
    <Panel aria-labelledby="add-evidence-heading" id="add-evidence">
      <h2 id="add-evidence-heading">Add evidence</h2>
      <FormFeedback state={state} id="add-evidence" />
      <form action={formAction} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <TextField id="evidence-url" label="URL" type="url" required {...fromState(state, "url")} />
        <TextField id="evidence-title" label="Title" required {...fromState(state, "title")} />
        <TextField id="evidence-publisher" label="Publisher" {...fromState(state, "publisher")} />
        <TextareaField
          id="evidence-quoted-passage"
          label="Quoted passage"
          rows={4}
          hint="The words you rely on. When the page cannot be fetched, this passage is kept as the snapshot."
          {...fromState(state, "quotedPassage")}
        />
        <SelectField
          id="evidence-stance"
          label="Stance"
          options={STANCE_CHOICES}
          {...fromState(state, "stance", "supports")}
        />
        <CheckboxField
          id="evidence-fetch"
          name="fetchPage"
          label="Fetch the page and keep a copy"
          hint="The server stores the page's text with its SHA-256, so later edits or link rot show up."
          defaultChecked={fetchPage}
        />
        <SubmitButton pendingLabel="Adding…">Add evidence</SubmitButton>
      </form>
    </Panel>
  );
}
