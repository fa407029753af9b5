import type { ActionState } from "@/lib/actions";
import type { NewSecret } from "@/lib/webhooks/endpoints";

/** A webhook action's outcome, with the signing secret when it made one (shown once, never again). */
export type WebhookActionState = ActionState<{ secret: NewSecret } | undefined>;
