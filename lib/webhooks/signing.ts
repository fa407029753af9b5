import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Standard Webhooks (standardwebhooks.com): the signed content is
// "<webhook-id>.<webhook-timestamp>.<body>", the key is the base64 part of a
// "whsec_" secret, and the signature header is "v1," + base64 HMAC-SHA256.
// Receivers verify with any Standard Webhooks library, or these few lines.

const PREFIX = "whsec_";
const KEY_BYTES = 32;

/** A new signing secret: "whsec_" + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `${PREFIX}${randomBytes(KEY_BYTES).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new TypeError("A webhook signing secret starts with whsec_.");
  return Buffer.from(secret.slice(PREFIX.length), "base64");
}

/** The webhook-signature header for one message. `timestamp` is in whole seconds since 1970. */
export function signWebhook(secret: string, messageId: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${messageId}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

// A type, not an interface, so it passes where a plain header record is expected.
export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

export function signedHeaders(secret: string, messageId: string, at: Date, body: string): SignedHeaders {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, messageId, timestamp, body),
  };
}

/** Whether any "v1," signature in the header (space-separated) matches: what a receiver checks. */
export function signatureMatches(secret: string, headers: SignedHeaders, body: string): boolean {
  const expected = Buffer.from(signWebhook(secret, headers["webhook-id"], Number(headers["webhook-timestamp"]), body));
  return headers["webhook-signature"].split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
