import "server-only";
import { and, eq, gte, isNotNull, sql, type SQL } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { articles, claims, type ClaimStatus } from "@/db/schema";

/**
 * claims_fts (db/migrations/0003_public_search.sql) as drizzle sees it, so
 * queries can join it. Not in db/schema.ts: drizzle-kit cannot create FTS5
 * tables, and the migration's triggers own its content. rowid = claims.id.
 */
export const claimsFts = sqliteTable("claims_fts", {
  rowid: integer("rowid").notNull(),
  summary: text("summary").notNull(),
  text: text("text").notNull(),
  claimant: text("claimant").notNull(),
  articleTitle: text("article_title").notNull(),
});

/** What the public may filter published verdicts by: search page and API alike. */
export interface PublishedFilters {
  /** An FTS5 expression from toFtsQuery, never a reader's raw text. */
  fts: string | null;
  status: ClaimStatus | null;
  claimant: string | null;
  /** An article slug. */
  article: string | null;
  /** ISO date-time (UTC, as stored): published or corrected at or after. */
  updatedSince?: string | null;
}

// Written exactly as the expression index claims_published_claimant_idx, so
// the claimant filter can use it.
export const publishedClaimant = sql<string | null>`json_extract(${claims.publishedSnapshot}, '$.claimant')`;
export const publishedSummary = sql<string>`json_extract(${claims.publishedSnapshot}, '$.summary')`;
export const publishedText = sql<string>`json_extract(${claims.publishedSnapshot}, '$.text')`;

/**
 * The WHERE clause for published verdicts matching `filters`; queries select
 * from claims joined to articles, and to claimsFts when `filters.fts` is set.
 * Only the published snapshot is ever read (DESIGN.md, Security rules).
 * With `ftsAsSubquery` the search is a membership test instead of a join.
 */
export function publishedWhere(
  filters: PublishedFilters,
  options: { ignoreStatus?: boolean; ftsAsSubquery?: boolean } = {},
): SQL | undefined {
  const fts = filters.fts;
  return and(
    isNotNull(claims.publishedAt),
    isNotNull(claims.publishedSnapshot),
    filters.status && !options.ignoreStatus ? eq(claims.publishedStatus, filters.status) : undefined,
    filters.claimant ? sql`${publishedClaimant} = ${filters.claimant}` : undefined,
    filters.article ? eq(articles.slug, filters.article) : undefined,
    filters.updatedSince ? gte(claims.publishedAt, filters.updatedSince) : undefined,
    fts && options.ftsAsSubquery ? sql`${claims.id} IN (SELECT rowid FROM ${claimsFts} WHERE ${claimsFts} MATCH ${fts})` : undefined,
    fts && !options.ftsAsSubquery ? sql`${claimsFts} MATCH ${fts}` : undefined,
  );
}
