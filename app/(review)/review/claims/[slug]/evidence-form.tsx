"use client";

import { useActionState } from "react";
import { STANCE_LABELS } from "@/lib/claims/rules";
import { FieldError, FormMessages, IDLE_STATE, invalidProps, typedValue } from "@/app/components/form-feedback";
import { addEvidenceAction } from "./actions";

export function EvidenceForm({ claimId }: { claimId: number }) {
  const [state, formAction, pending] = useActionState(addEvidenceAction, IDLE_STATE);
  const stance = typedValue(state, "stance", "supports");

  return (
    <section aria-labelledby="add-evidence-heading" className="panel">
      <h2 id="add-evidence-heading">Add evidence</h2>
      <FormMessages state={state} />
      <form action={formAction} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <div className="field">
          <label htmlFor="evidence-url">URL</label>
          <input
            id="evidence-url"
            name="url"
            type="url"
            inputMode="url"
            required
            placeholder="https://"
            defaultValue={typedValue(state, "url", "")}
            {...invalidProps(state, "url", "evidence-url-error")}
          />
          <FieldError id="evidence-url-error" state={state} name="url" />
        </div>
        <div className="field">
          <label htmlFor="evidence-title">Title</label>
          <input
            id="evidence-title"
            name="title"
            type="text"
            required
            defaultValue={typedValue(state, "title", "")}
            {...invalidProps(state, "title", "evidence-title-error")}
          />
          <FieldError id="evidence-title-error" state={state} name="title" />
        </div>
        <div className="field">
          <label htmlFor="evidence-publisher">Publisher</label>
          <input
            id="evidence-publisher"
            name="publisher"
            type="text"
            defaultValue={typedValue(state, "publisher", "")}
            {...invalidProps(state, "publisher", "evidence-publisher-error")}
          />
          <FieldError id="evidence-publisher-error" state={state} name="publisher" />
        </div>
        <div className="field">
          <label htmlFor="evidence-quoted-passage">Quoted passage</label>
          <textarea
            id="evidence-quoted-passage"
            name="quotedPassage"
            rows={4}
            defaultValue={typedValue(state, "quotedPassage", "")}
            {...invalidProps(state, "quotedPassage", "evidence-quoted-passage-error")}
          />
          <FieldError id="evidence-quoted-passage-error" state={state} name="quotedPassage" />
        </div>
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
        <button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add evidence"}
        </button>
      </form>
    </section>
  );
}
