import { createHash, createHmac, randomInt, timingSafeEqual } from "node:crypto";

/**
 * One-time recovery codes. Each is ten characters from a 31-letter alphabet
 * without look-alikes (about 49 random bits), shown as `xxxxx-xxxxx`. They are
 * random, not chosen by people, so a keyed hash (HMAC-SHA256 with a key
 * derived from the app secret) is as strong a store as a slow password hash
 * here, and lets a sign-in check all ten at once. Typing is forgiving:
 * case, spaces and dashes do not matter.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** The code as typed, folded to its stored form; null when it cannot be a recovery code. */
export function normaliseRecoveryCode(typed: string): string | null {
  const folded = typed.toLowerCase().replace(/[\s-]+/g, "");
  if (folded.length !== LENGTH || [...folded].some((c) => !ALPHABET.includes(c))) return null;
  return folded;
}

export function hashRecoveryCode(code: string, appSecret: string): string {
  const key = createHash("sha256").update(`claimtrail recovery code v1\0${appSecret}`).digest();
  return createHmac("sha256", key)
    .update(normaliseRecoveryCode(code) ?? "")
    .digest("hex");
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}
