import "server-only";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Reader, type Tx } from "@/db/client";
import {
  articles,
  auditEvents,
  CLAIM_STATUSES,
  claims,
  evidence,
  users,
  type AttributionStatus,
  type ClaimRow,
  type ClaimStatus,
  type Stance,
} from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { AppError, ConflictError } from "@/lib/errors";
import { mutate, type AuditedEvent } from "@/lib/mutation";
import { slugify, uniqueSlug } from "@/lib/slug";
import type { Loose } from "@/lib/validation";
import { historyOf, type HistoryEntry } from "./history";
import { statusRuleViolation } from "./rules";

// A claim itself: creating it, setting its verdict, and the version every
// edit of it carries (evidence.ts, publication.ts, details.ts build on these).

// ---------------------------------------------------------------- input schemas

export const idSchema = z.coerce.number({ message: "Unknown claim." }).int().positive();
export const versionSchema = z.coerce
  .number({ message: "The page is missing the claim's version; reload it." })
  .int()
  .positive();
export const reasonSchema = z.string().trim().max(2000, "At most 2,000 characters.");

export const summarySchema = z
  .string()
  .trim()
  .min(1, "A summary is required.")
  .max(75, "The summary must be 75 characters or fewer (it becomes ClaimReview's claimReviewed).");

export const claimInputSchema = z.object({
  articleId: idSchema,
  spanStart: z.coerce.number().int().min(0),
  spanEnd: z.coerce.number().int().min(1),
  summary: summarySchema,
  claimant: z.string().trim().max(200).nullish(),
  reportedBy: z.string().trim().max(200).nullish(),
});

export const statusChangeSchema = z.object({
  claimId: idSchema,
  expectedVersion: versionSchema,
  status: z.enum(CLAIM_STATUSES, { message: "Choose unverified, sourced or disputed." }),
  rationale: z.string().trim().max(5000, "The rationale is at most 5,000 characters."),
});

// ---------------------------------------------------------------- the version check

/** What someone needs to see when their edit was refused because the claim moved on. */
export interface ClaimState {
  version: number;
  status: ClaimStatus;
  rationale: string;
  summary: string;
  claimant: string | null;
  reportedBy: string | null;
  firstAppearedIn: string | null;
  attributionStatus: AttributionStatus;
  attributionNote: string;
  priority: number;
  updatedAt: string;
  lastChangedBy: string | null;
  /** What happened after the version the person saw, newest first (empty when unknown). */
  changesSince: HistoryEntry[];
}

export function loadClaim(tx: Reader, claimId: number): ClaimRow {
  const claim = tx.select().from(claims).where(eq(claims.id, claimId)).get();
  if (!claim) throw new AppError("not_found", "That claim does not exist.");
  return claim;
}

export function activeStances(tx: Reader, claimId: number): Stance[] {
  return tx
    .select({ stance: evidence.stance })
    .from(evidence)
    .where(and(eq(evidence.claimId, claimId), isNull(evidence.removedAt)))
    .all()
    .map((e) => e.stance);
}

function lastChangedBy(tx: Reader, claimId: number): string | null {
  const row = tx
    .select({ name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.entityType, "claim"), eq(auditEvents.entityId, String(claimId))))
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  return row?.name ?? null;
}

export function claimState(tx: Reader, claim: ClaimRow, seenVersion?: number): ClaimState {
  return {
    version: claim.version,
    status: claim.status,
    rationale: claim.rationale,
    summary: claim.summary,
    claimant: claim.claimant,
    reportedBy: claim.reportedBy,
    firstAppearedIn: claim.firstAppearedIn,
    attributionStatus: claim.attributionStatus,
    attributionNote: claim.attributionNote,
    priority: claim.priority,
    updatedAt: claim.updatedAt,
    lastChangedBy: lastChangedBy(tx, claim.id),
    changesSince:
      seenVersion === undefined
        ? []
        : historyOf(tx, claim.id).filter((e) => e.version !== null && e.version > seenVersion),
  };
}

/**
 * Refuses a stale edit: the person saw `expectedVersion`, the claim has moved
 * on. The error carries the claim as it is now and what changed since, so the
 * page can show both beside what the person typed.
 */
export function assertVersion(tx: Reader, claim: ClaimRow, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || claim.version === expectedVersion) return;
  const state = claimState(tx, claim, expectedVersion);
  throw new ConflictError(
    `Someone${state.lastChangedBy ? ` (${state.lastChangedBy})` : ""} changed this claim after you opened it. Your change was not saved; check the current state below and try again.`,
    state,
  );
}

/** Records that the claim changed: every edit moves its version on, so stale edits can be refused. */
export function bumpVersion(tx: Tx, claim: ClaimRow, now: string): number {
  const version = claim.version + 1;
  tx.update(claims).set({ version, updatedAt: now }).where(eq(claims.id, claim.id)).run();
  return version;
}

// ---------------------------------------------------------------- writes

export interface ClaimRef {
  id: number;
  slug: string;
}

export type ClaimInput = z.output<typeof claimInputSchema>;

/**
 * Inserts a claim inside the caller's write and returns the event that records
 * it, for callers that create it together with other rows (accepting an
 * extractor suggestion). `data` must already be parsed with claimInputSchema.
 */
export function insertClaim(tx: Tx, by: Principal, data: ClaimInput): { claim: ClaimRef; event: AuditedEvent } {
  const article = tx.select({ body: articles.body }).from(articles).where(eq(articles.id, data.articleId)).get();
  if (!article) throw new AppError("not_found", "That article does not exist.");
  if (data.spanEnd <= data.spanStart || data.spanEnd > article.body.length) {
    throw new AppError("invalid", "The claim's span does not lie inside the article.", { spanEnd: ["Out of range."] });
  }
  // The claim's text is always exactly what the article says at its offsets.
  const text = article.body.slice(data.spanStart, data.spanEnd).trim();
  if (text.length === 0) throw new AppError("invalid", "The selected span is empty.");
  const slug = uniqueSlug(slugify(data.summary), (s) =>
    Boolean(tx.select({ id: claims.id }).from(claims).where(eq(claims.slug, s)).get()),
  );
  const now = new Date().toISOString();
  const claim = tx
    .insert(claims)
    .values({
      slug,
      articleId: data.articleId,
      text,
      summary: data.summary,
      claimant: data.claimant || null,
      reportedBy: data.reportedBy || null,
      spanStart: data.spanStart,
      spanEnd: data.spanEnd,
      createdBy: by.kind === "user" ? by.id : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: claims.id, slug: claims.slug })
    .get();
  const event: AuditedEvent = {
    action: "claim.created",
    entityType: "claim",
    entityId: claim.id,
    after: {
      slug,
      text,
      summary: data.summary,
      claimant: data.claimant || null,
      reportedBy: data.reportedBy || null,
      status: "unverified",
    },
  };
  return { claim, event };
}

export function createClaim(input: Loose<typeof claimInputSchema> & { by: Principal | null }): ClaimRef {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: claimInputSchema,
    input,
    write: (tx, data, by) => {
      const { claim, event } = insertClaim(tx, by, data);
      return { result: claim, audit: event };
    },
  });
}

export interface StatusChangeResult {
  version: number;
  status: ClaimStatus;
}

/** Sets a claim's verdict under the status rules and the version check (DESIGN.md, Status rules). */
export function setClaimStatus(input: Loose<typeof statusChangeSchema> & { by: Principal | null }): StatusChangeResult {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: statusChangeSchema,
    input,
    write: (tx, data, by) => {
      const claim = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      if (claim.status === data.status && claim.rationale === data.rationale) {
        throw new AppError("invalid", "Nothing changed: the status and rationale are as they were.");
      }
      const violation = statusRuleViolation(data.status, data.rationale, activeStances(tx, claim.id));
      if (violation) throw new AppError("rule", violation, { status: [violation] });
      const now = new Date().toISOString();
      const version = claim.version + 1;
      tx.update(claims)
        .set({
          status: data.status,
          rationale: data.rationale,
          version,
          statusSetBy: by.kind === "user" ? by.id : null,
          statusSetAt: now,
          updatedAt: now,
        })
        .where(and(eq(claims.id, claim.id), eq(claims.version, claim.version)))
        .run();
      return {
        result: { version, status: data.status },
        audit: {
          action: "claim.status_changed",
          entityType: "claim",
          entityId: claim.id,
          before: { status: claim.status, rationale: claim.rationale, version: claim.version },
          after: { status: data.status, rationale: data.rationale, version },
        },
      };
    },
  });
}

/** How many claims exist; the start script seeds the demo desk only into an empty one. */
export function countClaims(): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(claims)
      .get()?.n ?? 0
  );
}
