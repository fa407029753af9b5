import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, writeTransaction } from "@/db/client";
import { articles } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/events";
import { actorOf, authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { slugify, uniqueSlug } from "@/lib/slug";
import { parseInput, type Loose } from "@/lib/validation";

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
    .pipe(z.url({ protocol: /^https?$/, message: "Enter a full http(s) URL." }).max(2000).nullable())
    .nullish(),
  author: optionalText(200),
  publishedAt: z
    .string()
    .trim()
    .transform((v) => (v.length > 0 ? v : null))
    .pipe(z.iso.date({ message: "Use a date like 2023-11-15." }).nullable())
    .nullish(),
  body: z
    .string()
    .min(1, "Paste the article text.")
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

export function createArticle(input: Loose<typeof articleInputSchema> & { by: Principal | null }): ArticleRef {
  authorize(input.by, "claim.edit");
  const data = parseInput(articleInputSchema, input);
  const by = input.by;
  const bodyHash = hashBody(data.body);
  return writeTransaction((tx) => {
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
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: "article.created",
      entityType: "article",
      entityId: row.id,
      after: { slug, title: data.title, outlet: data.outlet ?? null, url: data.url ?? null, bodyHash },
    });
    return row;
  });
}
