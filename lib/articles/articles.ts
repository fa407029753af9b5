import "server-only";
import { createHash } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import { articles, claims, users, type ClaimStatus } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate, type AuditedEvent } from "@/lib/mutation";
import { articleBySlug } from "@/lib/public/articles";
import { slugify, uniqueSlug } from "@/lib/slug";
import type { Loose } from "@/lib/validation";

export const MAX_ARTICLE_LENGTH = 200_000;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .transform((v) => (v.length > 0 ? v : null))
    .nullish();

export const articleInputSchema = z.object({
  title: z.string().trim().min(1, "Title is required.").max(300, "Title is at most 300 characters."),
  outlet: optionalText(200),
  url: z
    .string()
    .trim()
    .transform((v) => (v.length > 0 ? v : null))
    .pipe(
      z
        .url({ protocol: /^https?$/, message: "Enter a full http(s) URL." })
        .max(2000)
        .nullable(),
    )
    .nullish(),
  author: optionalText(200),
  publishedAt: z
    .string()
    .trim()
    .transform((v) => (v.length > 0 ? v : null))
    .pipe(z.iso.date({ message: "Use a date like 2023-11-15." }).nullable())
    .nullish(),
  body: z
    .string({ message: "Paste the article text." })
    .max(MAX_ARTICLE_LENGTH, `The article is longer than ${MAX_ARTICLE_LENGTH.toLocaleString("en")} characters.`)
    .refine((v) => v.trim().length > 0, "Paste the article text."),
});

export function hashBody(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

export interface ArticleRef {
  id: number;
  slug: string;
  title: string;
}

/** The article with this exact body, if one was already brought in. */
export function findArticleByBody(body: string): ArticleRef | null {
  const row = getDb()
    .select({ id: articles.id, slug: articles.slug, title: articles.title })
    .from(articles)
    .where(eq(articles.bodyHash, hashBody(body)))
    .get();
  return row ?? null;
}

export type ArticleInput = z.output<typeof articleInputSchema>;

/**
 * Inserts an article inside the caller's write and returns the event that
 * records it (intake adds its suggestions in the same transaction). Refuses a
 * body the desk already holds; `data` must already be parsed.
 */
export function insertArticle(tx: Tx, by: Principal, data: ArticleInput): { article: ArticleRef; event: AuditedEvent } {
  const bodyHash = hashBody(data.body);
  const existing = tx.select({ slug: articles.slug }).from(articles).where(eq(articles.bodyHash, bodyHash)).get();
  if (existing) throw new AppError("invalid", `This article is already in the desk as /articles/${existing.slug}.`);
  const slug = uniqueSlug(slugify(data.title), (s) =>
    Boolean(tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, s)).get()),
  );
  const row = tx
    .insert(articles)
    .values({
      slug,
      title: data.title,
      outlet: data.outlet ?? null,
      url: data.url ?? null,
      author: data.author ?? null,
      publishedAt: data.publishedAt ?? null,
      body: data.body,
      bodyHash,
      createdBy: by.kind === "user" ? by.id : null,
      createdAt: new Date().toISOString(),
    })
    .returning({ id: articles.id, slug: articles.slug, title: articles.title })
    .get();
  const event: AuditedEvent = {
    action: "article.created",
    entityType: "article",
    entityId: row.id,
    after: { slug, title: data.title, outlet: data.outlet ?? null, url: data.url ?? null, bodyHash },
  };
  return { article: row, event };
}

export function createArticle(input: Loose<typeof articleInputSchema> & { by: Principal | null }): ArticleRef {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: articleInputSchema,
    input,
    write: (tx, data, by) => {
      const { article, event } = insertArticle(tx, by, data);
      return { result: article, audit: event };
    },
  });
}

// ---------------------------------------------------------------- the reviewer area's reads

export const ARTICLES_PER_PAGE = 20;

export interface ArticleListItem {
  slug: string;
  title: string;
  outlet: string | null;
  createdAt: string;
  claimCount: number;
  openSuggestionCount: number;
}

export interface ArticleListPage {
  items: ArticleListItem[];
  page: number;
  pageCount: number;
  total: number;
}

const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1);

/** Every article, newest first (ids grow with time, so the primary key orders them), a page at a time. */
export function listReviewArticles(input: { by: Principal | null; page?: unknown }): ArticleListPage {
  authorize(input.by, "claim.edit");
  const db = getDb();
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(articles)
      .get()?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / ARTICLES_PER_PAGE));
  const page = Math.min(pageSchema.parse(input.page ?? 1), pageCount);
  const items = db
    .select({
      slug: articles.slug,
      title: articles.title,
      outlet: articles.outlet,
      createdAt: articles.createdAt,
      // Written out in full: drizzle leaves a lone table's column names unqualified, which a subquery would misread.
      claimCount: sql<number>`(select count(*) from claims where claims.article_id = articles.id)`,
      openSuggestionCount: sql<number>`(select count(*) from suggestions where suggestions.article_id = articles.id and suggestions.state = 'open')`,
    })
    .from(articles)
    .orderBy(desc(articles.id))
    .limit(ARTICLES_PER_PAGE)
    .offset((page - 1) * ARTICLES_PER_PAGE)
    .all();
  return { items, page, pageCount, total };
}

export interface ReviewArticleClaim {
  id: number;
  slug: string;
  summary: string;
  claimant: string | null;
  status: ClaimStatus;
  /** For the forms that change the claim (duplicate links), under the version check. */
  version: number;
  spanStart: number;
  spanEnd: number;
  published: boolean;
  assignee: string | null;
}

export interface ReviewArticle {
  id: number;
  slug: string;
  title: string;
  outlet: string | null;
  url: string | null;
  author: string | null;
  publishedAt: string | null;
  createdAt: string;
  body: string;
  /** Every claim, published or not, in text order. */
  claims: ReviewArticleClaim[];
}

const slugSchema = z.string().min(1).max(200);

/** An article as the desk sees it: the text as pasted and all of its claims. */
export function getReviewArticle(input: { by: Principal | null; slug: unknown }): ReviewArticle | null {
  authorize(input.by, "claim.edit");
  const slug = slugSchema.safeParse(input.slug);
  if (!slug.success) return null;
  const db = getDb();
  const article = articleBySlug(slug.data);
  if (!article) return null;
  const rows = db
    .select({
      id: claims.id,
      slug: claims.slug,
      summary: claims.summary,
      claimant: claims.claimant,
      status: claims.status,
      version: claims.version,
      spanStart: claims.spanStart,
      spanEnd: claims.spanEnd,
      publishedAt: claims.publishedAt,
      assignee: users.name,
    })
    .from(claims)
    .leftJoin(users, eq(users.id, claims.assigneeId))
    .where(eq(claims.articleId, article.id))
    .orderBy(claims.spanStart, claims.spanEnd, claims.id)
    .all();
  return {
    ...article,
    claims: rows.map(({ publishedAt, ...claim }) => ({ ...claim, published: publishedAt !== null })),
  };
}
