"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import { generatePassword } from "@/lib/auth/password";
import { createUser, resetPassword, setUserDisabled, setUserRole } from "@/lib/users/users";
import type { OneTimePassword, UserActionState } from "./state";

// Thin: lib/users checks that the caller is an admin, parses every field,
// refuses an admin disabling or demoting themselves, and writes the audit
// event. Passwords are made here and handed back once, never stored in clear.

function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

function refreshed(state: UserActionState): UserActionState {
  if (state.status === "ok") revalidatePath("/review/admin");
  return state;
}

export async function createUserAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  let made: OneTimePassword | undefined;
  const state = await runAction(formData, async (by) => {
    const password = generatePassword();
    const user = await createUser({
      by,
      name: field(formData, "name"),
      email: field(formData, "email"),
      role: field(formData, "role"),
      password,
    });
    made = { email: user.email, password };
    return `Created ${user.name} (${user.email}) as ${user.role}.`;
  });
  return refreshed(made && state.status === "ok" ? { ...state, oneTimePassword: made } : state);
}

export async function changeRoleAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async (by) => {
      const user = await setUserRole({ by, email: field(formData, "email"), role: field(formData, "role") });
      return `${user.name}’s role is now ${user.role}.`;
    }),
  );
}

export async function disableUserAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async (by) => {
      const user = await setUserDisabled({ by, email: field(formData, "email"), disabled: true });
      return `${user.name} is disabled and signed out everywhere.`;
    }),
  );
}

export async function enableUserAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  return refreshed(
    await runAction(formData, async (by) => {
      const user = await setUserDisabled({ by, email: field(formData, "email"), disabled: false });
      return `${user.name} can sign in again.`;
    }),
  );
}

export async function resetPasswordAction(_previous: UserActionState, formData: FormData): Promise<UserActionState> {
  let made: OneTimePassword | undefined;
  const state = await runAction(formData, async (by) => {
    const password = generatePassword();
    const user = await resetPassword({ by, email: field(formData, "email"), password });
    made = { email: user.email, password };
    return `New password set for ${user.name}; their sessions have ended.`;
  });
  return refreshed(made && state.status === "ok" ? { ...state, oneTimePassword: made } : state);
}
