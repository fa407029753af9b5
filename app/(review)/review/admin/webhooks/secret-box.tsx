"use client";

import { useIsLatestSuccess } from "@/app/components/forms";
import type { WebhookActionState } from "./state";
import styles from "../admin.module.css";

/**
 * The signing secret, shown in the one response that made it: it is stored
 * sealed and this page never shows it again. It goes when a later action succeeds.
 */
export function SecretBox({ state, id }: { state: WebhookActionState; id: string }) {
  const latest = useIsLatestSuccess(state);
  const value = latest && state?.ok ? state.data?.secret : undefined;
  return (
    <div aria-live="polite">
      {value && (
        <section className={`notice ${styles.password}`} aria-labelledby={id}>
          <h2 id={id}>Signing secret</h2>
          <p>
            Signing secret: <code className={styles.secret}>{value.secret}</code> — copy it into the receiver now; it
            will not be shown again.
          </p>
          <p className={styles.passwordHint}>
            The receiver checks each delivery&apos;s <code>webhook-signature</code> with it (see the README). Lost it?
            Rotate the secret on the endpoint&apos;s page.
          </p>
        </section>
      )}
    </div>
  );
}
