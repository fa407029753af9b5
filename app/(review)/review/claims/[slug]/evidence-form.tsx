"use client";

import { useActionState } from "react";
import { STANCE_LABELS } from "@/lib/claims/rules";
import { TextField } from "@/app/components/field";
import {
  CurrentStateBox,
  FieldError,
  FormMessages,
  IDLE_STATE,
  invalidProps,
  typedValue,
} from "@/app/components/form-feedback";
import { addEvidenceAction } from "./actions";

export function EvidenceForm({ claimId, version }: { claimId: number; version: number }) {
  const [state, formAction, pending] = useActionState(addEvidenceAction, IDLE_STATE);
  const stance = typedValue(state, "stance", "supports");

  return (
    <section aria-labelledby="add-evidence-heading" className="panel" id="add-evidence">
      <h2 id="add-evidence-heading">Add evidence</h2>
      <FormMessages state={state} />
      {state.status === "error" && state.current && (
        <CurrentStateBox current={state.current} id="add-evidence-current-state" />
      )}
      <form action={formAction} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <TextField state={state} id="evidence-url" name="url" label="URL" type="url" required />
        <TextField state={state} id="evidence-title" name="title" label="Title" required />
        <TextField state={state} id="evidence-publisher" name="publisher" label="Publisher" />
        <TextField
          state={state}
          id="evidence-quoted-passage"
          name="quotedPassage"
          label="Quoted passage"
          rows={4}
          hint="The words you rely on. When the page cannot be fetched, this passage is kept as the snapshot."
        />
        <div className="field">
          <label htmlFor="evidence-stance">Stance</label>
          <select
            key={stance}
            id="evidence-stance"
            name="stance"
            defaultValue={stance}
            {...invalidProps(state, "stance", "evidence-stance-error")}
          >
            {Object.entries(STANCE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <FieldError id="evidence-stance-error" state={state} name="stance" />
        </div>
        <div className="field checkbox-field">
          <input
            id="evidence-fetch"
            name="fetchPage"
            type="checkbox"
            defaultChecked={state.status === "error" ? state.values.fetchPage === "on" : true}
            aria-describedby="evidence-fetch-hint"
          />
          <label htmlFor="evidence-fetch">Fetch the page and keep a copy</label>
          <span className="hint" id="evidence-fetch-hint">
            The server stores the page&apos;s text with its SHA-256, so later edits or link rot show up.
          </span>
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add evidence"}
        </button>
      </form>
    </section>
  );
}
