"use client";

import { useActionState } from "react";
import type { ClaimStatus } from "@/db/schema";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import {
  CurrentStateBox,
  FieldError,
  FormMessages,
  IDLE_STATE,
  invalidProps,
  typedValue,
} from "@/app/components/form-feedback";
import { saveVerdictAction } from "./actions";

interface Props {
  claimId: number;
  version: number;
  status: ClaimStatus;
  rationale: string;
}

export function VerdictForm({ claimId, version, status, rationale }: Props) {
  const [state, formAction, pending] = useActionState(saveVerdictAction, IDLE_STATE);
  const statusValue = typedValue(state, "status", status);
  const rationaleValue = typedValue(state, "rationale", rationale);

  return (
    <section aria-labelledby="verdict-heading" className="panel">
      <h2 id="verdict-heading">Verdict</h2>
      <FormMessages state={state} />
      {state.status === "error" && state.current && (
        <CurrentStateBox current={state.current} id="verdict-current-state" />
      )}
      {/* A new verdict from anyone remounts the fields with it; evidence changes only move the version. */}
      <form action={formAction} key={`${status}\n${rationale}`} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <input type="hidden" name="expectedVersion" value={version} />
        <div className="field">
          <label htmlFor="verdict-status">Status</label>
          {/* Keyed on its default: after a refused save React resets the form, and a select only takes a new default when mounted. */}
          <select
            key={statusValue}
            id="verdict-status"
            name="status"
            defaultValue={statusValue}
            {...invalidProps(state, "status", "verdict-status-error")}
          >
            {Object.values(STATUS_DEFINITIONS).map((definition) => (
              <option key={definition.status} value={definition.status}>
                {definition.label}
              </option>
            ))}
          </select>
          <FieldError id="verdict-status-error" state={state} name="status" />
        </div>
        <div className="field">
          <label htmlFor="verdict-rationale">Rationale</label>
          <span className="hint" id="verdict-rationale-hint">
            Why the evidence supports this status. Required for sourced and disputed.
          </span>
          <textarea
            id="verdict-rationale"
            name="rationale"
            rows={5}
            defaultValue={rationaleValue}
            aria-describedby="verdict-rationale-hint"
            {...invalidProps(state, "rationale", "verdict-rationale-hint verdict-rationale-error")}
          />
          <FieldError id="verdict-rationale-error" state={state} name="rationale" />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save verdict"}
        </button>
      </form>
    </section>
  );
}
