/**
 * Two-factor sign-in in the browser tests: codes computed from the secret the
 * account page shows, as an authenticator app does, and (for the access
 * matrix) a person's two-factor state set through lib/ by a script.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import { z } from "zod";

const PERIOD_MS = 30_000;

/** The code for the step `offset` steps from now (the server accepts -1, 0 and +1). */
export function totpFor(secret: string, offset = 0, now = Date.now()): string {
  const totp = new TOTP({
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD_MS / 1000,
    secret: Secret.fromBase32(secret.replace(/\s+/g, "")),
  });
  return totp.generate({ timestamp: now + offset * PERIOD_MS });
}

/** Milliseconds until the next 30-second step begins. */
export function untilNextStep(now = Date.now()): number {
  return PERIOD_MS - (now % PERIOD_MS);
}

const tsxBin = path.join(process.cwd(), "node_modules", ".bin", "tsx");

function runState(args: string[]): unknown {
  if (!process.env.DATABASE_URL)
    throw new Error("DATABASE_URL is not set: run the browser tests with `npm run test:e2e`.");
  const result = spawnSync(tsxBin, ["--conditions=react-server", "e2e/support/two-factor-state.ts", ...args], {
    encoding: "utf8",
    env: process.env,
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`two-factor-state.ts failed: ${result.stderr}`);
  const line = result.stdout
    .trim()
    .split("\n")
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`two-factor-state.ts printed nothing: ${result.stdout}`);
  return JSON.parse(line);
}

/** Puts the person's two-factor sign-in in `state` (a pending set-up, or on); returns its secret. */
export function twoFactorState(user: { email: string }, state: "pending" | "enabled"): string {
  const answer = z.object({ secret: z.string() }).parse(runState(["--email", user.email, "--state", state]));
  return answer.secret;
}

/** Opens a further sign-in for the person (its user_sessions row), for a test to end; returns the row's id. */
export function openExtraSession(email: string): number {
  return z.object({ sessionId: z.number() }).parse(runState(["--email", email, "--open-session"])).sessionId;
}
