import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

export const SECRET_FILE = path.join(process.cwd(), "data", "auth-secret");
export const MIN_SECRET_LENGTH = 32;

const secretSchema = z
  .string()
  .trim()
  .min(MIN_SECRET_LENGTH, {
    message: `NEXTAUTH_SECRET (or AUTH_SECRET) must be at least ${MIN_SECRET_LENGTH} characters; make one with \`openssl rand -base64 32\`, or leave it unset to have one generated into ./data/auth-secret.`,
  })
  .max(1000, { message: "NEXTAUTH_SECRET (or AUTH_SECRET) is longer than 1000 characters." });

/** The configured secret, parsed like any outside input; undefined when none is set. Throws a clear message when it is too weak. */
export function configuredSecret(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const raw = env.NEXTAUTH_SECRET?.trim() || env.AUTH_SECRET?.trim();
  if (!raw) return undefined;
  const parsed = secretSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Bad session secret: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  return parsed.data;
}

/**
 * The key that signs session tokens: NEXTAUTH_SECRET or AUTH_SECRET when set
 * (at least 32 characters), else one generated into ./data/ on first use
 * (never committed; data/ is ignored).
 */
export function authSecret(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = configuredSecret(env);
  if (fromEnv) return fromEnv;
  try {
    const stored = fs.readFileSync(SECRET_FILE, "utf8").trim();
    if (stored.length >= MIN_SECRET_LENGTH) return stored;
  } catch {
    // Not there yet: make one below.
  }
  fs.mkdirSync(path.dirname(SECRET_FILE), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  return secret;
}
