"use client";

import { useActionState } from "react";
import type { ClaimStatus } from "@/db/schema";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { FormFeedback, fromState, SelectField, SubmitButton, TextareaField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { saveVerdictAction } from "./actions";

interface Props {
  claimId: number;
  version: number;
  status: ClaimStatus;
  rationale: string;
}

const STATUS_CHOICES = Object.values(STATUS_DEFINITIONS).map((d) => ({ value: d.status, label: d.label }));

export function VerdictForm({ claimId, version, status, rationale }: Props) {
  const [state, formAction] = useActionState(saveVerdictAction, null);

  return (
    <Panel aria-labelledby="verdict-heading">
      <h2 id="verdict-heading">Verdict</h2>
      <FormFeedback state={state} id="verdict" />
      {/* A new verdict from anyone remounts the fields with it; evidence changes only move the version. */}
      <form action={formAction} key={`${status}\n${rationale}`} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <SelectField
          id="verdict-status"
          label="Status"
          options={STATUS_CHOICES}
          {...fromState(state, "status", status)}
        />
        <TextareaField
          id="verdict-rationale"
          label="Rationale"
          hint="Why the evidence supports this status. Required for sourced and disputed."
          rows={5}
          {...fromState(state, "rationale", rationale)}
        />
        <SubmitButton pendingLabel="Saving…">Save verdict</SubmitButton>
      </form>
    </Panel>
  );
}
