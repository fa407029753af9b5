import "server-only";
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { articles, CLAIM_STATUSES, claims, PUBLICATION_KINDS, STANCES } from "@/db/schema";
import { getPublishedClaim, type PublishedClaim } from "@/lib/public/published-claim";
import { AppError } from "@/lib/errors";
import { absoluteUrl, siteConfig, type SiteConfig } from "@/lib/site";
import { getPublicArticle, type PublicArticle } from "./articles";
import { toFtsQuery } from "./fts";
import { handleApi, jsonResponse, parseQuery, ParameterError } from "./http";
import { publishedClaimant, publishedSummary, publishedWhere } from "./published-query";
import { optionalParam, wholeNumber } from "./params";
import { searchFilterShape } from "./search";

/*
 * The read-only JSON API, /api/v1 (issue #3). Published data only: every
 * value comes from a claim's published snapshot or the publications history;
 * no drafts, no evidence added after publication, no user names or emails, no
 * internal ids (slugs identify everything). The zod schemas below describe
 * each response: the OpenAPI document is generated from them and the tests
 * parse real responses with them, so the three cannot drift apart.
 */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** Every response schema, named as in the OpenAPI document's components. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

const isoDateTime = z.iso.datetime();
const status = z.enum(CLAIM_STATUSES);

export const articleRefSchema = z.object({
  slug: z.string(),
  title: z.string(),
  url: z.url().describe("The article's page on this site."),
  apiUrl: z.url(),
});
apiSchemas.add(articleRefSchema, { id: "ArticleRef", description: "An article a claim was made in." });

export const claimSummarySchema = z.object({
  slug: z.string(),
  url: z.url().describe("The claim's canonical page on this site."),
  apiUrl: z.url(),
  summary: z.string().describe("At most 75 characters: ClaimReview's claimReviewed."),
  claimant: z.string().nullable().describe("Who made the claim, when known."),
  status,
  publishedAt: isoDateTime.describe("When the verdict now shown was published (a correction moves it)."),
  firstPublishedAt: isoDateTime,
  article: articleRefSchema,
});
apiSchemas.add(claimSummarySchema, { id: "ClaimSummary", description: "A published verdict, briefly." });

export const claimListSchema = z.object({
  data: z.array(claimSummarySchema),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});
apiSchemas.add(claimListSchema, { id: "ClaimList" });

export const evidenceSchema = z.object({
  url: z.string(),
  title: z.string(),
  publisher: z.string().nullable(),
  quotedPassage: z.string().nullable(),
  stance: z.enum(STANCES),
  accessedAt: z.string(),
});
apiSchemas.add(evidenceSchema, { id: "Evidence", description: "Evidence as it stood when the verdict was published." });

export const publicationEventSchema = z.object({
  kind: z.enum(PUBLICATION_KINDS).describe("published: first publication; correction: a later change; unpublished: withdrawn."),
  status: status.nullable().describe("The verdict published; null for a withdrawal."),
  previousStatus: status.nullable(),
  reason: z.string().nullable(),
  at: isoDateTime,
});
apiSchemas.add(publicationEventSchema, { id: "PublicationEvent", description: "One entry of a claim's public verdict history." });

export const claimSchema = z.object({
  slug: z.string(),
  url: z.url(),
  apiUrl: z.url(),
  summary: z.string(),
  text: z.string().describe("The claim as written in the article."),
  claimant: z.string().nullable(),
  reportedBy: z.string().nullable().describe("Who passed the claim on, when not the claimant."),
  status,
  rationale: z.string(),
  publishedAt: isoDateTime,
  firstPublishedAt: isoDateTime,
  corrected: z.boolean(),
  evidence: z.array(evidenceSchema),
  article: articleRefSchema.extend({
    outlet: z.string().nullable(),
    sourceUrl: z.string().nullable().describe("Where the article was first published, when known."),
    author: z.string().nullable(),
    publishedAt: z.string().nullable(),
    spanStart: z.number().int().describe("Where the claim starts in the article's body (UTF-16 code units)."),
    spanEnd: z.number().int(),
  }),
  history: z.array(publicationEventSchema).describe("Newest first."),
});
apiSchemas.add(claimSchema, { id: "Claim", description: "A published verdict with its evidence and history." });

export const articleSchema = z.object({
  slug: z.string(),
  url: z.url(),
  apiUrl: z.url(),
  title: z.string(),
  outlet: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  author: z.string().nullable(),
  publishedAt: z.string().nullable(),
  body: z.string(),
  claims: z
    .array(
      z.object({
        slug: z.string(),
        url: z.url(),
        apiUrl: z.url(),
        summary: z.string(),
        status,
        spanStart: z.number().int(),
        spanEnd: z.number().int(),
      }),
    )
    .describe("Published claims only, by their position in the body."),
});
apiSchemas.add(articleSchema, { id: "Article", description: "An article with its published claims." });

export const errorSchema = z.object({
  error: z.object({
    message: z.string(),
    parameter: z.string().optional().describe("The query parameter that was refused (400 only)."),
  }),
});
apiSchemas.add(errorSchema, { id: "Error" });

export type ClaimSummary = z.infer<typeof claimSummarySchema>;
export type ApiClaim = z.infer<typeof claimSchema>;
export type ApiArticle = z.infer<typeof articleSchema>;

// ---------------------------------------------------------------- cursors

/** The sort key of the last item: (publishedAt, slug), both descending. */
interface Cursor {
  at: string;
  slug: string;
}

const cursorSchema = z.tuple([isoDateTime, z.string().min(1).max(200)]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.slug]), "utf8").toString("base64url");
}

export function decodeCursor(value: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,600}$/.test(value)) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? { at: parsed.data[0], slug: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

export const claimsQuerySchema = z.strictObject({
  ...searchFilterShape,
  updatedSince: optionalParam(
    z.iso
      .datetime({ offset: true, message: "Use an ISO 8601 date-time with a zone, like 2024-05-01T12:00:00Z." })
      .transform((v) => new Date(v).toISOString()),
  ),
  limit: optionalParam(wholeNumber(1, MAX_LIMIT, `The limit is a whole number from 1 to ${MAX_LIMIT}.`)),
  cursor: optionalParam(
    z.string().transform((value, ctx) => {
      const cursor = decodeCursor(value);
      if (!cursor) {
        ctx.addIssue({ code: "custom", message: "This cursor is not one the API gave out; start again without it." });
        return z.NEVER;
      }
      return cursor;
    }),
  ),
});

// ---------------------------------------------------------------- reads

const pageIdsSchema = z.array(z.object({ id: z.number().int() }));

function claimLinks(slug: string, site: SiteConfig) {
  return { url: absoluteUrl(`/claims/${slug}`, site), apiUrl: absoluteUrl(`/api/v1/claims/${slug}`, site) };
}

function articleLinks(slug: string, site: SiteConfig) {
  return { url: absoluteUrl(`/articles/${slug}`, site), apiUrl: absoluteUrl(`/api/v1/articles/${slug}`, site) };
}

/**
 * One page of published verdicts, newest publication first: (publishedAt,
 * slug) descending, with or without `q`, so a cursor always means the same
 * place. `q` filters; it does not rank here (the search page ranks).
 */
export function listClaims(query: z.output<typeof claimsQuerySchema>, site: SiteConfig = siteConfig()): z.infer<typeof claimListSchema> {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fts = query.q ? toFtsQuery(query.q) : null;
  const filters = {
    fts,
    status: query.status ?? null,
    claimant: query.claimant ?? null,
    article: query.article ?? null,
    updatedSince: query.updatedSince ?? null,
  };
  const after = query.cursor;
  const where = and(
    publishedWhere(filters, { ftsAsSubquery: true }),
    after ? or(lt(claims.publishedAt, after.at), and(eq(claims.publishedAt, after.at), lt(claims.slug, after.slug))) : undefined,
  );
  // With q, walk claims_published_idx in order and test each claim against
  // the search: that stops after one page. Left to itself SQLite would sort
  // every match, which for a common word is most of the desk. INDEXED BY has
  // no query-builder form, hence the SQL.
  const source = fts ? sql`${claims} INDEXED BY claims_published_idx` : sql`${claims}`;
  const join = filters.article ? sql`INNER JOIN ${articles} ON ${articles.id} = ${claims.articleId}` : sql``;
  // One read transaction: both queries see the same snapshot of the desk.
  const rows = getDb().transaction(
    (tx) => {
      const ids = pageIdsSchema
        .parse(
          tx.all(
            sql`SELECT ${claims.id} AS id FROM ${source} ${join} WHERE ${where} ORDER BY ${claims.publishedAt} DESC, ${claims.slug} DESC LIMIT ${limit + 1}`,
          ),
        )
        .map((r) => r.id);
      if (ids.length === 0) return [];
      const found = tx
        .select({
          id: claims.id,
          slug: claims.slug,
          status: claims.publishedStatus,
          publishedAt: claims.publishedAt,
          firstPublishedAt: claims.firstPublishedAt,
          summary: publishedSummary,
          claimant: publishedClaimant,
          articleSlug: articles.slug,
          articleTitle: articles.title,
        })
        .from(claims)
        .innerJoin(articles, eq(articles.id, claims.articleId))
        .where(inArray(claims.id, ids))
        .all();
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    { behavior: "deferred" },
  );
  const data = rows.slice(0, limit).flatMap((r): ClaimSummary[] => {
    if (!r.status || !r.publishedAt) return [];
    return [
      {
        slug: r.slug,
        ...claimLinks(r.slug, site),
        summary: r.summary,
        claimant: r.claimant,
        status: r.status,
        publishedAt: r.publishedAt,
        firstPublishedAt: r.firstPublishedAt ?? r.publishedAt,
        article: { slug: r.articleSlug, title: r.articleTitle, ...articleLinks(r.articleSlug, site) },
      },
    ];
  });
  const last = data.at(-1);
  return { data, nextCursor: rows.length > limit && last ? encodeCursor({ at: last.publishedAt, slug: last.slug }) : null };
}

export function toApiClaim(claim: PublishedClaim, site: SiteConfig = siteConfig()): ApiClaim {
  const { verdict, article } = claim;
  return {
    slug: claim.slug,
    ...claimLinks(claim.slug, site),
    summary: verdict.summary,
    text: verdict.text,
    claimant: verdict.claimant,
    reportedBy: verdict.reportedBy,
    status: verdict.status,
    rationale: verdict.rationale,
    publishedAt: claim.publishedAt,
    firstPublishedAt: claim.firstPublishedAt,
    corrected: claim.history.some((e) => e.kind === "correction"),
    evidence: verdict.evidence.map((e) => ({
      url: e.url,
      title: e.title,
      publisher: e.publisher,
      quotedPassage: e.quotedPassage,
      stance: e.stance,
      accessedAt: e.accessedAt,
    })),
    article: {
      slug: article.slug,
      title: article.title,
      ...articleLinks(article.slug, site),
      outlet: article.outlet,
      sourceUrl: article.url,
      author: article.author,
      publishedAt: article.publishedAt,
      spanStart: claim.spanStart,
      spanEnd: claim.spanEnd,
    },
    history: claim.history.map((e) => ({ kind: e.kind, status: e.status, previousStatus: e.previousStatus, reason: e.reason, at: e.at })),
  };
}

export function toApiArticle(article: PublicArticle, site: SiteConfig = siteConfig()): ApiArticle {
  return {
    slug: article.slug,
    ...articleLinks(article.slug, site),
    title: article.title,
    outlet: article.outlet,
    sourceUrl: article.url,
    author: article.author,
    publishedAt: article.publishedAt,
    body: article.body,
    claims: article.claims.map((c) => ({
      slug: c.slug,
      ...claimLinks(c.slug, site),
      summary: c.summary,
      status: c.status,
      spanStart: c.spanStart,
      spanEnd: c.spanEnd,
    })),
  };
}

// ---------------------------------------------------------------- route handlers

export type SlugContext = { params: Promise<{ slug: string }> };

const pathSlug = z.string().min(1).max(200);

async function slugOf(context: SlugContext): Promise<string> {
  const parsed = pathSlug.safeParse((await context.params).slug);
  if (!parsed.success) throw new ParameterError("slug", "The slug is 1 to 200 characters.");
  return parsed.data;
}

/** GET /api/v1/claims */
export function getClaims(request: Request): Promise<Response> {
  return handleApi(() => jsonResponse(request, listClaims(parseQuery(new URL(request.url), claimsQuerySchema))));
}

const noQuery = z.strictObject({});

/** GET /api/v1/claims/{slug} */
export function getClaim(request: Request, context: SlugContext): Promise<Response> {
  return handleApi(async () => {
    parseQuery(new URL(request.url), noQuery);
    const claim = getPublishedClaim(await slugOf(context));
    if (!claim) throw new AppError("not_found", "No published claim has this slug.");
    return jsonResponse(request, toApiClaim(claim));
  });
}

/** GET /api/v1/articles/{slug} */
export function getArticle(request: Request, context: SlugContext): Promise<Response> {
  return handleApi(async () => {
    parseQuery(new URL(request.url), noQuery);
    const article = getPublicArticle(await slugOf(context));
    if (!article) throw new AppError("not_found", "No article with published claims has this slug.");
    return jsonResponse(request, toApiArticle(article));
  });
}
