"use client";

import { useActionState } from "react";
import { ROLES } from "@/db/schema";
import { FormFeedback, fromState, SelectField, SubmitButton, TextField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { createUserAction } from "./actions";
import { OneTimePasswordBox } from "./one-time-password";
import { ROLE_LABELS } from "./roles";

const ROLE_CHOICES = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export function CreateUserForm() {
  // Without JavaScript the form posts to this page and the outcome renders there.
  const [state, formAction] = useActionState(createUserAction, null, "/review/admin");

  return (
    <Panel aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Create user</h2>
      <FormFeedback state={state} />
      <OneTimePasswordBox state={state} id="create-user-password" />
      <form action={formAction} noValidate>
        <TextField id="create-user-name" label="Name" autoComplete="off" required {...fromState(state, "name")} />
        <TextField
          id="create-user-email"
          label="Email"
          type="email"
          autoComplete="off"
          required
          {...fromState(state, "email")}
        />
        <SelectField
          id="create-user-role"
          label="Role"
          options={ROLE_CHOICES}
          {...fromState(state, "role", "reviewer")}
        />
        <SubmitButton pendingLabel="Creating…">Create user</SubmitButton>
      </form>
    </Panel>
  );
}
