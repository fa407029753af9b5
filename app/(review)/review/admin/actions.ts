"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { generatePassword } from "@/lib/auth/password";
import { createUser, resetPassword, setUserDisabled, setUserRole } from "@/lib/users/users";
import type { UserActionState } from "./state";

// Thin: lib/users checks that the caller is an admin, parses every field,
// refuses an admin disabling or demoting themselves, and writes the audit
// event. Passwords are made here and handed back once, never stored in clear.

function refreshed<S extends UserActionState>(state: S): S {
  if (state?.ok) revalidatePath("/review/admin");
  return state;
}

export async function createUserAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const password = generatePassword();
      const user = await createUser({ by, name: fields.name, email: fields.email, role: fields.role, password });
      return {
        message: `Created ${user.name} (${user.email}) as ${user.role}.`,
        data: { oneTimePassword: { email: user.email, password } },
      };
    }),
  );
}

export async function changeRoleAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const user = await setUserRole({ by, email: fields.email, role: fields.role });
      return `${user.name}’s role is now ${user.role}.`;
    }),
  );
}

export async function disableUserAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const user = await setUserDisabled({ by, email: fields.email, disabled: true });
      return `${user.name} is disabled and signed out everywhere.`;
    }),
  );
}

export async function enableUserAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const user = await setUserDisabled({ by, email: fields.email, disabled: false });
      return `${user.name} can sign in again.`;
    }),
  );
}

export async function resetPasswordAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const password = generatePassword();
      const user = await resetPassword({ by, email: fields.email, password });
      return {
        message: `New password set for ${user.name}; their sessions have ended.`,
        data: { oneTimePassword: { email: user.email, password } },
      };
    }),
  );
}
