import type { Metadata } from "next";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { currentSession } from "@/lib/auth/session";
import { listMySessions } from "@/lib/users/sessions";
import { twoFactorStatus } from "@/lib/users/two-factor";
import { FeedbackScope } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { ACCOUNT_PATH, requireUser } from "../../require-user";
import { PasswordForm } from "./password-form";
import { SessionList } from "./session-list";
import { TwoFactorPanel } from "./two-factor-panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Your account" };

/** A browser's user-agent string, cut down to what a person recognises. */
function deviceName(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : null;
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

export default async function AccountPage() {
  const by = await requireUser(ACCOUNT_PATH);
  const session = await currentSession();
  const status = await twoFactorStatus({ by });
  const sessions = listMySessions({ by, sessionId: session?.sessionId ?? null }).map(({ userAgent, ...rest }) => ({
    ...rest,
    device: deviceName(userAgent),
  }));
  return (
    <div className="prose">
      <h1>Your account</h1>
      <p className="lede">
        Signed in as {by.name} ({by.email}), {by.role}.
      </p>
      {by.twoFactorMissing && (
        <p className="notice" role="status" id="two-factor-required">
          <strong>Set up two-factor sign-in first.</strong> Your role must use it; the rest of the desk opens once it is
          on.
        </p>
      )}
      <FeedbackScope>
        <Panel aria-labelledby="two-factor-heading">
          <h2 id="two-factor-heading">Two-factor sign-in</h2>
          <TwoFactorPanel
            status={{
              enabled: status.enabled,
              enabledAt: status.enabledAt,
              required: status.required,
              recoveryCodesLeft: status.recoveryCodesLeft,
              pending: status.pending && { secret: status.pending.secret, qrCode: status.pending.qrCode },
            }}
          />
        </Panel>
        <Panel aria-labelledby="password-heading">
          <h2 id="password-heading">Password</h2>
          <p>Changing it ends your other sign-ins; this one goes on.</p>
          <PasswordForm email={by.email} minLength={MIN_PASSWORD_LENGTH} />
        </Panel>
        <Panel aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">Where you are signed in</h2>
          <p>
            Each sign-in lasts until you sign out there, it is unused for 2 hours, or 12 hours have passed. End any you
            do not recognise, and change your password.
          </p>
          <SessionList sessions={sessions} />
        </Panel>
      </FeedbackScope>
    </div>
  );
}
