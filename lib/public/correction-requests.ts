import "server-only";
import { createHash, createHmac } from "node:crypto";
import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { claims, correctionRequests } from "@/db/schema";
import { PUBLIC } from "@/lib/audit/events";
import { authSecret } from "@/lib/auth/secret";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";

/** DESIGN.md / issue #3: correction requests are rate-limited per address. */
export const MAX_REQUESTS_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;

export const correctionRequestSchema = z.object({
  slug: z.string({ message: "Unknown claim." }).trim().min(1, "Unknown claim.").max(200, "Unknown claim."),
  message: z
    .string({ message: "Say what should be corrected." })
    .trim()
    .min(10, "Say what should be corrected, in at least 10 characters.")
    .max(5000, "The message is at most 5,000 characters."),
  email: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.email({ message: "Enter a valid email address, or leave it empty." }).max(254, "That email address is too long.").optional(),
  ),
});

/**
 * A keyed hash of the sender's network address: enough to count their
 * requests, useless for finding them. The key is derived from the auth secret,
 * so it stays on the server and differs between installs.
 */
export function hashAddress(address: string | undefined, secret: string = authSecret()): string {
  const key = createHash("sha256").update(`claimtrail correction-request address v1\0${secret}`).digest();
  // Requests without a known address share one bucket, so leaving it out buys nothing.
  return createHmac("sha256", key).update(address?.trim().toLowerCase() || "unknown").digest("hex");
}

// A reader's side of correction requests. Editors triage them on the desk
// (lib/claims/correction-requests.ts).

/**
 * A reader asks for a published verdict to be corrected (issue #3). Stored as
 * open for editors, never shown publicly, audited as PUBLIC in the same
 * transaction. The audit event holds lengths, not the message or the email:
 * the append-only log must not keep readers' addresses forever.
 */
export function submitCorrectionRequest(input: {
  slug: unknown;
  message: unknown;
  email?: unknown;
  address?: string;
}): { id: number } {
  return mutate({
    actor: PUBLIC,
    schema: correctionRequestSchema,
    input: { slug: input.slug, message: input.message, email: input.email },
    write: (tx, data) => {
      const addressHash = hashAddress(input.address);
      const claim = tx
        .select({ id: claims.id })
        .from(claims)
        .where(and(eq(claims.slug, data.slug), isNotNull(claims.publishedAt)))
        .get();
      if (!claim) throw new AppError("not_found", "That claim is not published, so there is nothing to correct.");
      const now = new Date();
      // Counted inside the IMMEDIATE transaction, so parallel requests cannot slip past the limit.
      const recent =
        tx
          .select({ n: sql<number>`count(*)` })
          .from(correctionRequests)
          .where(
            and(
              eq(correctionRequests.addressHash, addressHash),
              gt(correctionRequests.createdAt, new Date(now.getTime() - HOUR_MS).toISOString()),
            ),
          )
          .get()?.n ?? 0;
      if (recent >= MAX_REQUESTS_PER_HOUR) throw new AppError("rule", "Too many requests from your address; try again later.");
      const row = tx
        .insert(correctionRequests)
        .values({
          claimId: claim.id,
          message: data.message,
          email: data.email ?? null,
          addressHash,
          state: "open",
          createdAt: now.toISOString(),
        })
        .returning({ id: correctionRequests.id })
        .get();
      return {
        result: { id: row.id },
        audit: {
          action: "correction_request.received",
          entityType: "correction_request",
          entityId: row.id,
          after: { claimId: claim.id, state: "open", messageLength: data.message.length, emailGiven: data.email !== undefined },
          at: now,
        },
      };
    },
  });
}

