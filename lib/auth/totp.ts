import { Secret, TOTP } from "otpauth";

/**
 * Time-based one-time codes (RFC 6238 via otpauth): SHA-1, 6 digits, 30-second
 * steps, the settings every authenticator app reads from a QR code. A code is
 * accepted for its own step and one either side (clocks drift), and never for
 * a step at or before the last one accepted, so a code seen over a shoulder
 * or replayed from a log does not sign in again.
 */
export const TOTP_PERIOD_SECONDS = 30;
const ISSUER = "Claimtrail";

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "account"): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// address a QR code carries. */
export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The code for `timestamp` (milliseconds); for tests and nothing else on the server. */
export function totpCode(secret: string, timestamp = Date.now()): string {
  return totp(secret).generate({ timestamp });
}

export const stepAt = (timestamp: number) => Math.floor(timestamp / 1000 / TOTP_PERIOD_SECONDS);

/** Whether `code` looks like a TOTP code at all (six digits, spaces allowed). */
export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s+/g, ""));
}

/**
 * The step `code` is valid for (now ±1 step), or null when it is wrong or
 * its step is not after `lastStep` (a replay).
 */
export function matchTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  timestamp = Date.now(),
): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp(secret).validate({ token, timestamp, window: 1 });
  if (delta === null) return null;
  const step = stepAt(timestamp) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}
