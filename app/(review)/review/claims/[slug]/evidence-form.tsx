"use client";

import { useActionState } from "react";
import { STANCE_LABELS } from "@/lib/claims/rules";
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
          <span className="hint" id="evidence-quoted-passage-hint">
            The words you rely on. When the page cannot be fetched, this passage is kept as the snapshot.
          </span>
          <textarea
            id="evidence-quoted-passage"
            aria-describedby="evidence-quoted-passage-hint"
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
