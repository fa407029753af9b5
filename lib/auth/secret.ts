import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const SECRET_FILE = path.join(process.cwd(), "data", "auth-secret");

/**
 * The key that signs session tokens: NEXTAUTH_SECRET or AUTH_SECRET when set,
 * else one generated into ./data/ on first use (never committed; data/ is ignored).
 */
export function authSecret(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.NEXTAUTH_SECRET?.trim() || env.AUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  try {
    const stored = fs.readFileSync(SECRET_FILE, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch {
    // Not there yet: make one below.
  }
  fs.mkdirSync(path.dirname(SECRET_FILE), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  return secret;
}
