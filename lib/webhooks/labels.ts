import type { WebhookEventType } from "@/db/schema";

/** What each event means, for the endpoint form and the delivery log. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "claim.published": "a verdict is published for the first time",
  "claim.corrected": "a published verdict is corrected",
  "claim.unpublished": "a verdict is withdrawn from the public site",
  "claim.status_changed": "a claim's status changes on the desk, before publication too",
};
