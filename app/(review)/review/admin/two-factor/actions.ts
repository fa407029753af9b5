"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { setTwoFactorRoles } from "@/lib/users/two-factor";

// Thin: lib/users/two-factor checks the admin, parses the roles and audits the change.

export async function setTwoFactorRolesAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const roles = setTwoFactorRoles({ by, roles: fields.roles });
    return roles.length === 0
      ? "No role must use two-factor sign-in now."
      : `Two-factor sign-in is now required for: ${roles.join(", ")}. Anyone in those roles without it is sent to set it up.`;
  });
  if (state?.ok) revalidatePath("/review/admin/two-factor");
  return state;
}
