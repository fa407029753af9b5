import "server-only";
import { eq } from "drizzle-orm";
import { getDb, type Reader } from "@/db/client";
import {
  articles,
  claims,
  evidence,
  users,
  type ClaimStatus,
  type ReviewStage,
  type SnapshotSource,
  type SourceCheckResult,
  type Stance,
} from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { claimState, type ClaimState } from "./claims";

// The desk's read of one claim: everything the workspace page shows, as plain DTOs.

export interface PersonRef {
  id: number;
  name: string;
}

export interface EvidenceItem {
  id: number;
  url: string;
  title: string;
  publisher: string | null;
  quotedPassage: string | null;
  stance: Stance;
  accessedAt: string;
  addedBy: PersonRef;
  addedAt: string;
  removed: { at: string; reason: string | null } | null;
  snapshot: EvidenceSnapshotInfo | null;
  /** Why the server could not fetch the page when the evidence was added. */
  snapshotError: string | null;
  lastCheck: { at: string; result: SourceCheckResult } | null;
}

export interface EvidenceSnapshotInfo {
  source: SnapshotSource;
  text: string;
  sha256: string;
  fetchedAt: string;
}

export interface ClaimWorkspace extends ClaimState {
  id: number;
  slug: string;
  text: string;
  stage: ReviewStage;
  assignee: PersonRef | null;
  spanStart: number;
  spanEnd: number;
  statusSetBy: PersonRef | null;
  statusSetAt: string | null;
  article: { id: number; slug: string; title: string; outlet: string | null; url: string | null };
  evidence: EvidenceItem[];
  published: { status: ClaimStatus; at: string; by: PersonRef | null; version: number; current: boolean } | null;
}

export function nameOf(tx: Reader, userId: number | null): PersonRef | null {
  if (userId === null) return null;
  const row = tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId)).get();
  return row ?? null;
}

export function getClaimWorkspace(input: { by: Principal | null; slug: string }): ClaimWorkspace | null {
  authorize(input.by, "claim.edit");
  const db = getDb();
  const claim = db.select().from(claims).where(eq(claims.slug, input.slug)).get();
  if (!claim) return null;
  const article = db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, outlet: articles.outlet, url: articles.url })
    .from(articles)
    .where(eq(articles.id, claim.articleId))
    .get();
  if (!article) return null;
  const evidenceRows = db
    .select({
      id: evidence.id,
      url: evidence.url,
      title: evidence.title,
      publisher: evidence.publisher,
      quotedPassage: evidence.quotedPassage,
      stance: evidence.stance,
      accessedAt: evidence.accessedAt,
      addedAt: evidence.addedAt,
      removedAt: evidence.removedAt,
      removalReason: evidence.removalReason,
      snapshotSource: evidence.snapshotSource,
      snapshotText: evidence.snapshotText,
      snapshotFetchedAt: evidence.snapshotFetchedAt,
      snapshotError: evidence.snapshotError,
      contentHash: evidence.contentHash,
      lastCheckedAt: evidence.lastCheckedAt,
      lastCheckResult: evidence.lastCheckResult,
      addedById: users.id,
      addedByName: users.name,
    })
    .from(evidence)
    .innerJoin(users, eq(users.id, evidence.addedBy))
    .where(eq(evidence.claimId, claim.id))
    .orderBy(evidence.id)
    .all();
  return {
    ...claimState(db, claim),
    id: claim.id,
    slug: claim.slug,
    text: claim.text,
    stage: claim.stage,
    assignee: nameOf(db, claim.assigneeId),
    spanStart: claim.spanStart,
    spanEnd: claim.spanEnd,
    statusSetBy: nameOf(db, claim.statusSetBy),
    statusSetAt: claim.statusSetAt,
    article,
    evidence: evidenceRows.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      publisher: e.publisher,
      quotedPassage: e.quotedPassage,
      stance: e.stance,
      accessedAt: e.accessedAt,
      addedBy: { id: e.addedById, name: e.addedByName },
      addedAt: e.addedAt,
      removed: e.removedAt ? { at: e.removedAt, reason: e.removalReason } : null,
      snapshot:
        e.snapshotSource && e.snapshotText !== null && e.contentHash && e.snapshotFetchedAt
          ? { source: e.snapshotSource, text: e.snapshotText, sha256: e.contentHash, fetchedAt: e.snapshotFetchedAt }
          : null,
      snapshotError: e.snapshotError,
      lastCheck: e.lastCheckedAt && e.lastCheckResult ? { at: e.lastCheckedAt, result: e.lastCheckResult } : null,
    })),
    published:
      claim.publishedAt && claim.publishedStatus && claim.publishedVersion !== null
        ? {
            status: claim.publishedStatus,
            at: claim.publishedAt,
            by: nameOf(db, claim.publishedBy),
            version: claim.publishedVersion,
            current: claim.publishedVersion === claim.version,
          }
        : null,
  };
}
