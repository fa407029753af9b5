import "server-only";
import type { ClaimState } from "@/lib/claims/claims";
import { currentUser } from "@/lib/auth/session";
import type { SessionUser } from "@/lib/auth/principal";
import { ConflictError, isAppError, type AppError } from "@/lib/errors";

/**
 * A submitted form as a plain record: one string per field, an array where
 * the same name was sent more than once. Files and Next's own `$ACTION_*`
 * keys are left out. The data-access layer parses these with zod, so a
 * repeated name where one value is expected is refused there, by message.
 */
export type FormFields = Record<string, string | string[]>;

export interface ActionSuccess<T> {
  ok: true;
  message: string;
  data: T;
  /** When it succeeded: tells two successes with the same message apart. */
  at: number;
}

export interface ActionFailure<D> {
  ok: false;
  message: string;
  fieldErrors: Record<string, string[]>;
  /** What the person typed, handed back so nothing is lost. */
  values: FormFields;
  /** The claim as it is now, when the edit was refused as stale. */
  current?: ClaimState;
  /** What the action says about the refusal beyond the message, e.g. the article an intake duplicates. */
  details?: D;
}

/** What every form's server action returns to the page (useActionState); null before the first submission. */
export type ActionState<T = undefined, D = never> = ActionSuccess<T> | ActionFailure<D> | null;

/** The work of a server action, given the signed-in user (null for a visitor) and the submitted fields. */
export interface ActionInput {
  by: SessionUser | null;
  fields: FormFields;
}

/** A success's message and what the page needs from it besides. */
export interface Done<T> {
  message: string;
  data: T;
}

type Awaitable<V> = V | Promise<V>;

export function formFields(formData: FormData): FormFields {
  const fields: FormFields = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = formData.getAll(key).filter((value) => typeof value === "string");
    const [only, ...more] = values;
    if (only === undefined) continue;
    fields[key] = more.length > 0 ? values : only;
  }
  return fields;
}

/** One field's value when it was sent once, else undefined (absent, repeated or a file). */
export function single(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * Runs a server action's work for the signed-in user. The work calls the
 * data-access layer, which checks authorisation and parses the fields with
 * zod; expected failures (AppError) come back as a refusal that keeps what
 * was typed, anything else is a bug and is thrown to the error page.
 * `details` picks what a refusal carries for the page beyond its message.
 */
export async function runAction(
  formData: unknown,
  work: (input: ActionInput) => Awaitable<string>,
): Promise<ActionState>;
export async function runAction<T, D = never>(
  formData: unknown,
  work: (input: ActionInput) => Awaitable<Done<T>>,
  details?: (error: AppError) => D | undefined,
): Promise<ActionState<T, D>>;
export async function runAction<T, D>(
  formData: unknown,
  work: (input: ActionInput) => Awaitable<string | Done<T | undefined>>,
  details?: (error: AppError) => D | undefined,
): Promise<ActionState<T | undefined, D>> {
  // Anyone can reach an action with a hand-made POST: anything but a form is refused, not a crash.
  if (!(formData instanceof FormData)) {
    return { ok: false, message: "Send this with the form.", fieldErrors: {}, values: {} };
  }
  const fields = formFields(formData);
  try {
    const done = await work({ by: await currentUser(), fields });
    const { message, data } = typeof done === "string" ? { message: done, data: undefined } : done;
    return { ok: true, message, data, at: Date.now() };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return {
      ok: false,
      message: error.message,
      fieldErrors: error.fieldErrors,
      values: fields,
      // The one ConflictError the desk throws is a stale claim edit (lib/claims), carrying the claim as it is now.
      current: error instanceof ConflictError ? (error.current as ClaimState) : undefined,
      details: details?.(error),
    };
  }
}

/** Whether the state is a refusal that found the claim changed: the page should show it as it now is. */
export function isStaleRefusal(state: ActionState<unknown, unknown>): boolean {
  return state !== null && !state.ok && state.current !== undefined;
}
