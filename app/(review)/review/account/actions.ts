"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { currentSession } from "@/lib/auth/session";
import { clientAddressFrom } from "@/lib/http/client-address";
import { changeOwnPassword } from "@/lib/users/account";
import { endMyOtherSessions, endMySession } from "@/lib/users/sessions";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
} from "@/lib/users/two-factor";

// Thin: lib/users checks the person, the current password or code (throttled
// like sign-in), and writes each change with its audit event. These work for
// someone whose role must use two-factor sign-in and has not yet: this page
// is where they set it up.

export type RecoveryCodesState = ActionState<{ recoveryCodes: string[] }>;

async function request() {
  const session = await currentSession();
  return { sessionId: session?.sessionId ?? null, address: clientAddressFrom(await headers()) };
}

/** Refreshes the page after a change; a refusal hands nothing typed back (passwords and codes stay in the browser). */
function refreshed<S extends ActionState<unknown>>(state: S): S {
  if (state?.ok) revalidatePath("/review/account");
  if (state && !state.ok) state.values = {};
  return state;
}

export async function startTwoFactorAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by }) => {
      startTwoFactorSetup({ by });
      return "Scan the QR code or type the key into your authenticator app, then enter the code it shows.";
    }),
  );
}

export async function confirmTwoFactorAction(
  _previous: RecoveryCodesState,
  formData: FormData,
): Promise<RecoveryCodesState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const recoveryCodes = confirmTwoFactorSetup({ by, code: fields.code, address: (await request()).address });
      return { message: "Two-factor sign-in is on. Save your recovery codes now.", data: { recoveryCodes } };
    }),
  );
}

export async function regenerateRecoveryCodesAction(
  _previous: RecoveryCodesState,
  formData: FormData,
): Promise<RecoveryCodesState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const recoveryCodes = await regenerateRecoveryCodes({
        by,
        password: fields.password,
        address: (await request()).address,
      });
      return {
        message: "New recovery codes made; the old ones no longer work. Save these now.",
        data: { recoveryCodes },
      };
    }),
  );
}

export async function disableTwoFactorAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const ended = await disableTwoFactor({ by, password: fields.password, ...(await request()) });
      return `Two-factor sign-in is off. ${signInsEnded(ended)}`;
    }),
  );
}

export async function changePasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const ended = await changeOwnPassword({
        by,
        currentPassword: fields.currentPassword,
        newPassword: fields.newPassword,
        confirmPassword: fields.confirmPassword,
        ...(await request()),
      });
      return `Password changed. ${signInsEnded(ended)}`;
    }),
  );
}

export async function endSessionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      endMySession({ by, id: fields.id, sessionId: (await request()).sessionId });
      return "That sign-in has ended.";
    }),
  );
}

export async function endOtherSessionsAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async ({ by }) =>
      signInsEnded(endMyOtherSessions({ by, sessionId: (await request()).sessionId })),
    ),
  );
}

function signInsEnded(count: number): string {
  if (count === 0) return "You had no other sign-ins.";
  return count === 1 ? "Your one other sign-in has ended." : `Your ${count} other sign-ins have ended.`;
}
