"use client";

import { useActionState } from "react";
import { ROLES } from "@/db/schema";
import { FieldError, FormMessages, IDLE_STATE, invalidProps, typedValue } from "@/app/components/form-feedback";
import { createUserAction } from "./actions";
import { OneTimePasswordBox } from "./one-time-password";
import { ROLE_LABELS } from "./roles";
import type { UserActionState } from "./state";

const IDLE: UserActionState = IDLE_STATE;

export function CreateUserForm() {
  // Without JavaScript the form posts to this page and the outcome renders there.
  const [state, formAction, pending] = useActionState(createUserAction, IDLE, "/review/admin");
  const role = typedValue(state, "role", "reviewer");

  return (
    <section aria-labelledby="create-user-heading" className="panel">
      <h2 id="create-user-heading">Create user</h2>
      <FormMessages state={state} />
      <OneTimePasswordBox state={state} id="create-user-password" />
      <form action={formAction} noValidate>
        <div className="field">
          <label htmlFor="create-user-name">Name</label>
          <input
            id="create-user-name"
            name="name"
            type="text"
            autoComplete="off"
            required
            defaultValue={typedValue(state, "name", "")}
            {...invalidProps(state, "name", "create-user-name-error")}
          />
          <FieldError id="create-user-name-error" state={state} name="name" />
        </div>
        <div className="field">
          <label htmlFor="create-user-email">Email</label>
          <input
            id="create-user-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            defaultValue={typedValue(state, "email", "")}
            {...invalidProps(state, "email", "create-user-email-error")}
          />
          <FieldError id="create-user-email-error" state={state} name="email" />
        </div>
        <div className="field">
          <label htmlFor="create-user-role">Role</label>
          <select
            key={role}
            id="create-user-role"
            name="role"
            defaultValue={role}
            {...invalidProps(state, "role", "create-user-role-error")}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <FieldError id="create-user-role-error" state={state} name="role" />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create user"}
        </button>
      </form>
    </section>
  );
}
