import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { claims } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { makeUser } from "@/lib/testing/fixtures";
import { seedDemoDesk } from "@/lib/demo/demo-desk";
import { DEMO_ARTICLE, demoClaim, type DemoClaimKey } from "@/lib/demo/demo-article";

/** Text built to break escaping: markup, quotes, ampersands, line separators, emoji. */
export const HOSTILE_SUMMARY = `O'Brien: "</script><b>&amp;</b>" \u2028 ☃ <!--`;
export const HOSTILE_CLAIMANT = "O'Brien & Sons <Ltd>";

export interface PublicDesk {
  reviewer: SessionUser;
  editor: SessionUser;
  articleSlug: string;
  /** Every claim published now. */
  published: string[];
  /** Published sourced, then corrected to disputed. */
  corrected: string;
  /** Published, then withdrawn. */
  withdrawn: string;
  /** Never published. */
  drafts: string[];
  /** Published, then given more evidence that was not published. */
  editedAfterPublication: string;
  /** Published, with HOSTILE_SUMMARY and HOSTILE_CLAIMANT. */
  hostile: string;
  /** The evidence title added after publication. */
  unpublishedEvidenceTitle: string;
}

function version(by: SessionUser, slug: string): number {
  const ws = getClaimWorkspace({ by, slug });
  if (!ws) throw new Error(`no claim ${slug}`);
  return ws.version;
}

/**
 * The demo desk (two published verdicts) plus what the public side must cope
 * with: more published verdicts, a correction, a withdrawal, evidence added
 * after publication, drafts, and a claim whose text tries to break escaping.
 * Call after useTemporaryDatabase().
 */
export async function seedPublicDesk(): Promise<PublicDesk> {
  const seeded = await seedDemoDesk();
  const reviewer = await makeUser("reviewer", "Public Reviewer");
  const editor = await makeUser("editor", "Public Editor");
  const slugOf = (key: DemoClaimKey) => {
    const demo = demoClaim(key);
    const row = getDb().select({ id: claims.id, slug: claims.slug }).from(claims).where(eq(claims.summary, demo.summary)).get();
    if (!row) throw new Error(`no demo claim ${key}`);
    return row;
  };
  const publishAs = (claim: { id: number; slug: string }, status: "sourced" | "disputed", rationale: string, reason?: string) => {
    addEvidence({
      by: reviewer,
      claimId: claim.id,
      url: `https://example.org/${claim.slug}/${status}`,
      title: `${status} evidence for ${claim.slug}`,
      publisher: "Example Org",
      stance: status === "sourced" ? "supports" : "contradicts",
    });
    const set = setClaimStatus({ by: reviewer, claimId: claim.id, expectedVersion: version(reviewer, claim.slug), status, rationale });
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: set.version, reason });
  };

  for (const key of ["nato-allies", "mujahideen", "ceasefire", "rapprochement", "parliament"] as const) {
    publishAs(slugOf(key), "sourced", `Checked against the record for ${key}.`);
  }

  const corrected = slugOf("un-reliable");
  publishAs(corrected, "disputed", "A later statement contradicts the earlier one.", "The U.N. revised its statement.");

  const withdrawn = slugOf("haiat");
  publishAs(withdrawn, "sourced", "Reported by the Times of Israel.");
  unpublishClaim({ by: editor, claimId: withdrawn.id, reason: "Published by mistake before review." });

  const edited = slugOf("death-toll");
  const unpublishedEvidenceTitle = "Evidence added after publication, not yet published";
  addEvidence({ by: reviewer, claimId: edited.id, url: "https://example.org/late", title: unpublishedEvidenceTitle, stance: "context" });

  const firstSentenceEnd = DEMO_ARTICLE.body.indexOf(".") + 1;
  const hostile = createClaim({
    by: reviewer,
    articleId: seeded.article.id,
    spanStart: 0,
    spanEnd: firstSentenceEnd,
    summary: HOSTILE_SUMMARY,
    claimant: HOSTILE_CLAIMANT,
  });
  publishAs(hostile, "disputed", `Escaping check: ${HOSTILE_SUMMARY}`);

  const published = getDb()
    .select({ slug: claims.slug, publishedAt: claims.publishedAt })
    .from(claims)
    .all()
    .filter((c) => c.publishedAt !== null)
    .map((c) => c.slug);
  const drafts = getDb()
    .select({ slug: claims.slug, firstPublishedAt: claims.firstPublishedAt })
    .from(claims)
    .all()
    .filter((c) => c.firstPublishedAt === null)
    .map((c) => c.slug);
  return {
    reviewer,
    editor,
    articleSlug: seeded.article.slug,
    published,
    corrected: corrected.slug,
    withdrawn: withdrawn.slug,
    drafts,
    editedAfterPublication: edited.slug,
    hostile: hostile.slug,
    unpublishedEvidenceTitle,
  };
}
