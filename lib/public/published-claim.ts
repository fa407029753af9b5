import "server-only";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import {
  articles,
  ATTRIBUTION_STATUSES,
  CLAIM_STATUSES,
  claims,
  publications,
  STANCES,
  type ClaimStatus,
  type PublicationKind,
} from "@/db/schema";

// The public side of a claim: the snapshot frozen at publication and its
// public history. The desk writes that snapshot (lib/claims/publication.ts);
// nothing here reads the desk's working copy.

/** The verdict frozen at publication: all the public ever sees of a claim. */
export const verdictSnapshotSchema = z.object({
  status: z.enum(CLAIM_STATUSES),
  rationale: z.string(),
  text: z.string(),
  summary: z.string(),
  claimant: z.string().nullable(),
  reportedBy: z.string().nullable(),
  // Snapshots taken before the attribution chain existed lack these.
  firstAppearedIn: z.string().nullable().default(null),
  attributionStatus: z.enum(ATTRIBUTION_STATUSES).default("unconfirmed"),
  statusSetAt: z.string().nullable(),
  evidence: z.array(
    z.object({
      url: z.string(),
      title: z.string(),
      publisher: z.string().nullable(),
      quotedPassage: z.string().nullable(),
      stance: z.enum(STANCES),
      accessedAt: z.string(),
      // The SHA-256 of what the source said when cited, where a snapshot was kept.
      contentHash: z.string().nullable().default(null),
      snapshotFetchedAt: z.string().nullable().default(null),
    }),
  ),
});
export type VerdictSnapshot = z.output<typeof verdictSnapshotSchema>;

export interface PublicVerdictHistoryEntry {
  kind: PublicationKind;
  status: ClaimStatus | null;
  previousStatus: ClaimStatus | null;
  reason: string | null;
  at: string;
}

export interface PublishedClaim {
  slug: string;
  verdict: VerdictSnapshot;
  spanStart: number;
  spanEnd: number;
  publishedAt: string;
  firstPublishedAt: string;
  article: {
    slug: string;
    title: string;
    outlet: string | null;
    url: string | null;
    author: string | null;
    publishedAt: string | null;
  };
  history: PublicVerdictHistoryEntry[];
}

/** Which public pages show a claim: the desk refreshes their caches after a publication. */
export interface PublicPages {
  slug: string;
  articleSlug: string;
}

export function getPublishedClaim(slug: string): PublishedClaim | null {
  const parsedSlug = z.string().min(1).max(200).safeParse(slug);
  if (!parsedSlug.success) return null;
  const db = getDb();
  const row = db
    .select({
      id: claims.id,
      slug: claims.slug,
      spanStart: claims.spanStart,
      spanEnd: claims.spanEnd,
      snapshot: claims.publishedSnapshot,
      publishedAt: claims.publishedAt,
      firstPublishedAt: claims.firstPublishedAt,
      articleSlug: articles.slug,
      articleTitle: articles.title,
      articleOutlet: articles.outlet,
      articleUrl: articles.url,
      articleAuthor: articles.author,
      articlePublishedAt: articles.publishedAt,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(and(eq(claims.slug, parsedSlug.data), isNotNull(claims.publishedAt)))
    .get();
  if (!row || !row.snapshot || !row.publishedAt) return null;
  const verdict = verdictSnapshotSchema.parse(JSON.parse(row.snapshot));
  const history = db
    .select({
      kind: publications.kind,
      status: publications.status,
      previousStatus: publications.previousStatus,
      reason: publications.reason,
      at: publications.at,
    })
    .from(publications)
    .where(eq(publications.claimId, row.id))
    .orderBy(desc(publications.at), desc(publications.id))
    .all();
  return {
    slug: row.slug,
    verdict,
    spanStart: row.spanStart,
    spanEnd: row.spanEnd,
    publishedAt: row.publishedAt,
    firstPublishedAt: row.firstPublishedAt ?? row.publishedAt,
    article: {
      slug: row.articleSlug,
      title: row.articleTitle,
      outlet: row.articleOutlet,
      url: row.articleUrl,
      author: row.articleAuthor,
      publishedAt: row.articlePublishedAt,
    },
    history,
  };
}
