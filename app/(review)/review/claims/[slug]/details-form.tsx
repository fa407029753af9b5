"use client";

import { useActionState } from "react";
import { ATTRIBUTION_STATUSES, PRIORITIES, type AttributionStatus } from "@/db/schema";
import { ATTRIBUTION_LABELS, PRIORITY_LABELS } from "@/lib/claims/labels";
import { FormFeedback, fromState, SelectField, SubmitButton, TextareaField, TextField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
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

const ATTRIBUTION_CHOICES = ATTRIBUTION_STATUSES.map((s) => ({ value: s, label: ATTRIBUTION_LABELS[s] }));
const PRIORITY_CHOICES = PRIORITIES.map((p) => ({ value: String(p), label: PRIORITY_LABELS[p] ?? String(p) }));

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
  const [state, formAction] = useActionState(saveDetailsAction, null);

  return (
    <Panel aria-labelledby="details-heading" id="details">
      <h2 id="details-heading">Details and attribution</h2>
      <FormFeedback state={state} id="details" />
      {/* Remounted when anyone saves new details, so the fields show them; after a refusal the typed values stay. */}
      <form action={formAction} key={JSON.stringify(details)} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        {TEXT_FIELDS.map((f) => (
          <TextField
            key={f.name}
            id={`details-${f.name}`}
            label={f.label}
            hint={f.hint}
            maxLength={f.name === "summary" ? 75 : 500}
            {...fromState(state, f.name, details[f.name] ?? "")}
          />
        ))}
        <SelectField
          id="details-attributionStatus"
          label="Attribution"
          hint="Did the claimant really say it? Judged apart from whether the claim is true."
          options={ATTRIBUTION_CHOICES}
          {...fromState(state, "attributionStatus", details.attributionStatus)}
        />
        <TextareaField
          id="details-attributionNote"
          label="How the attribution was checked"
          rows={3}
          {...fromState(state, "attributionNote", details.attributionNote)}
        />
        <SelectField
          id="details-priority"
          label="Priority"
          options={PRIORITY_CHOICES}
          {...fromState(state, "priority", String(details.priority))}
        />
        <SubmitButton pendingLabel="Saving…">Save details</SubmitButton>
      </form>
    </Panel>
  );
}
