"use client";

import { useActionState } from "react";
import { fieldErrors, FormFeedback, SubmitButton, TextField } from "@/app/components/forms";
import { changePasswordAction } from "./actions";
import styles from "./account.module.css";

export function PasswordForm({ email, minLength }: { email: string; minLength: number }) {
  const [state, formAction] = useActionState(changePasswordAction, null);
  return (
    <form action={formAction} noValidate>
      <FormFeedback state={state} />
      {/* For password managers: whose password this is. */}
      <input
        type="email"
        name="username"
        autoComplete="username"
        value={email}
        readOnly
        tabIndex={-1}
        className={styles.hiddenField}
      />
      <TextField
        id="current-password"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors(state, "currentPassword")}
      />
      <TextField
        id="new-password"
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${minLength} characters.`}
        required
        errors={fieldErrors(state, "newPassword")}
      />
      <TextField
        id="confirm-password"
        name="confirmPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        errors={fieldErrors(state, "confirmPassword")}
      />
      <SubmitButton pendingLabel="Changing…">Change password</SubmitButton>
    </form>
  );
}
