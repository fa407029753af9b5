import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { articles, claims, type ClaimStatus } from "@/db/schema";
import { publishedSummary } from "./published-query";

// The public page and the reviewer's article view highlight spans the same way.
export { articleSegments, type ArticleSegment } from "@/lib/articles/segments";

export interface PublicArticleClaim {
  slug: string;
  spanStart: number;
  spanEnd: number;
  status: ClaimStatus;
  summary: string;
}

export interface PublicArticle {
  slug: string;
  title: string;
  outlet: string | null;
  url: string | null;
  author: string | null;
  publishedAt: string | null;
  body: string;
  /** Published claims only, ordered by spanStart; their status and summary are the published ones. */
  claims: PublicArticleClaim[];
}

const slugSchema = z.string().min(1).max(200);

/**
 * The article row behind a slug, whatever its claims' state. No role check:
 * callers decide who may see it (the desk, lib/articles, any article, the public only one
 * with a published verdict).
 */
export function articleBySlug(slug: string) {
  return (
    getDb()
      .select({
        id: articles.id,
        slug: articles.slug,
        title: articles.title,
        outlet: articles.outlet,
        url: articles.url,
        author: articles.author,
        publishedAt: articles.publishedAt,
        createdAt: articles.createdAt,
        body: articles.body,
      })
      .from(articles)
      .where(eq(articles.slug, slug))
      .get() ?? null
  );
}

/**
 * An article as the public sees it, or null. An article none of whose claims
 * is published is null too: it only tells what the desk is working on
 * (DESIGN.md, Security rules: no drafts in public).
 */
export function getPublicArticle(slug: string): PublicArticle | null {
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) return null;
  const db = getDb();
  const article = articleBySlug(parsed.data);
  if (!article) return null;
  const published = db
    .select({
      slug: claims.slug,
      spanStart: claims.spanStart,
      spanEnd: claims.spanEnd,
      status: claims.publishedStatus,
      summary: publishedSummary,
    })
    .from(claims)
    .where(and(eq(claims.articleId, article.id), isNotNull(claims.publishedAt), isNotNull(claims.publishedSnapshot)))
    .orderBy(asc(claims.spanStart), asc(claims.spanEnd), asc(claims.slug))
    .all()
    .flatMap(({ status, ...claim }) => (status ? [{ ...claim, status }] : []));
  if (published.length === 0) return null;
  return {
    slug: article.slug,
    title: article.title,
    outlet: article.outlet,
    url: article.url,
    author: article.author,
    publishedAt: article.publishedAt,
    body: article.body,
    claims: published,
  };
}
