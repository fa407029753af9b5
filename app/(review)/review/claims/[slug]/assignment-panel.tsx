"use client";

import { useActionState } from "react";
import type { PersonRef } from "@/lib/claims/workspace";
import { FieldError, FormMessages, IDLE_STATE } from "@/app/components/form-feedback";
import { assignAction } from "./actions";

interface Props {
  claimId: number;
  assignee: PersonRef | null;
  me: PersonRef;
  /** Editors assign anyone; reviewers only take a free claim or hand back their own. */
  canAssignOthers: boolean;
  people: PersonRef[];
}

export function AssignmentPanel({ claimId, assignee, me, canAssignOthers, people }: Props) {
  const [state, formAction, pending] = useActionState(assignAction, IDLE_STATE);
  const expected = assignee ? String(assignee.id) : "";

  return (
    <section aria-labelledby="assignment-heading" className="panel" id="assignment">
      <h2 id="assignment-heading">Assignment</h2>
      <FormMessages state={state} />
      <p>
        {assignee ? (
          <>
            Assigned to <strong>{assignee.id === me.id ? `${assignee.name} (you)` : assignee.name}</strong>
          </>
        ) : (
          "Nobody is working on this claim."
        )}
      </p>
      {canAssignOthers ? (
        <form action={formAction} key={expected}>
          <input type="hidden" name="claimId" value={claimId} />
          <input type="hidden" name="expectedAssigneeId" value={expected} />
          <div className="field">
            <label htmlFor="assignee">Assign to</label>
            <select id="assignee" name="assigneeId" defaultValue={expected}>
              <option value="">Nobody (unassigned)</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id === me.id ? `${p.name} (you)` : p.name}
                </option>
              ))}
            </select>
            <FieldError id="assignee-error" state={state} name="assigneeId" />
          </div>
          <button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save assignment"}
          </button>
        </form>
      ) : assignee === null || assignee.id === me.id ? (
        <form action={formAction}>
          <input type="hidden" name="claimId" value={claimId} />
          <input type="hidden" name="expectedAssigneeId" value={expected} />
          <input type="hidden" name="assigneeId" value={assignee ? "" : me.id} />
          <button type="submit" disabled={pending}>
            {assignee ? "Hand back (unassign me)" : "Take this claim"}
          </button>
        </form>
      ) : (
        <p className="muted">An editor can reassign it.</p>
      )}
    </section>
  );
}
