"use server";

import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions";
import {
  createWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestEvent,
  setWebhookEndpointDisabled,
  updateWebhookEndpoint,
} from "@/lib/webhooks/endpoints";
import type { WebhookActionState } from "./state";

// Thin: lib/webhooks checks that the caller is an admin, parses every field
// (the address through the SSRF rules), seals the secret and writes the audit
// event. A secret made here is handed back once and never shown again.

function refreshed<S extends WebhookActionState>(state: S): S {
  // The list and every endpoint's page under it.
  if (state?.ok) revalidatePath("/review/admin/webhooks", "layout");
  return state;
}

export async function createWebhookAction(
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      const { endpoint, secret } = createWebhookEndpoint({
        by,
        url: fields.url,
        description: fields.description,
        events: fields.events,
        allowPrivate: fields.allowPrivate,
      });
      return {
        message: `Registered ${endpoint.url}.`,
        data: { secret: { endpointId: endpoint.id, secret } },
      };
    }),
  );
}

export async function updateWebhookAction(
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const endpoint = updateWebhookEndpoint({
      by,
      endpointId: fields.endpointId,
      url: fields.url,
      description: fields.description,
      events: fields.events,
      allowPrivate: fields.allowPrivate,
    });
    return `Saved the endpoint ${endpoint.url}.`;
  });
  return refreshed(state);
}

export async function setWebhookDisabledAction(
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const endpoint = setWebhookEndpointDisabled({ by, endpointId: fields.endpointId, disabled: fields.disabled });
    return endpoint.disabled
      ? "Disabled: nothing is queued or sent to this endpoint until it is enabled again."
      : "Enabled: deliveries queued before it was disabled are sent now.";
  });
  return refreshed(state);
}

export async function rotateWebhookSecretAction(
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const secret = rotateWebhookSecret({ by, endpointId: fields.endpointId });
    return { message: "New signing secret made; the old one no longer signs anything.", data: { secret } };
  });
  return refreshed(state);
}

export async function sendTestEventAction(
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    sendTestEvent({ by, endpointId: fields.endpointId });
    return "Test event queued; it is sent within a few seconds. Reload to see it in the log.";
  });
  return refreshed(state);
}

export async function redeliverWebhookAction(
  _previous: WebhookActionState,
  formData: FormData,
): Promise<WebhookActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    redeliverWebhook({ by, deliveryId: fields.deliveryId });
    return "Delivery queued again with the same webhook-id; it is sent within a few seconds.";
  });
  return refreshed(state);
}
