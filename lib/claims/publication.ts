import "server-only";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { articles, claims, evidence, publications, type ClaimRow, type PublicationKind } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { PublicPages, VerdictSnapshot } from "@/lib/public/published-claim";
import type { Loose } from "@/lib/validation";
import { assertVersion, idSchema, loadClaim, reasonSchema, versionSchema } from "./claims";
import { PUBLICATION_RULES, publicationKind, publicationRefusal } from "./rules";

// Publication copies a verdict to its public page as a frozen snapshot
// (lib/public reads only that); a later publication is a correction, and a
// verdict can be withdrawn. The rules themselves are in rules.ts.

export const publishSchema = z.object({
  claimId: idSchema,
  expectedVersion: versionSchema,
  reason: reasonSchema.optional(),
});

export const unpublishSchema = z.object({
  claimId: idSchema,
  reason: reasonSchema.min(1, PUBLICATION_RULES.unpublishNeedsReason),
});

function snapshotOf(tx: Tx, claim: ClaimRow): VerdictSnapshot {
  const items = tx
    .select({
      url: evidence.url,
      title: evidence.title,
      publisher: evidence.publisher,
      quotedPassage: evidence.quotedPassage,
      stance: evidence.stance,
      accessedAt: evidence.accessedAt,
      contentHash: evidence.contentHash,
      snapshotFetchedAt: evidence.snapshotFetchedAt,
    })
    .from(evidence)
    .where(and(eq(evidence.claimId, claim.id), isNull(evidence.removedAt)))
    .orderBy(evidence.id)
    .all();
  return {
    status: claim.status,
    rationale: claim.rationale,
    text: claim.text,
    summary: claim.summary,
    claimant: claim.claimant,
    reportedBy: claim.reportedBy,
    firstAppearedIn: claim.firstAppearedIn,
    attributionStatus: claim.attributionStatus,
    statusSetAt: claim.statusSetAt,
    evidence: items,
  };
}

export interface PublishResult extends PublicPages {
  kind: PublicationKind;
  publishedAt: string;
}

function publicPagesOf(tx: Tx, claim: ClaimRow): PublicPages {
  const article = tx.select({ slug: articles.slug }).from(articles).where(eq(articles.id, claim.articleId)).get();
  if (!article) throw new AppError("not_found", "That claim's article does not exist.");
  return { slug: claim.slug, articleSlug: article.slug };
}

/**
 * Copies the claim's current verdict to its public page. Four-eyes: the editor
 * must not be the one who set the status. A later publication is a correction
 * and needs a reason, which the public history and corrections log show.
 */
export function publishClaim(input: Loose<typeof publishSchema> & { by: Principal | null }): PublishResult {
  return mutate({
    by: input.by,
    permission: "claim.publish",
    person: "A verdict is published by an editor, not by the system.",
    schema: publishSchema,
    input,
    write: (tx, data, by) => {
      const claim = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      const reason = data.reason?.trim() || null;
      const refusal = publicationRefusal(by.id, claim, reason);
      if (refusal) throw new AppError(refusal.code, refusal.message, refusal.fieldErrors);
      const kind = publicationKind(claim);
      const snapshot = snapshotOf(tx, claim);
      const now = new Date().toISOString();
      tx.update(claims)
        .set({
          publishedStatus: claim.status,
          publishedSnapshot: JSON.stringify(snapshot),
          publishedVersion: claim.version,
          publishedBy: by.id,
          publishedAt: now,
          firstPublishedAt: claim.firstPublishedAt ?? now,
        })
        .where(eq(claims.id, claim.id))
        .run();
      const previous = tx
        .select({ status: publications.status })
        .from(publications)
        .where(and(eq(publications.claimId, claim.id), isNotNull(publications.status)))
        .orderBy(desc(publications.id))
        .limit(1)
        .get();
      tx.insert(publications)
        .values({
          claimId: claim.id,
          kind,
          status: claim.status,
          previousStatus: previous?.status ?? null,
          snapshot: JSON.stringify(snapshot),
          reason,
          claimVersion: claim.version,
          publishedBy: by.id,
          at: now,
        })
        .run();
      return {
        result: { ...publicPagesOf(tx, claim), kind, publishedAt: now },
        audit: {
          action: kind === "correction" ? "claim.corrected" : "claim.published",
          entityType: "claim",
          entityId: claim.id,
          before: { publishedStatus: claim.publishedStatus, publishedVersion: claim.publishedVersion },
          after: { publishedStatus: claim.status, publishedVersion: claim.version },
          reason,
        },
      };
    },
  });
}

export function unpublishClaim(input: Loose<typeof unpublishSchema> & { by: Principal | null }): PublicPages {
  return mutate({
    by: input.by,
    permission: "claim.publish",
    person: "A verdict is withdrawn by an editor, not by the system.",
    schema: unpublishSchema,
    input,
    write: (tx, data, by) => {
      const claim = loadClaim(tx, data.claimId);
      if (!claim.publishedAt) throw new AppError("invalid", "This claim is not published.");
      const now = new Date().toISOString();
      tx.update(claims)
        .set({
          publishedAt: null,
          publishedStatus: null,
          publishedSnapshot: null,
          publishedVersion: null,
          publishedBy: null,
        })
        .where(eq(claims.id, claim.id))
        .run();
      tx.insert(publications)
        .values({
          claimId: claim.id,
          kind: "unpublished",
          status: null,
          previousStatus: claim.publishedStatus,
          reason: data.reason,
          claimVersion: claim.version,
          publishedBy: by.id,
          at: now,
        })
        .run();
      return {
        result: publicPagesOf(tx, claim),
        audit: {
          action: "claim.unpublished",
          entityType: "claim",
          entityId: claim.id,
          before: { publishedStatus: claim.publishedStatus, publishedVersion: claim.publishedVersion },
          after: { publishedStatus: null, publishedVersion: null },
          reason: data.reason,
        },
      };
    },
  });
}
