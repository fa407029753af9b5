import type { ActionState } from "@/lib/actions";

/** A password made for someone, to be shown once and never stored or shown again. */
export interface OneTimePassword {
  email: string;
  password: string;
}

/** A user action's outcome, with the one-time password when it made one. */
export type UserActionState = ActionState<{ oneTimePassword: OneTimePassword } | undefined>;
