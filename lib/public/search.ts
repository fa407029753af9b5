import "server-only";
import { and, desc, eq, exists, inArray, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getConnection, getDb } from "@/db/client";
import { articles, CLAIM_STATUSES, claims, publications, type ClaimStatus } from "@/db/schema";
import { lenientParam, optionalParam, wholeNumber } from "./params";
import { MATCH_CLOSE, MATCH_OPEN, plainSegments, segmentsFromHighlight, toFtsQuery, type Segment } from "./fts";
import {
  claimsFts,
  publishedClaimant,
  publishedSummary,
  publishedText,
  publishedWhere,
  type PublishedFilters,
} from "./published-query";

export type { Segment } from "./fts";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
export const MAX_QUERY_LENGTH = 200;
const MAX_PAGE = 10_000;
/** Dropdown options beyond this many stop helping anyone choose. */
const MAX_OPTIONS = 500;

// Control characters (NUL included) are never part of a search; dropping them
// keeps them out of the echoed query and the page's HTML.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** The filters the public can use on published verdicts: the search page and the API share them. */
export const searchFilterShape = {
  q: optionalParam(
    z
      .string()
      .max(MAX_QUERY_LENGTH, `The search text is at most ${MAX_QUERY_LENGTH} characters.`)
      .transform((v) => v.replace(CONTROL, " ").trim()),
  ),
  status: optionalParam(z.enum(CLAIM_STATUSES, { message: "Use sourced, disputed or unverified." })),
  claimant: optionalParam(z.string().trim().max(200, "The claimant is at most 200 characters.")),
  article: optionalParam(
    z
      .string()
      .trim()
      .max(200, "The article slug is at most 200 characters.")
      .regex(/^[a-z0-9-]+$/, "Use an article slug: lower-case letters, digits and hyphens."),
  ),
};

/** Strict: the JSON API answers 400 naming the parameter when this fails. Pages use searchPublished, which is lenient. */
export const searchParamsSchema = z.strictObject({
  ...searchFilterShape,
  page: optionalParam(wholeNumber(1, MAX_PAGE, `The page is a whole number from 1 to ${MAX_PAGE}.`)),
  pageSize: optionalParam(wholeNumber(1, MAX_PAGE_SIZE, `The page size is a whole number from 1 to ${MAX_PAGE_SIZE}.`)),
});

export interface SearchQuery {
  q: string;
  status: ClaimStatus | null;
  claimant: string | null;
  article: string | null;
  page: number;
  pageSize: number;
}

export interface SearchItem {
  slug: string;
  summary: string;
  claimant: string | null;
  status: ClaimStatus;
  publishedAt: string;
  article: { slug: string; title: string };
  highlights: { summary: Segment[]; text: Segment[]; claimant: Segment[]; articleTitle: Segment[] };
}

export interface SearchResult {
  query: SearchQuery;
  items: SearchItem[];
  total: number;
  /** ceil(total / pageSize): 0 when nothing matched. */
  pageCount: number;
  /** Matches per status under the same q/claimant/article filters, ignoring the status filter. */
  counts: Record<ClaimStatus, number>;
  /** Options for the filter dropdowns: every claimant and article with a published verdict. */
  claimants: string[];
  articles: { slug: string; title: string }[];
}

export interface SearchInput {
  q?: unknown;
  status?: unknown;
  claimant?: unknown;
  article?: unknown;
  page?: unknown;
  pageSize?: unknown;
}

/** Reads a page's search parameters leniently: anything that does not parse falls back to its default. */
export function parseSearchQuery(input: SearchInput): SearchQuery {
  const shape = searchParamsSchema.shape;
  const rawQ = Array.isArray(input.q) ? input.q[0] : input.q;
  return {
    // Too long is cut rather than dropped, so the reader still gets results.
    q: lenientParam(shape.q, typeof rawQ === "string" ? rawQ.slice(0, MAX_QUERY_LENGTH) : undefined) ?? "",
    status: lenientParam(shape.status, input.status) ?? null,
    claimant: lenientParam(shape.claimant, input.claimant) ?? null,
    article: lenientParam(shape.article, input.article) ?? null,
    page: lenientParam(shape.page, input.page) ?? 1,
    pageSize: lenientParam(shape.pageSize, input.pageSize) ?? DEFAULT_PAGE_SIZE,
  };
}

function emptyCounts(): Record<ClaimStatus, number> {
  return { unverified: 0, sourced: 0, disputed: 0 };
}

/** Published verdicts per status matching `filters` (the status filter ignored). */
function countPublished(filters: PublishedFilters): Record<ClaimStatus, number> {
  let query = getDb()
    .select({ status: claims.publishedStatus, n: sql<number>`count(*)` })
    .from(claims)
    .$dynamic();
  if (filters.article) query = query.innerJoin(articles, eq(articles.id, claims.articleId));
  if (filters.fts) query = query.innerJoin(claimsFts, eq(claimsFts.rowid, claims.id));
  const counts = emptyCounts();
  for (const row of query.where(publishedWhere(filters, { ignoreStatus: true })).groupBy(claims.publishedStatus).all()) {
    if (row.status) counts[row.status] = row.n;
  }
  return counts;
}

/** Every claimant named on a published verdict, for the filter dropdown. */
function publishedClaimants(): string[] {
  return getDb()
    .selectDistinct({ claimant: publishedClaimant })
    .from(claims)
    .where(and(isNotNull(claims.publishedAt), sql`${publishedClaimant} is not null`))
    .orderBy(publishedClaimant)
    .limit(MAX_OPTIONS)
    .all()
    .flatMap((r) => (r.claimant ? [r.claimant] : []));
}

/** Every article with at least one published verdict, for the filter dropdown. */
function publishedArticles(): { slug: string; title: string }[] {
  const db = getDb();
  return db
    .select({ slug: articles.slug, title: articles.title })
    .from(articles)
    .where(
      exists(
        db
          .select({ one: sql`1` })
          .from(claims)
          .where(and(eq(claims.articleId, articles.id), isNotNull(claims.publishedAt))),
      ),
    )
    .orderBy(articles.title, articles.slug)
    .limit(MAX_OPTIONS)
    .all();
}

interface DeskOverview {
  key: string;
  counts: Record<ClaimStatus, number>;
  claimants: string[];
  articles: { slug: string; title: string }[];
}

const overviewCache = globalThis as unknown as { claimtrailPublicOverview?: DeskOverview };

/**
 * The whole desk's counts and filter options. Published data changes only
 * with a new publications row (publish, correct, withdraw: lib/claims), so
 * they are computed once per publication rather than on every search, which
 * at 100,000 claims would cost more than the search itself (DESIGN.md,
 * Performance budgets). Keyed on the database file too, for tests and scripts
 * that switch databases. Article titles do not change after intake; an edit
 * path for them would have to join the key.
 */
function deskOverview(): Omit<DeskOverview, "key"> {
  const { file, db } = getConnection();
  const newest = db.select({ id: sql<number | null>`max(${publications.id})` }).from(publications).get()?.id ?? 0;
  const key = `${file}#${newest}`;
  const cached = overviewCache.claimtrailPublicOverview;
  if (cached?.key === key) return cached;
  const fresh = {
    key,
    counts: countPublished({ fts: null, status: null, claimant: null, article: null }),
    claimants: publishedClaimants(),
    articles: publishedArticles(),
  };
  overviewCache.claimtrailPublicOverview = fresh;
  return fresh;
}

/** Code-unit order, as SQLite compares ISO timestamps (localeCompare may weigh punctuation differently). */
function compareText(a: string | null, b: string | null): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Page {
  counts: Record<ClaimStatus, number>;
  /** Claim ids of the requested page, in order. */
  ids: number[];
}

/**
 * With search text: one pass over the matches (claims_fts holds published
 * verdicts only) gives each one's status and bm25 rank, so the counts, the
 * status filter and the page come from the same rows.
 */
function rankedPage(filters: PublishedFilters, status: ClaimStatus | null, limit: number, offset: number): Page {
  let select = getDb()
    .select({
      id: claims.id,
      status: claims.publishedStatus,
      publishedAt: claims.publishedAt,
      // Summary 3, text 1, claimant 2, article title 1: a match in the summary says most about the verdict.
      rank: sql<number>`bm25(${claimsFts}, 3.0, 1.0, 2.0, 1.0)`,
    })
    .from(claims)
    .innerJoin(claimsFts, eq(claimsFts.rowid, claims.id))
    .$dynamic();
  if (filters.article) select = select.innerJoin(articles, eq(articles.id, claims.articleId));
  const matches = select.where(publishedWhere(filters, { ignoreStatus: true })).all();
  const counts = emptyCounts();
  for (const m of matches) if (m.status) counts[m.status] += 1;
  const ids = matches
    .filter((m) => m.status !== null && (!status || m.status === status))
    .sort((a, b) => a.rank - b.rank || compareText(b.publishedAt, a.publishedAt) || b.id - a.id)
    .slice(offset, offset + limit)
    .map((m) => m.id);
  return { counts, ids };
}

/** Without search text: newest publication first, straight from claims_published_idx. */
function newestPage(filters: PublishedFilters, limit: number, offset: number): number[] {
  let select = getDb().select({ id: claims.id }).from(claims).$dynamic();
  if (filters.article) select = select.innerJoin(articles, eq(articles.id, claims.articleId));
  return select
    .where(publishedWhere(filters))
    .orderBy(desc(claims.publishedAt), desc(claims.id))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
}

/** The page's items, in the order of `ids`, highlighted when there is search text. */
function itemsFor(ids: number[], fts: string | null): SearchItem[] {
  if (ids.length === 0) return [];
  let select = getDb()
    .select({
      id: claims.id,
      slug: claims.slug,
      status: claims.publishedStatus,
      publishedAt: claims.publishedAt,
      summary: publishedSummary,
      text: publishedText,
      claimant: publishedClaimant,
      markedSummary: fts ? sql<string>`highlight(${claimsFts}, 0, ${MATCH_OPEN}, ${MATCH_CLOSE})` : publishedSummary,
      markedText: fts ? sql<string>`highlight(${claimsFts}, 1, ${MATCH_OPEN}, ${MATCH_CLOSE})` : publishedText,
      markedClaimant: fts ? sql<string>`highlight(${claimsFts}, 2, ${MATCH_OPEN}, ${MATCH_CLOSE})` : sql<string>`''`,
      markedArticleTitle: fts ? sql<string>`highlight(${claimsFts}, 3, ${MATCH_OPEN}, ${MATCH_CLOSE})` : articles.title,
      articleSlug: articles.slug,
      articleTitle: articles.title,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .$dynamic();
  // highlight() needs the MATCH in the same query.
  if (fts) select = select.innerJoin(claimsFts, eq(claimsFts.rowid, claims.id));
  const rows = select
    .where(and(inArray(claims.id, ids), isNotNull(claims.publishedAt), fts ? sql`${claimsFts} MATCH ${fts}` : undefined))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r || !r.status || !r.publishedAt) return [];
    return [
      {
        slug: r.slug,
        summary: r.summary,
        claimant: r.claimant,
        status: r.status,
        publishedAt: r.publishedAt,
        article: { slug: r.articleSlug, title: r.articleTitle },
        highlights: {
          summary: fts ? segmentsFromHighlight(r.markedSummary, r.summary) : plainSegments(r.summary),
          text: fts ? segmentsFromHighlight(r.markedText, r.text) : plainSegments(r.text),
          claimant: r.claimant === null ? [] : fts ? segmentsFromHighlight(r.markedClaimant, r.claimant) : plainSegments(r.claimant),
          articleTitle: fts ? segmentsFromHighlight(r.markedArticleTitle, r.articleTitle) : plainSegments(r.articleTitle),
        },
      },
    ];
  });
}

/**
 * Searches published verdicts over summary, claim text, claimant and article
 * title (claims_fts). Ranked by bm25 when there is search text, else newest
 * publication first. Never throws on what a reader types: bad parameters fall
 * back to their defaults and the text becomes a safe FTS5 query (toFtsQuery).
 */
export function searchPublished(input: SearchInput): SearchResult {
  const query = parseSearchQuery(input);
  const fts = query.q ? toFtsQuery(query.q) : null;
  const filters: PublishedFilters = { fts, status: query.status, claimant: query.claimant, article: query.article };
  const offset = (query.page - 1) * query.pageSize;
  // One read transaction: counts, page and items see the same snapshot of the desk.
  return getDb().transaction(
    () => {
      const overview = deskOverview();
      let counts: Record<ClaimStatus, number>;
      let ids: number[];
      if (fts) {
        ({ counts, ids } = rankedPage(filters, query.status, query.pageSize, offset));
      } else {
        counts = filters.claimant || filters.article ? countPublished(filters) : overview.counts;
        ids = newestPage(filters, query.pageSize, offset);
      }
      const total = query.status ? counts[query.status] : counts.unverified + counts.sourced + counts.disputed;
      return {
        query,
        items: itemsFor(ids, fts),
        total,
        pageCount: Math.ceil(total / query.pageSize),
        counts: { ...counts },
        claimants: [...overview.claimants],
        articles: overview.articles.map((a) => ({ ...a })),
      };
    },
    { behavior: "deferred" },
  );
}
