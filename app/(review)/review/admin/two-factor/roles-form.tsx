"use client";

import { useActionState } from "react";
import { CheckboxField, Fieldset, FormFeedback, SubmitButton } from "@/app/components/forms";
import { setTwoFactorRolesAction } from "./actions";

export function TwoFactorRolesForm({ roles }: { roles: { value: string; label: string; required: boolean }[] }) {
  const [state, formAction] = useActionState(setTwoFactorRolesAction, null);
  return (
    <form action={formAction} noValidate>
      <FormFeedback state={state} />
      <Fieldset legend="Roles that must use two-factor sign-in">
        {roles.map((role) => (
          <CheckboxField
            key={role.value}
            id={`two-factor-role-${role.value}`}
            name="roles"
            value={role.value}
            label={role.label}
            defaultChecked={role.required}
          />
        ))}
      </Fieldset>
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </form>
  );
}
