"use client";

import { useIsLatestSuccess } from "@/app/components/forms";
import type { UserActionState } from "./state";
import styles from "./admin.module.css";

/**
 * The generated password, shown in the one response that made it: it is not
 * stored in clear anywhere, so it cannot be shown again. It goes as soon as a
 * later action succeeds.
 */
export function OneTimePasswordBox({ state, id }: { state: UserActionState; id: string }) {
  const latest = useIsLatestSuccess(state);
  const value = latest && state?.ok ? state.data?.oneTimePassword : undefined;
  return (
    <div aria-live="polite">
      {value && (
        <section className={`notice ${styles.password}`} aria-labelledby={id}>
          <h2 id={id}>One-time password</h2>
          <p>
            One-time password for {value.email}: <code className={styles.secret}>{value.password}</code> — copy it now;
            it will not be shown again.
          </p>
          <p className={styles.passwordHint}>
            Give it to them in person or by another channel than this email address. They sign in with it; ask them to
            keep it safe.
          </p>
        </section>
      )}
    </div>
  );
}
