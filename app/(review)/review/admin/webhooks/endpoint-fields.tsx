import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/db/schema";
import { CheckboxField, fieldErrors, Fieldset, fromState, TextField } from "@/app/components/forms";
import { WEBHOOK_EVENT_LABELS } from "@/lib/webhooks/labels";
import type { WebhookActionState } from "./state";

export interface EndpointValues {
  url: string;
  description: string;
  events: readonly WebhookEventType[];
  allowPrivate: boolean;
}

export const NEW_ENDPOINT: EndpointValues = {
  url: "",
  description: "",
  events: ["claim.published", "claim.corrected", "claim.unpublished"],
  allowPrivate: false,
};

/** What was typed when the last save was refused, else the endpoint as stored. */
function shown(state: WebhookActionState, saved: EndpointValues): EndpointValues {
  if (!state || state.ok) return saved;
  const events = state.values.events;
  const typedEvents = events === undefined ? [] : typeof events === "string" ? [events] : events;
  return {
    url: saved.url,
    description: saved.description,
    events: WEBHOOK_EVENT_TYPES.filter((type) => typedEvents.includes(type)),
    allowPrivate: state.values.allowPrivate !== undefined,
  };
}

/** The fields an endpoint is registered and edited with; `prefix` keeps two forms' ids apart. */
export function EndpointFields({
  state,
  saved,
  prefix,
}: {
  state: WebhookActionState;
  saved: EndpointValues;
  prefix: string;
}) {
  const values = shown(state, saved);
  return (
    // Keyed on the outcome, so a refused save shows what was typed and a success shows what was stored.
    <div key={state ? String(state.ok ? state.at : state.message) : "idle"}>
      <TextField
        id={`${prefix}-url`}
        label="Receiver address"
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        hint="The https:// address the desk POSTs each event to."
        {...fromState(state, "url", values.url)}
      />
      <TextField
        id={`${prefix}-description`}
        label="Description (optional)"
        autoComplete="off"
        hint="Who runs the receiver and what it does with the events."
        {...fromState(state, "description", values.description)}
      />
      <Fieldset
        legend="Events"
        hint="The receiver gets a delivery for each of these."
        errors={fieldErrors(state, "events")}
      >
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <CheckboxField
            key={type}
            id={`${prefix}-event-${type}`}
            name="events"
            value={type}
            defaultChecked={values.events.includes(type)}
            label={
              <>
                <code>{type}</code> — {WEBHOOK_EVENT_LABELS[type]}
              </>
            }
          />
        ))}
      </Fieldset>
      <CheckboxField
        id={`${prefix}-allow-private`}
        name="allowPrivate"
        defaultChecked={values.allowPrivate}
        errors={fieldErrors(state, "allowPrivate")}
        label="Allow a private address"
        hint="Only for a receiver inside your own network (or on this machine): without it, the desk sends only to public internet addresses."
      />
    </div>
  );
}
