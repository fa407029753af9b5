import "server-only";
import { createHash, createHmac } from "node:crypto";
import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, writeTransaction } from "@/db/client";
import { claims, CORRECTION_REQUEST_STATES, correctionRequests, users, type CorrectionRequestState } from "@/db/schema";
import { appendAuditEvent, PUBLIC } from "@/lib/audit/events";
import { authSecret } from "@/lib/auth/secret";
import { actorOf, authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

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

const stateSchema = z.enum(CORRECTION_REQUEST_STATES, { message: "Choose open, resolved or dismissed." });
const listSchema = z.object({ state: stateSchema.optional() });
const stateChangeSchema = z.object({
  id: z.coerce.number({ message: "Unknown correction request." }).int().positive("Unknown correction request."),
  state: stateSchema,
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
  const data = parseInput(correctionRequestSchema, { slug: input.slug, message: input.message, email: input.email });
  const addressHash = hashAddress(input.address);
  return writeTransaction((tx) => {
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
    appendAuditEvent(
      tx,
      {
        actor: PUBLIC,
        action: "correction_request.received",
        entityType: "correction_request",
        entityId: row.id,
        after: { claimId: claim.id, state: "open", messageLength: data.message.length, emailGiven: data.email !== undefined },
      },
      now,
    );
    return { id: row.id };
  });
}

export interface CorrectionRequestItem {
  id: number;
  claim: { slug: string; summary: string };
  message: string;
  email: string | null;
  state: CorrectionRequestState;
  createdAt: string;
  handledBy: string | null;
  handledAt: string | null;
}

const MAX_LISTED = 500;

/** Readers' correction requests for editors, newest first (reviewer area only). */
export function listCorrectionRequests(input: { by: Principal | null; state?: unknown }): CorrectionRequestItem[] {
  authorize(input.by, "claim.publish");
  const { state } = parseInput(listSchema, { state: input.state === "" ? undefined : input.state });
  return getDb()
    .select({
      id: correctionRequests.id,
      claimSlug: claims.slug,
      claimSummary: claims.summary,
      message: correctionRequests.message,
      email: correctionRequests.email,
      state: correctionRequests.state,
      createdAt: correctionRequests.createdAt,
      handledBy: users.name,
      handledAt: correctionRequests.handledAt,
    })
    .from(correctionRequests)
    .innerJoin(claims, eq(claims.id, correctionRequests.claimId))
    .leftJoin(users, eq(users.id, correctionRequests.handledBy))
    .where(state ? eq(correctionRequests.state, state) : undefined)
    .orderBy(desc(correctionRequests.createdAt), desc(correctionRequests.id))
    .limit(MAX_LISTED)
    .all()
    .map(({ claimSlug, claimSummary, ...r }) => ({ ...r, claim: { slug: claimSlug, summary: claimSummary } }));
}

/** An editor resolves, dismisses or reopens a request; audited in the same transaction. */
export function setCorrectionRequestState(input: { by: Principal | null; id: unknown; state: unknown }): {
  id: number;
  state: CorrectionRequestState;
} {
  authorize(input.by, "claim.publish");
  const data = parseInput(stateChangeSchema, { id: input.id, state: input.state });
  const by = input.by;
  return writeTransaction((tx) => {
    const request = tx
      .select({ id: correctionRequests.id, state: correctionRequests.state })
      .from(correctionRequests)
      .where(eq(correctionRequests.id, data.id))
      .get();
    if (!request) throw new AppError("not_found", "That correction request does not exist.");
    if (request.state === data.state) throw new AppError("invalid", `This request is already ${data.state}.`);
    const now = new Date();
    const handled = data.state === "open" ? { handledBy: null, handledAt: null } : {
      handledBy: by.kind === "user" ? by.id : null,
      handledAt: now.toISOString(),
    };
    tx.update(correctionRequests)
      .set({ state: data.state, ...handled })
      .where(eq(correctionRequests.id, request.id))
      .run();
    appendAuditEvent(
      tx,
      {
        actor: actorOf(by),
        action: "correction_request.state_changed",
        entityType: "correction_request",
        entityId: request.id,
        before: { state: request.state },
        after: { state: data.state },
      },
      now,
    );
    return { id: request.id, state: data.state };
  });
}
