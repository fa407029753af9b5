import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getPublicArticle } from "@/lib/public/articles";
import { formatDate } from "@/app/components/format";
import { ClaimMark, HighlightedArticle } from "@/app/components/highlighted-article";
import { NotFoundFallback } from "@/app/components/not-found-message";
import { publicMetadata } from "@/app/components/page-metadata";
import { StatusBadge } from "@/app/components/status-badge";
import styles from "./article.module.css";
import { Panel } from "@/app/components/panel";

type Params = Promise<{ slug: string }>;

// Cached like the claim page: rendered on first request, refreshed when a
// verdict on this article is published or withdrawn
// (app/(public)/refresh-public-pages.ts), or hourly as a safety net.
export const dynamicParams = true;
export const revalidate = 3600;

export function generateStaticParams(): { slug: string }[] {
  return [];
}

// Only articles with at least one published verdict exist publicly; their
// unpublished claims are not marked (DESIGN.md, Security rules).
const loadArticle = cache((slug: string) => getPublicArticle(slug));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const article = loadArticle((await params).slug);
  if (!article) return { title: "Article not found", robots: { index: false } };
  const count = article.claims.length;
  return publicMetadata({
    title: article.title,
    description: `${count === 1 ? "One claim" : `${count} claims`} from “${article.title}”${article.outlet ? ` (${article.outlet})` : ""} checked by Claimtrail, highlighted in the text with each verdict.`,
    path: `/articles/${article.slug}`,
    type: "article",
  });
}

export default async function PublicArticlePage({ params }: { params: Params }) {
  const { slug } = await params;
  return (
    <NotFoundFallback>
      <ArticleView slug={slug} />
    </NotFoundFallback>
  );
}

function ArticleView({ slug }: { slug: string }) {
  const article = loadArticle(slug);
  if (!article) notFound();

  return (
    <article className={styles.article}>
      <p className={styles.kicker}>Article</p>
      <h1>{article.title}</h1>
      <p className={styles.meta}>
        {[article.outlet, article.author ? `by ${article.author}` : null].filter(Boolean).join(", ")}
        {article.publishedAt && (
          <>
            {(article.outlet || article.author) && <span aria-hidden="true"> · </span>}
            <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
          </>
        )}
        {article.url && (
          <>
            <span aria-hidden="true"> · </span>
            <a href={article.url} rel="noopener noreferrer">
              Original article
            </a>
          </>
        )}
      </p>

      <Panel aria-labelledby="checked-heading" className={styles.checked}>
        <h2 id="checked-heading">Checked claims</h2>
        <p>
          The text below is the article as we received it. Each claim with a published verdict is highlighted where it
          appears; follow its verdict to the fact check.
        </p>
        <ol className={styles.claimList}>
          {article.claims.map((claim) => (
            <li key={claim.slug}>
              <StatusBadge status={claim.status} /> <a href={`#claim-${claim.slug}`}>{claim.summary}</a>
            </li>
          ))}
        </ol>
      </Panel>

      <section aria-labelledby="text-heading">
        <h2 id="text-heading">Article text</h2>
        <div className={styles.body}>
          <HighlightedArticle
            body={article.body}
            spans={article.claims}
            renderMark={(claim, words) => (
              <ClaimMark
                id={`claim-${claim.slug}`}
                status={claim.status}
                href={`/claims/${claim.slug}`}
                label={`fact check: ${claim.summary}`}
              >
                {words}
              </ClaimMark>
            )}
          />
        </div>
      </section>
    </article>
  );
}
