"use client";

import { useActionState } from "react";
import type { PersonRef } from "@/lib/claims/workspace";
import { fieldErrors, FormFeedback, SelectField, SubmitButton } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
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
  const [state, formAction] = useActionState(assignAction, null);
  const expected = assignee ? String(assignee.id) : "";
  const choices = [
    { value: "", label: "Nobody (unassigned)" },
    ...people.map((p) => ({ value: String(p.id), label: p.id === me.id ? `${p.name} (you)` : p.name })),
  ];

  return (
    <Panel aria-labelledby="assignment-heading" id="assignment">
      <h2 id="assignment-heading">Assignment</h2>
      <FormFeedback state={state} />
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
          <SelectField
            id="assignee"
            name="assigneeId"
            label="Assign to"
            options={choices}
            defaultValue={expected}
            errors={fieldErrors(state, "assigneeId")}
          />
          <SubmitButton pendingLabel="Saving…">Save assignment</SubmitButton>
        </form>
      ) : assignee === null || assignee.id === me.id ? (
        <form action={formAction}>
          <input type="hidden" name="claimId" value={claimId} />
          <input type="hidden" name="expectedAssigneeId" value={expected} />
          <input type="hidden" name="assigneeId" value={assignee ? "" : me.id} />
          <SubmitButton>{assignee ? "Hand back (unassign me)" : "Take this claim"}</SubmitButton>
        </form>
      ) : (
        <p className="muted">An editor can reassign it.</p>
      )}
    </Panel>
  );
}
