import "server-only";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { articles, claims, type ClaimStatus } from "@/db/schema";
import { publishedSummary } from "./published-query";

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
 * An article as the public sees it, or null. An article none of whose claims
 * is published is null too: it only tells what the desk is working on
 * (DESIGN.md, Security rules: no drafts in public).
 */
export function getPublicArticle(slug: string): PublicArticle | null {
  const parsed = slugSchema.safeParse(slug);
  if (!parsed.success) return null;
  const db = getDb();
  const article = db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      outlet: articles.outlet,
      url: articles.url,
      author: articles.author,
      publishedAt: articles.publishedAt,
      body: articles.body,
    })
    .from(articles)
    .where(eq(articles.slug, parsed.data))
    .get();
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

export type ArticleSegment<C> = { text: string } | { text: string; claim: C };

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** True when `index` falls between the two halves of one emoji or other astral character. */
function splitsPair(body: string, index: number): boolean {
  return index > 0 && index < body.length && isHighSurrogate(body.charCodeAt(index - 1)) && isLowSurrogate(body.charCodeAt(index));
}

/**
 * Splits an article's body into plain text and claim spans by their offsets
 * (UTF-16 indices, as JavaScript and the intake page count them). Never
 * throws: spans are clipped to the body, a span that overlaps an earlier one
 * is clipped to start where that one ends (and dropped if nothing is left),
 * and a boundary inside a surrogate pair widens to the whole character.
 */
export function articleSegments<C extends { spanStart: number; spanEnd: number }>(
  body: string,
  claims: readonly C[],
): ArticleSegment<C>[] {
  const ordered = claims
    .filter((c) => Number.isInteger(c.spanStart) && Number.isInteger(c.spanEnd))
    .map((claim, index) => ({ claim, index }))
    .sort((a, b) => a.claim.spanStart - b.claim.spanStart || b.claim.spanEnd - a.claim.spanEnd || a.index - b.index);
  const segments: ArticleSegment<C>[] = [];
  let cursor = 0;
  for (const { claim } of ordered) {
    let start = Math.max(cursor, Math.min(claim.spanStart, body.length));
    let end = Math.min(claim.spanEnd, body.length);
    if (splitsPair(body, start)) start -= 1;
    if (splitsPair(body, end)) end += 1;
    start = Math.max(start, cursor);
    if (end <= start) continue;
    if (start > cursor) segments.push({ text: body.slice(cursor, start) });
    segments.push({ text: body.slice(start, end), claim });
    cursor = end;
  }
  if (cursor < body.length) segments.push({ text: body.slice(cursor) });
  return segments;
}
