import "server-only";
import type { ClaimState } from "@/lib/claims/claims";
import { currentUser } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/auth/principal";
import { ConflictError, isAppError } from "@/lib/errors";

/** What every form's server action returns to the page (useActionState). */
export type ActionState =
  | { status: "idle" }
  | { status: "ok"; message: string; at: number }
  | {
      status: "error";
      message: string;
      fieldErrors: Record<string, string[]>;
      /** The claim as it is now, when the edit was refused as stale. */
      current?: ClaimState;
      /** What the person typed, handed back so nothing is lost. */
      values: Record<string, string>;
    };

export const IDLE: ActionState = { status: "idle" };

function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  }
  return values;
}

/**
 * Runs a server action's work for the signed-in user. The work itself calls
 * the data-access layer, which checks authorisation and parses the form with
 * zod; expected failures (AppError) come back as a message, anything else is
 * a bug and is thrown to the error page.
 */
export async function runAction(
  formData: FormData,
  work: (by: SessionUser | null) => string | Promise<string>,
): Promise<ActionState> {
  try {
    const message = await work(await currentUser());
    return { status: "ok", message, at: Date.now() };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      status: "error",
      message: error.message,
      fieldErrors: error.fieldErrors,
      current: error instanceof ConflictError ? (error.current as ClaimState) : undefined,
      values: typedValues(formData),
    };
  }
}
