"use client";

import { useActionState } from "react";
import { FormFeedback, fromState, SubmitButton, TextField, useIsLatestSuccess } from "@/app/components/forms";
import { formatDateTime } from "@/app/components/format";
import {
  confirmTwoFactorAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTwoFactorAction,
  type RecoveryCodesState,
} from "./actions";
import styles from "./account.module.css";

export interface TwoFactorView {
  enabled: boolean;
  enabledAt: string | null;
  required: boolean;
  recoveryCodesLeft: number;
  pending: { secret: string; qrCode: string } | null;
}

/** The key in groups of four, easier to type; apps ignore the spaces. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/**
 * Two-factor sign-in on the account page. One component holds every form's
 * outcome, so the recovery codes (in the confirming answer only) stay on
 * screen when the page around them refreshes to "on".
 */
export function TwoFactorPanel({ status }: { status: TwoFactorView }) {
  const [started, start] = useActionState(startTwoFactorAction, null);
  const [confirmed, confirm] = useActionState(confirmTwoFactorAction, null);
  const [regenerated, regenerate] = useActionState(regenerateRecoveryCodesAction, null);
  const [disabled, disable] = useActionState(disableTwoFactorAction, null);
  return (
    <>
      <RecoveryCodes state={confirmed} />
      <RecoveryCodes state={regenerated} />
      <FormFeedback state={disabled} />
      {status.enabled ? (
        <>
          <p>
            <span className={styles.on}>
              <span aria-hidden="true">✓</span> On
            </span>
            {status.enabledAt && (
              <>
                {" "}
                since <time dateTime={status.enabledAt}>{formatDateTime(status.enabledAt)}</time>
              </>
            )}
            . Signing in asks for a code from your authenticator app after your password. {status.recoveryCodesLeft} of
            10 recovery codes left.
          </p>
          <div className={styles.split}>
            <form action={regenerate} noValidate>
              <h3>New recovery codes</h3>
              <TextField
                id="regenerate-password"
                label="Current password"
                type="password"
                autoComplete="current-password"
                {...fromState(regenerated, "password")}
                defaultValue=""
              />
              <SubmitButton className="button-secondary" pendingLabel="Making…">
                Make new recovery codes
              </SubmitButton>
            </form>
            {!status.required && (
              <form action={disable} noValidate>
                <h3>Turn off</h3>
                <TextField
                  id="disable-password"
                  label="Current password"
                  type="password"
                  autoComplete="current-password"
                  hint="Your other sign-ins end."
                  {...fromState(disabled, "password")}
                  defaultValue=""
                />
                <SubmitButton className="button-danger" pendingLabel="Turning off…">
                  Turn off two-factor sign-in
                </SubmitButton>
              </form>
            )}
          </div>
          {status.required && (
            <p className="muted">Your role must use two-factor sign-in, so it cannot be turned off.</p>
          )}
        </>
      ) : status.pending ? (
        <>
          <FormFeedback state={started} />
          <ol className={styles.steps}>
            <li>
              Scan this QR code with an authenticator app (for example Aegis, FreeOTP or 1Password).
              <img className={styles.qr} src={status.pending.qrCode} alt="QR code for your authenticator app" />
            </li>
            <li>
              Or type this set-up key into the app by hand:{" "}
              <code className={styles.key} data-testid="totp-secret" data-secret={status.pending.secret}>
                {grouped(status.pending.secret)}
              </code>
            </li>
            <li>
              <form action={confirm} noValidate>
                <FormFeedback state={confirmed} />
                <TextField
                  id="totp-confirm-code"
                  label="Code from the app"
                  hint="Six digits; it changes every 30 seconds."
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={12}
                  {...fromState(confirmed, "code")}
                  defaultValue=""
                />
                <div className={styles.buttons}>
                  <SubmitButton pendingLabel="Checking…">Turn on two-factor sign-in</SubmitButton>
                </div>
              </form>
            </li>
          </ol>
          <form action={start}>
            <SubmitButton className="button-secondary" pendingLabel="Starting…">
              Start again with a new key
            </SubmitButton>
          </form>
        </>
      ) : (
        <>
          <FormFeedback state={started} />
          <p>
            <span className={styles.off}>
              <span aria-hidden="true">○</span> Off
            </span>{" "}
            With it on, signing in also asks for a six-digit code from an app on your phone, so a stolen password alone
            does not get in.
          </p>
          <form action={start}>
            <SubmitButton pendingLabel="Starting…">Set up two-factor sign-in</SubmitButton>
          </form>
        </>
      )}
    </>
  );
}

/** Recovery codes, in the one answer that made them: stored only as hashes, never shown again. */
function RecoveryCodes({ state }: { state: RecoveryCodesState }) {
  const latest = useIsLatestSuccess(state);
  const codes = latest && state?.ok ? state.data.recoveryCodes : undefined;
  return (
    <div aria-live="polite">
      {state?.ok && latest && (
        <p role="status" className="form-success">
          {state.message}
        </p>
      )}
      {codes && (
        <section className="notice" aria-labelledby="recovery-codes-heading">
          <h3 id="recovery-codes-heading">Your recovery codes</h3>
          <p>
            Each signs you in once if you lose your phone. Keep them somewhere safe, away from this computer; they are
            shown only now. Using one ends your other sign-ins.
          </p>
          <ul className={styles.codes} aria-label="Recovery codes">
            {codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
