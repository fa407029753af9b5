import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Sealing a secret the desk must read back (a TOTP secret): AES-256-GCM with
 * a key derived (HKDF-SHA256) from the app secret, a fresh 96-bit nonce per
 * seal, and `context` (e.g. "totp:12") bound in as associated data, so a
 * sealed value copied to another user's row does not open there. Stored as
 * `v1.<nonce>.<tag>.<ciphertext>`, each base64url. No server-only import:
 * the browser tests unseal a pending secret with the server's key.
 */
const VERSION = "v1";

function keyFor(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "claimtrail sealing", "seal v1", 32));
}

export function seal(plaintext: string, context: string, appSecret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(appSecret), nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, nonce, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The sealed text, or null when it was not sealed with this key and context (or was tampered with). */
export function unseal(sealed: string, context: string, appSecret: string): string | null {
  const [version, nonce, tag, body, ...rest] = sealed.split(".");
  if (version !== VERSION || nonce === undefined || tag === undefined || body === undefined || rest.length > 0)
    return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(appSecret), Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** The associated data a user's TOTP secret is sealed with. */
export const totpContext = (userId: number) => `totp:${userId}`;
