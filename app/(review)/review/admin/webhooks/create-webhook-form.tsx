"use client";

import { useActionState } from "react";
import { FormFeedback, SubmitButton } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { createWebhookAction } from "./actions";
import { EndpointFields, NEW_ENDPOINT } from "./endpoint-fields";
import { SecretBox } from "./secret-box";

export function CreateWebhookForm() {
  // Without JavaScript the form posts to this page and the outcome renders there.
  const [state, formAction] = useActionState(createWebhookAction, null, "/review/admin/webhooks");
  return (
    <Panel aria-labelledby="create-webhook-heading">
      <h2 id="create-webhook-heading">Register an endpoint</h2>
      <FormFeedback state={state} />
      <SecretBox state={state} id="create-webhook-secret" />
      <form action={formAction} noValidate>
        <EndpointFields state={state?.ok ? null : state} saved={NEW_ENDPOINT} prefix="create-webhook" />
        <SubmitButton pendingLabel="Registering…">Register endpoint</SubmitButton>
      </form>
    </Panel>
  );
}
