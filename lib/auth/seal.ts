import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./secret";

// Secrets the desk must read back later (a webhook's signing key) are kept
// sealed: AES-256-GCM under a key derived from the app secret, so a copy of
// the database alone, a backup or an export, does not hand them out. Each use
// derives its own key (`purpose`), so a value sealed for one cannot be
// opened as another. Changing the app secret makes sealed values unreadable:
// they are then remade (a webhook's secret is rotated).

const VERSION = "v1";
const IV_BYTES = 12;

function keyFor(purpose: string, secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "claimtrail seal", `claimtrail:${purpose}`, 32));
}

/** `plain` sealed for `purpose`, as text safe to store: "v1.<iv>.<tag>.<ciphertext>" (base64url). */
export function seal(plain: string, purpose: string, secret: string = authSecret()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose, secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

/** The value `seal` sealed for `purpose`, or null when it was sealed under another secret or purpose, or altered. */
export function unseal(sealed: string, purpose: string, secret: string = authSecret()): string | null {
  const [version, iv, tag, body, ...rest] = sealed.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0)
    return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose, secret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
