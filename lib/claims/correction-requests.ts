import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import {
  claims,
  CORRECTION_REQUEST_STATES,
  correctionRequests,
  publications,
  users,
  type CorrectionRequestState,
} from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput } from "@/lib/validation";

// Editors' side of readers' correction requests (the reader's side, the
// submission, is lib/public/correction-requests.ts): the list and its triage.

const stateSchema = z.enum(CORRECTION_REQUEST_STATES, { message: "Choose open, resolved or dismissed." });
const listSchema = z.object({ state: stateSchema.optional() });
const requestId = z.coerce.number({ message: "Unknown correction request." }).int().positive("Unknown correction request.");
const stateChangeSchema = z.object({ id: requestId, state: stateSchema });
const reviewSchema = z.object({ id: requestId });
/** The largest public answer: a few paragraphs, shown on the reader's private page. */
export const MAX_PUBLIC_ANSWER = 4000;
const answerSchema = z.object({
  id: requestId,
  outcome: z.enum(["resolved", "dismissed"], { message: "Choose whether the request is resolved or dismissed." }),
  answer: z
    .string({ message: "Write the answer the reader will see." })
    .trim()
    .min(1, "Write the answer the reader will see.")
    .max(MAX_PUBLIC_ANSWER, `The answer is at most ${MAX_PUBLIC_ANSWER.toLocaleString("en")} characters.`),
  publicationId: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce.number({ message: "Choose one of the claim's corrections." }).int().positive("Choose one of the claim's corrections.").optional(),
  ),
});

export interface CorrectionRequestItem {
  id: number;
  claim: { slug: string; summary: string };
  message: string;
  email: string | null;
  state: CorrectionRequestState;
  createdAt: string;
  handledBy: string | null;
  handledAt: string | null;
  reviewStartedAt: string | null;
  publicAnswer: string | null;
  answeredAt: string | null;
  /** The correction the answer links to, if any. */
  publicationId: number | null;
  /** The claim's corrections, newest first: what an answer may link to. */
  corrections: { id: number; at: string; reason: string | null }[];
}

const MAX_LISTED = 500;

/** Readers' correction requests for editors, newest first (reviewer area only). */
export function listCorrectionRequests(input: { by: Principal | null; state?: unknown }): CorrectionRequestItem[] {
  authorize(input.by, "claim.publish");
  const { state } = parseInput(listSchema, { state: input.state === "" ? undefined : input.state });
  const rows = getDb()
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
      reviewStartedAt: correctionRequests.reviewStartedAt,
      publicAnswer: correctionRequests.publicAnswer,
      answeredAt: correctionRequests.answeredAt,
      publicationId: correctionRequests.publicationId,
      claimId: correctionRequests.claimId,
    })
    .from(correctionRequests)
    .innerJoin(claims, eq(claims.id, correctionRequests.claimId))
    .leftJoin(users, eq(users.id, correctionRequests.handledBy))
    .where(state ? eq(correctionRequests.state, state) : undefined)
    .orderBy(desc(correctionRequests.createdAt), desc(correctionRequests.id))
    .limit(MAX_LISTED)
    .all();
  const corrections = correctionsOf([...new Set(rows.map((r) => r.claimId))]);
  return rows.map(({ claimSlug, claimSummary, claimId, ...r }) => ({
    ...r,
    claim: { slug: claimSlug, summary: claimSummary },
    corrections: corrections.get(claimId) ?? [],
  }));
}

/** Each claim's corrections, newest first. */
function correctionsOf(claimIds: number[]): Map<number, CorrectionRequestItem["corrections"]> {
  const byClaim = new Map<number, CorrectionRequestItem["corrections"]>();
  if (claimIds.length === 0) return byClaim;
  const rows = getDb()
    .select({ id: publications.id, claimId: publications.claimId, at: publications.at, reason: publications.reason })
    .from(publications)
    .where(and(inArray(publications.claimId, claimIds), eq(publications.kind, "correction")))
    .orderBy(desc(publications.at), desc(publications.id))
    .all();
  for (const { claimId, ...correction } of rows) byClaim.set(claimId, [...(byClaim.get(claimId) ?? []), correction]);
  return byClaim;
}

function openRequest(tx: Tx, id: number) {
  const request = tx
    .select({
      id: correctionRequests.id,
      claimId: correctionRequests.claimId,
      state: correctionRequests.state,
      reviewStartedAt: correctionRequests.reviewStartedAt,
    })
    .from(correctionRequests)
    .where(eq(correctionRequests.id, id))
    .get();
  if (!request) throw new AppError("not_found", "That correction request does not exist.");
  return request;
}

/**
 * An editor starts looking at a request: the reader's page then says "under
 * review". Audited; the reader is never told who.
 */
export function startCorrectionReview(input: { by: Principal | null; id: unknown }): { id: number; reviewStartedAt: string } {
  return mutate({
    by: input.by,
    permission: "claim.publish",
    schema: reviewSchema,
    input: { id: input.id },
    write: (tx, data) => {
      const request = openRequest(tx, data.id);
      if (request.state !== "open") throw new AppError("invalid", `This request is already ${request.state}; reopen it first.`);
      if (request.reviewStartedAt) throw new AppError("invalid", "This request is already under review.");
      const now = new Date();
      tx.update(correctionRequests)
        .set({ reviewStartedAt: now.toISOString() })
        .where(eq(correctionRequests.id, request.id))
        .run();
      return {
        result: { id: request.id, reviewStartedAt: now.toISOString() },
        audit: {
          action: "correction_request.review_started",
          entityType: "correction_request",
          entityId: request.id,
          before: { state: "open", underReview: false },
          after: { state: "open", underReview: true },
          at: now,
        },
      };
    },
  });
}

/**
 * An editor answers a request (issue #14): resolved or dismissed, with the
 * text the reader's private page shows, and optionally the correction of that
 * claim it led to. The answer is public text, so the audit event keeps it.
 */
export function answerCorrectionRequest(input: {
  by: Principal | null;
  id: unknown;
  outcome: unknown;
  answer: unknown;
  publicationId?: unknown;
}): { id: number; state: "resolved" | "dismissed" } {
  return mutate({
    by: input.by,
    permission: "claim.publish",
    schema: answerSchema,
    input: { id: input.id, outcome: input.outcome, answer: input.answer, publicationId: input.publicationId },
    write: (tx, data, by) => {
      const request = openRequest(tx, data.id);
      if (request.state !== "open") throw new AppError("invalid", `This request is already ${request.state}; reopen it to answer again.`);
      if (data.publicationId !== undefined) {
        const correction = tx
          .select({ id: publications.id })
          .from(publications)
          .where(
            and(
              eq(publications.id, data.publicationId),
              eq(publications.claimId, request.claimId),
              eq(publications.kind, "correction"),
            ),
          )
          .get();
        if (!correction)
          throw new AppError("invalid", "Link a correction of this request's claim, or none.", {
            publicationId: ["Choose one of the claim's corrections."],
          });
      }
      const now = new Date().toISOString();
      tx.update(correctionRequests)
        .set({
          state: data.outcome,
          publicAnswer: data.answer,
          answeredAt: now,
          publicationId: data.publicationId ?? null,
          // Answering is reviewing: a request answered straight away was under review for that moment.
          reviewStartedAt: request.reviewStartedAt ?? now,
          handledBy: by.kind === "user" ? by.id : null,
          handledAt: now,
        })
        .where(eq(correctionRequests.id, request.id))
        .run();
      return {
        result: { id: request.id, state: data.outcome },
        audit: {
          action: "correction_request.answered",
          entityType: "correction_request",
          entityId: request.id,
          before: { state: "open" },
          after: { state: data.outcome, publicAnswer: data.answer, publicationId: data.publicationId ?? null },
          at: new Date(now),
        },
      };
    },
  });
}

/**
 * An editor reopens an answered request: it goes back to "under review" for
 * the reader, its answer withdrawn (the audit log keeps it). Resolving and
 * dismissing take an answer (answerCorrectionRequest).
 */
export function setCorrectionRequestState(input: { by: Principal | null; id: unknown; state: unknown }): {
  id: number;
  state: CorrectionRequestState;
} {
  return mutate({
    by: input.by,
    permission: "claim.publish",
    schema: stateChangeSchema,
    input: { id: input.id, state: input.state },
    write: (tx, data) => {
      if (data.state !== "open") throw new AppError("invalid", "Answer the request to resolve or dismiss it.");
      const request = openRequest(tx, data.id);
      if (request.state === "open") throw new AppError("invalid", "This request is already open.");
      const now = new Date();
      tx.update(correctionRequests)
        .set({
          state: "open",
          handledBy: null,
          handledAt: null,
          publicAnswer: null,
          answeredAt: null,
          publicationId: null,
          reviewStartedAt: request.reviewStartedAt ?? now.toISOString(),
        })
        .where(eq(correctionRequests.id, request.id))
        .run();
      return {
        result: { id: request.id, state: "open" },
        audit: {
          action: "correction_request.state_changed",
          entityType: "correction_request",
          entityId: request.id,
          before: { state: request.state },
          after: { state: "open" },
          at: now,
        },
      };
    },
  });
}
