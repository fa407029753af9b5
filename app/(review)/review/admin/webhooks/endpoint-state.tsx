import type { WebhookDeliveryState } from "@/db/schema";
import styles from "../admin.module.css";

/** An endpoint's state: word, colour and icon. */
export function EndpointState({ disabled }: { disabled: boolean }) {
  return (
    <span className={`${styles.state} ${disabled ? styles.disabled : styles.active}`}>
      <span aria-hidden="true">{disabled ? "⊘ " : "✓ "}</span>
      {disabled ? "Disabled" : "Active"}
    </span>
  );
}

const DELIVERY: Record<WebhookDeliveryState, { icon: string; label: string; className: string | undefined }> = {
  delivered: { icon: "✓ ", label: "Delivered", className: styles.active },
  pending: { icon: "◷ ", label: "Pending", className: styles.pending },
  failed: { icon: "✗ ", label: "Failed", className: styles.disabled },
};

/** A delivery's state: word, colour and icon. */
export function DeliveryState({ state }: { state: WebhookDeliveryState }) {
  const shown = DELIVERY[state];
  return (
    <span className={`${styles.state} ${shown.className ?? ""}`}>
      <span aria-hidden="true">{shown.icon}</span>
      {shown.label}
    </span>
  );
}
