import "server-only";
import { and, desc, eq, exists, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { getConnection, getDb } from "@/db/client";
import { articles, claims, publications, type ClaimStatus } from "@/db/schema";
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
export * from "./search-query";
import { parseSearchQuery, type SearchInput, type SearchQuery } from "./search-query";

/** Dropdown options beyond this many stop helping anyone choose. */
const MAX_OPTIONS = 500;
/**
 * Articles suggested for the article filter: the most recently published.
 * Listing every article made the home page weigh hundreds of kilobytes at
 * 10,000 articles (BENCHMARKS.md); any other article is reached by its slug.
 */
const SUGGESTED_ARTICLES = 30;
// Publications scanned (newest first, claims_published_idx) to find the suggested articles.
const RECENT_PUBLICATIONS_SCANNED = 2_000;
/** Search counts and result pages kept until the next publication (about 20 KB a page). */
const SEARCH_CACHE_ENTRIES = 512;

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
  /** Options for the claimant dropdown: every claimant with a published verdict (up to 500). */
  claimants: string[];
  /** Suggestions for the article filter: articles with the most recent publications (up to SUGGESTED_ARTICLES). */
  articles: { slug: string; title: string }[];
  /** The article the results are filtered by, when it has published verdicts. */
  article: { slug: string; title: string } | null;
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
  for (const row of query
    .where(publishedWhere(filters, { ignoreStatus: true }))
    .groupBy(claims.publishedStatus)
    .all()) {
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

/** Articles with the newest publications, newest first, for the article filter's suggestions. */
function recentArticles(): { slug: string; title: string }[] {
  const db = getDb();
  // A bounded walk down claims_published_idx rather than a GROUP BY over every published claim.
  const recent = db
    .select({ articleId: claims.articleId, publishedAt: claims.publishedAt })
    .from(claims)
    .where(isNotNull(claims.publishedAt))
    .orderBy(desc(claims.publishedAt))
    .limit(RECENT_PUBLICATIONS_SCANNED)
    .as("recent");
  const latest = sql<string>`max(${recent.publishedAt})`;
  const picked = db
    .select({ articleId: recent.articleId, latest: latest.as("latest") })
    .from(recent)
    .groupBy(recent.articleId)
    .orderBy(desc(latest))
    .limit(SUGGESTED_ARTICLES)
    .as("picked");
  return db
    .select({ slug: articles.slug, title: articles.title })
    .from(picked)
    .innerJoin(articles, eq(articles.id, picked.articleId))
    .orderBy(desc(picked.latest), articles.slug)
    .all();
}

/** The title of the article `slug`, when it has a published verdict (the filter's own label). */
function filteredArticle(slug: string): { slug: string; title: string } | null {
  const db = getDb();
  return (
    db
      .select({ slug: articles.slug, title: articles.title })
      .from(articles)
      .where(
        and(
          eq(articles.slug, slug),
          exists(
            db
              .select({ one: sql`1` })
              .from(claims)
              .where(and(eq(claims.articleId, articles.id), isNotNull(claims.publishedAt))),
          ),
        ),
      )
      .get() ?? null
  );
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
function deskOverview(): DeskOverview {
  const { file, db } = getConnection();
  const newest =
    db
      .select({ id: sql<number | null>`max(${publications.id})` })
      .from(publications)
      .get()?.id ?? 0;
  const key = `${file}#${newest}`;
  const cached = overviewCache.claimtrailPublicOverview;
  if (cached?.key === key) return cached;
  const fresh = {
    key,
    counts: countPublished({ fts: null, status: null, claimant: null, article: null }),
    claimants: publishedClaimants(),
    articles: recentArticles(),
  };
  overviewCache.claimtrailPublicOverview = fresh;
  return fresh;
}

interface PublicationCache {
  deskKey: string;
  /** Insertion order is use order: the first key is the least recently used. */
  entries: Map<string, unknown>;
}

const publicationCache = globalThis as unknown as { claimtrailSearchCache?: PublicationCache };

/**
 * What `compute` gives for `key`, kept until the next publication (the same
 * key as deskOverview): a search's per-status counts, and each page of its
 * results. Both read published data only, which changes with a publications
 * row and nothing else. Counting needs each match's published status, one
 * claims row per match, and ranking a page reads every match's bm25: a
 * common word read by many readers is worked out once per publication
 * instead of once per reader.
 */
function perPublication<T>(deskKey: string, key: string, compute: () => T): T {
  let cache = publicationCache.claimtrailSearchCache;
  if (cache?.deskKey !== deskKey) {
    cache = { deskKey, entries: new Map() };
    publicationCache.claimtrailSearchCache = cache;
  }
  if (cache.entries.has(key)) {
    const hit = cache.entries.get(key) as T;
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit;
  }
  const fresh = compute();
  cache.entries.set(key, fresh);
  if (cache.entries.size > SEARCH_CACHE_ENTRIES) {
    const oldest = cache.entries.keys().next();
    if (!oldest.done) cache.entries.delete(oldest.value);
  }
  return fresh;
}

// Summary 3, text 1, claimant 2, article title 1: a match in the summary says most about the verdict.
const bm25Rank = sql<number>`bm25(${claimsFts}, 3.0, 1.0, 2.0, 1.0)`;

/**
 * With search text: the page's claim ids, best bm25 rank first, then newest
 * publication, then newest claim, ranked and paged by SQLite.
 *
 * Without a status, claimant or article filter (a plain search, the common
 * case), only claims_fts is read to find the rank of the page's last row; the
 * claims rows, needed for the tie-breaks, are then read for the matches that
 * rank at or above it only, not for every match. claims_fts holds published
 * verdicts only (migration 0003), so every match counts toward the page.
 */
function rankedPage(filters: PublishedFilters, limit: number, offset: number): number[] {
  const db = getDb();
  let select = db
    .select({ id: claims.id })
    .from(claimsFts)
    .innerJoin(claims, eq(claims.id, claimsFts.rowid))
    .$dynamic();
  if (filters.article) select = select.innerJoin(articles, eq(articles.id, claims.articleId));
  let cutoff: SQL | undefined;
  if (filters.fts && !filters.status && !filters.claimant && !filters.article) {
    const lastRank = db
      .select({ rank: bm25Rank })
      .from(claimsFts)
      .where(sql`${claimsFts} MATCH ${filters.fts}`)
      .orderBy(bm25Rank)
      .limit(1)
      .offset(offset + limit - 1);
    // No match at that place (a last page that is not full): nothing is cut.
    cutoff = sql`${bm25Rank} <= coalesce((${lastRank}), 1e308)`;
  }
  return select
    .where(and(publishedWhere(filters), cutoff))
    .orderBy(bm25Rank, desc(claims.publishedAt), desc(claims.id))
    .limit(limit)
    .offset(offset)
    .all()
    .map((r) => r.id);
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
    .where(
      and(inArray(claims.id, ids), isNotNull(claims.publishedAt), fts ? sql`${claimsFts} MATCH ${fts}` : undefined),
    )
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
          claimant:
            r.claimant === null
              ? []
              : fts
                ? segmentsFromHighlight(r.markedClaimant, r.claimant)
                : plainSegments(r.claimant),
          articleTitle: fts
            ? segmentsFromHighlight(r.markedArticleTitle, r.articleTitle)
            : plainSegments(r.articleTitle),
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
      const countsKey = JSON.stringify(["counts", fts, filters.claimant, filters.article]);
      const counts =
        fts || filters.claimant || filters.article
          ? { ...perPublication(overview.key, countsKey, () => countPublished(filters)) }
          : { ...overview.counts };
      const total = query.status ? counts[query.status] : counts.unverified + counts.sourced + counts.disputed;
      const { status, claimant, article } = filters;
      const pageKey = JSON.stringify(["page", fts, status, claimant, article, query.pageSize, offset]);
      // A page past the last match (a hand-made ?page=9999) costs no ranking at all.
      const items =
        offset >= total
          ? []
          : perPublication(overview.key, pageKey, () =>
              itemsFor(
                fts ? rankedPage(filters, query.pageSize, offset) : newestPage(filters, query.pageSize, offset),
                fts,
              ),
            );
      return {
        query,
        items: [...items],
        total,
        pageCount: Math.ceil(total / query.pageSize),
        counts,
        claimants: [...overview.claimants],
        articles: overview.articles.map((a) => ({ ...a })),
        article: query.article ? filteredArticle(query.article) : null,
      };
    },
    { behavior: "deferred" },
  );
}
