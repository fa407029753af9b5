import "server-only";
import { seal as sealWith, unseal as unsealWith } from "./sealing";
import { authSecret } from "./secret";

// Secrets the desk must read back later (a webhook's signing key) are sealed
// by lib/auth/sealing.ts under the app secret, with `purpose` bound in, so a
// value sealed for one use cannot be opened as another. Changing the app
// secret makes sealed values unreadable: they are then remade (a webhook's
// secret is rotated).

/** `plain` sealed for `purpose`, as text safe to store. */
export function seal(plain: string, purpose: string, secret: string = authSecret()): string {
  return sealWith(plain, purpose, secret);
}

/** The value `seal` sealed for `purpose`, or null when it was sealed under another secret or purpose, or altered. */
export function unseal(sealed: string, purpose: string, secret: string = authSecret()): string | null {
  return unsealWith(sealed, purpose, secret);
}
