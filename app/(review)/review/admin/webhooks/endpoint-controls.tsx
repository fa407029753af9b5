"use client";

import { useActionState, useState } from "react";
import { FormFeedback, SubmitButton } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import {
  redeliverWebhookAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  setWebhookDisabledAction,
  updateWebhookAction,
} from "./actions";
import { EndpointFields, type EndpointValues } from "./endpoint-fields";
import { SecretBox } from "./secret-box";
import type { WebhookActionState } from "./state";
import styles from "../admin.module.css";

function permalink(endpointId: number): string {
  return `/review/admin/webhooks/${endpointId}`;
}

export function EditWebhookForm({ endpointId, saved }: { endpointId: number; saved: EndpointValues }) {
  const [state, formAction] = useActionState(updateWebhookAction, null, permalink(endpointId));
  return (
    <Panel aria-labelledby="edit-webhook-heading">
      <h2 id="edit-webhook-heading">Endpoint</h2>
      <FormFeedback state={state} />
      <form action={formAction} noValidate>
        <input type="hidden" name="endpointId" value={endpointId} />
        <EndpointFields state={state} saved={saved} prefix="edit-webhook" />
        <SubmitButton pendingLabel="Saving…">Save endpoint</SubmitButton>
      </form>
    </Panel>
  );
}

type Used = "test" | "rotate" | "disable";

/** Send a test event, rotate the secret, disable or enable: one outcome shown above the buttons. */
export function EndpointControls({ endpointId, disabled }: { endpointId: number; disabled: boolean }) {
  const [testState, test, testing] = useActionState(sendTestEventAction, null, permalink(endpointId));
  const [rotateState, rotate, rotating] = useActionState(rotateWebhookSecretAction, null, permalink(endpointId));
  const [disableState, toggle, toggling] = useActionState(setWebhookDisabledAction, null, permalink(endpointId));
  const [lastUsed, setLastUsed] = useState<Used | null>(null);
  const states: Record<Used, WebhookActionState> = { test: testState, rotate: rotateState, disable: disableState };
  const shown = lastUsed ? states[lastUsed] : (Object.values(states).find((s) => s !== null) ?? null);
  const pending = testing || rotating || toggling;
  return (
    <Panel aria-labelledby="webhook-controls-heading">
      <h2 id="webhook-controls-heading">Actions</h2>
      <FormFeedback state={shown} />
      <SecretBox state={shown} id="rotated-webhook-secret" />
      <div className={styles.controls}>
        <form action={test} onSubmit={() => setLastUsed("test")}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <SubmitButton pending={pending} disabled={disabled}>
            Send test event
          </SubmitButton>
        </form>
        <form action={rotate} onSubmit={() => setLastUsed("rotate")}>
          <input type="hidden" name="endpointId" value={endpointId} />
          <SubmitButton className="button-secondary" pending={pending}>
            Rotate secret
          </SubmitButton>
        </form>
        <form action={toggle} onSubmit={() => setLastUsed("disable")}>
          <input type="hidden" name="endpointId" value={endpointId} />
          {!disabled && <input type="hidden" name="disabled" value="on" />}
          <SubmitButton className={disabled ? "button-secondary" : "button-danger"} pending={pending}>
            {disabled ? "Enable endpoint" : "Disable endpoint"}
          </SubmitButton>
        </form>
      </div>
    </Panel>
  );
}

/** "Redeliver" on a failed delivery: the same webhook-id and body, from the start of the schedule. */
export function RedeliverButton({
  endpointId,
  deliveryId,
  labelId,
}: {
  endpointId: number;
  deliveryId: number;
  labelId: string;
}) {
  const [state, formAction, pending] = useActionState(redeliverWebhookAction, null, permalink(endpointId));
  return (
    <>
      <FormFeedback state={state} />
      <form action={formAction}>
        <input type="hidden" name="deliveryId" value={deliveryId} />
        <SubmitButton className="button-secondary" pending={pending} aria-describedby={labelId}>
          Redeliver
        </SubmitButton>
      </form>
    </>
  );
}
