import "server-only";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { claims, correctionRequests, publications } from "@/db/schema";
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
}): { id: number; token: string } {
  // Made before the transaction; only its SHA-256 is stored, so the token exists in the reader's hands alone.
  const token = newRequestToken();
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
          tokenHash: hashRequestToken(token),
        })
        .returning({ id: correctionRequests.id })
        .get();
      return {
        result: { id: row.id, token },
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


// ---------------------------------------------------------------- the reader's private link (issue #14)

const TOKEN_PREFIX = "crq_";
/** 32 random bytes: as unguessable as the session secret, short enough for a link. */
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^crq_[A-Za-z0-9_-]{43}$/;

function newRequestToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
}

/** What correction_requests.token_hash keeps: the SHA-256 of the token, never the token. */
export function hashRequestToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The reader's private page for a token. */
export function requestPath(token: string): string {
  return `/requests/${token}`;
}

export type ReaderRequestState = "received" | "under_review" | "answered";

/**
 * What a token shows its holder: their own request and the desk's public
 * answer. Nothing about who handled it, the email given, or any other request.
 */
export interface ReaderCorrectionRequest {
  state: ReaderRequestState;
  message: string;
  receivedAt: string;
  reviewStartedAt: string | null;
  claim: { slug: string; summary: string | null };
  answer: { text: string; outcome: "resolved" | "dismissed"; at: string } | null;
  /** The correction the request led to, when the desk linked one and the claim is still published. */
  correction: { at: string; reason: string | null } | null;
}

const tokenInput = z.string().max(200);

/**
 * The request a private link names, or null. Whatever comes in, well-formed or
 * not, is hashed and looked up the same way, so a wrong token costs what a
 * right one does and the answer says nothing but "not found".
 */
export function readCorrectionRequest(rawToken: unknown): ReaderCorrectionRequest | null {
  const parsed = tokenInput.safeParse(rawToken);
  const token = parsed.success ? parsed.data : "";
  const tokenHash = hashRequestToken(token);
  const row = getDb()
    .select({
      state: correctionRequests.state,
      message: correctionRequests.message,
      createdAt: correctionRequests.createdAt,
      reviewStartedAt: correctionRequests.reviewStartedAt,
      publicAnswer: correctionRequests.publicAnswer,
      answeredAt: correctionRequests.answeredAt,
      slug: claims.slug,
      publishedAt: claims.publishedAt,
      snapshot: claims.publishedSnapshot,
      correctionAt: publications.at,
      correctionReason: publications.reason,
      correctionKind: publications.kind,
    })
    .from(correctionRequests)
    .innerJoin(claims, eq(claims.id, correctionRequests.claimId))
    .leftJoin(publications, eq(publications.id, correctionRequests.publicationId))
    .where(eq(correctionRequests.tokenHash, tokenHash))
    .get();
  if (!row || !TOKEN_PATTERN.test(token)) return null;
  const published = row.publishedAt !== null;
  const answered = row.state !== "open" && row.publicAnswer !== null && row.answeredAt !== null;
  return {
    state: answered ? "answered" : row.reviewStartedAt ? "under_review" : "received",
    message: row.message,
    receivedAt: row.createdAt,
    reviewStartedAt: row.reviewStartedAt,
    // Only the published summary: a withdrawn claim's working copy is the desk's.
    claim: { slug: row.slug, summary: published ? publishedSummaryOf(row.snapshot) : null },
    answer:
      answered && row.publicAnswer && row.answeredAt && row.state !== "open"
        ? { text: row.publicAnswer, outcome: row.state, at: row.answeredAt }
        : null,
    correction:
      answered && published && row.correctionAt && row.correctionKind === "correction"
        ? { at: row.correctionAt, reason: row.correctionReason }
        : null,
  };
}

const snapshotSummary = z.object({ summary: z.string() });

function publishedSummaryOf(snapshot: string | null): string | null {
  if (!snapshot) return null;
  const parsed = snapshotSummary.safeParse(JSON.parse(snapshot));
  return parsed.success ? parsed.data.summary : null;
}
