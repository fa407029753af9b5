"use client";

import { useActionState } from "react";
import { ATTRIBUTION_STATUSES, PRIORITIES, type AttributionStatus } from "@/db/schema";
import { ATTRIBUTION_LABELS, PRIORITY_LABELS } from "@/lib/claims/labels";
import { TextField } from "@/app/components/field";
import { CurrentStateBox, FieldError, FormMessages, IDLE_STATE, typedValue } from "@/app/components/form-feedback";
import { saveDetailsAction } from "./actions";

export interface ClaimDetails {
  summary: string;
  claimant: string | null;
  reportedBy: string | null;
  firstAppearedIn: string | null;
  attributionStatus: AttributionStatus;
  attributionNote: string;
  priority: number;
}

const TEXT_FIELDS = [
  { name: "summary", label: "Summary", hint: "At most 75 characters; it is the ClaimReview's claimReviewed." },
  { name: "claimant", label: "Claimant", hint: "Who made the claim, e.g. the Hamas-controlled Gaza Health Ministry." },
  {
    name: "firstAppearedIn",
    label: "First appeared in",
    hint: "Where the claim was first made: a statement, a post, a briefing.",
  },
  { name: "reportedBy", label: "Reported by", hint: "Who passed it on, e.g. Fox News Digital." },
] as const;

/** The claim's summary, attribution chain and priority; every save carries the version it was loaded at. */
export function DetailsForm({
  claimId,
  version,
  details,
}: {
  claimId: number;
  version: number;
  details: ClaimDetails;
}) {
  const [state, formAction, pending] = useActionState(saveDetailsAction, IDLE_STATE);
  const attribution = typedValue(state, "attributionStatus", details.attributionStatus);
  const priority = typedValue(state, "priority", String(details.priority));

  return (
    <section aria-labelledby="details-heading" className="panel" id="details">
      <h2 id="details-heading">Details and attribution</h2>
      <FormMessages state={state} />
      {state.status === "error" && state.current && (
        <CurrentStateBox current={state.current} id="details-current-state" />
      )}
      {/* Remounted when anyone saves new details, so the fields show them; after a refusal the typed values stay. */}
      <form action={formAction} key={JSON.stringify(details)} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        {TEXT_FIELDS.map((f) => (
          <TextField
            key={f.name}
            state={state}
            id={`details-${f.name}`}
            name={f.name}
            label={f.label}
            hint={f.hint}
            maxLength={f.name === "summary" ? 75 : 500}
            defaultValue={details[f.name] ?? ""}
          />
        ))}
        <div className="field">
          <label htmlFor="details-attributionStatus">Attribution</label>
          <span className="hint" id="details-attributionStatus-hint">
            Did the claimant really say it? Judged apart from whether the claim is true.
          </span>
          <select
            key={attribution}
            id="details-attributionStatus"
            name="attributionStatus"
            defaultValue={attribution}
            aria-describedby="details-attributionStatus-hint"
          >
            {ATTRIBUTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ATTRIBUTION_LABELS[s]}
              </option>
            ))}
          </select>
          <FieldError id="details-attributionStatus-error" state={state} name="attributionStatus" />
        </div>
        <TextField
          state={state}
          id="details-attributionNote"
          name="attributionNote"
          label="How the attribution was checked"
          rows={3}
          defaultValue={details.attributionNote}
        />
        <div className="field">
          <label htmlFor="details-priority">Priority</label>
          <select key={priority} id="details-priority" name="priority" defaultValue={priority}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save details"}
        </button>
      </form>
    </section>
  );
}
