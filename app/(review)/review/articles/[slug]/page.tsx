import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getReviewArticle, type ReviewArticleClaim } from "@/lib/articles/articles";
import { uncoveredParts } from "@/lib/articles/segments";
import { listArticleSuggestions, type SuggestionItem } from "@/lib/intake/suggestions";
import { formatDate, formatDateTime } from "@/app/components/format";
import { ClaimMark, HighlightedArticle, highlightStyles } from "@/app/components/highlighted-article";
import { LinkedClaims } from "@/app/(review)/review/linked-claims";
import { StatusBadge } from "@/app/components/status-badge";
import { requireUser } from "../../../require-user";
import { SpanClaimForm } from "./span-claim-form";
import { SuggestionList } from "./suggestion-list";
import styles from "../articles.module.css";
import { Panel } from "@/app/components/panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Article" };

type Params = Promise<{ slug: string }>;

type Highlight =
  | { kind: "claim"; spanStart: number; spanEnd: number; claim: ReviewArticleClaim }
  | {
      kind: "suggestion";
      spanStart: number;
      spanEnd: number;
      suggestion: SuggestionItem;
      rank: number;
      /** A suggestion with claims made inside it shows in parts: the first holds the anchor, the last the link. */
      first: boolean;
      last: boolean;
    };

const TEXT_ID = "article-text";

export default async function ReviewArticlePage({ params }: { params: Params }) {
  const { slug } = await params;
  const path = `/review/articles/${encodeURIComponent(slug)}`;
  const by = await requireUser(path);
  const article = getReviewArticle({ by, slug });
  if (!article) notFound();
  const open = listArticleSuggestions({ by, articleId: article.id });
  const highlights: Highlight[] = [
    ...article.claims.map((claim) => ({
      kind: "claim" as const,
      spanStart: claim.spanStart,
      spanEnd: claim.spanEnd,
      claim,
    })),
    // Claims win where they overlap a suggestion: the suggestion shows around them.
    ...open.flatMap((suggestion, index) => {
      const parts = uncoveredParts(suggestion, article.claims);
      return parts.map((part, n) => ({
        kind: "suggestion" as const,
        ...part,
        suggestion,
        rank: index + 1,
        first: n === 0,
        last: n === parts.length - 1,
      }));
    }),
  ];
  const published = article.claims.some((claim) => claim.published);

  return (
    <>
      <p className={styles.crumbs}>
        <Link href="/review/articles">Articles</Link>
      </p>
      <h1>{article.title}</h1>
      <p className={styles.meta}>
        {[article.outlet, article.author ? `by ${article.author}` : null].filter(Boolean).join(", ")}
        {article.publishedAt && (
          <>
            {(article.outlet || article.author) && <span aria-hidden="true"> · </span>}
            <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
          </>
        )}
        {(article.outlet || article.author || article.publishedAt) && <span aria-hidden="true"> · </span>}
        Brought in <time dateTime={article.createdAt}>{formatDateTime(article.createdAt)}</time>
        {article.url && (
          <>
            <span aria-hidden="true"> · </span>
            <a href={article.url} rel="noopener noreferrer">
              Original article
            </a>
          </>
        )}
        {published && (
          <>
            <span aria-hidden="true"> · </span>
            <Link href={`/articles/${article.slug}`}>Public page</Link>
          </>
        )}
      </p>

      <Panel aria-labelledby="claims-heading">
        <h2 id="claims-heading">Claims ({article.claims.length})</h2>
        {article.claims.length === 0 ? (
          <p className="muted">No claims yet: accept a suggestion or select words in the text.</p>
        ) : (
          <ol className={styles.claimList}>
            {article.claims.map((claim) => (
              <li key={claim.id} className={styles.claimItem}>
                <StatusBadge status={claim.status} /> <Link href={`/review/claims/${claim.slug}`}>{claim.summary}</Link>{" "}
                <a href={`#claim-${claim.slug}`} className="muted">
                  in the text<span className="visually-hidden">: {claim.summary}</span>
                </a>
                {claim.published && <span className="muted"> · published</span>}
                <span className="muted"> · {claim.assignee ? `assigned to ${claim.assignee}` : "unassigned"}</span>
                {claim.claimant && <span className="muted"> · claimant: {claim.claimant}</span>}
                <LinkedClaims by={by} claimId={claim.id} version={claim.version} permalink={path} variant="inline" />
              </li>
            ))}
          </ol>
        )}
      </Panel>

      <div className={styles.grid}>
        <div className={styles.side}>
          <section aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">Suggested claims ({open.length})</h2>
            <p className="muted">
              Sentences worth checking, best first, each with its score and strongest reason; open one for the rest.
              Accepting makes an unverified claim of it; rejecting takes it off the list.
            </p>
            <SuggestionList suggestions={open} permalink={path} textId={TEXT_ID} />
          </section>
        </div>

        <div className={styles.main}>
          <section aria-labelledby="text-heading">
            <h2 id="text-heading">Article text</h2>
            <p className="muted">
              Claims are highlighted by status and open their workspace; suggested sentences have a dashed underline and
              lead to the suggestion. Select words to make a claim of them.
            </p>
            <div id={TEXT_ID} className={styles.body}>
              <HighlightedArticle
                body={article.body}
                spans={highlights}
                withOffsets
                renderMark={(highlight, words) =>
                  highlight.kind === "claim" ? (
                    <ClaimMark
                      id={`claim-${highlight.claim.slug}`}
                      status={highlight.claim.status}
                      href={`/review/claims/${highlight.claim.slug}`}
                      label={`claim: ${highlight.claim.summary}`}
                    >
                      {words}
                    </ClaimMark>
                  ) : (
                    <mark
                      id={highlight.first ? `text-suggestion-${highlight.suggestion.id}` : undefined}
                      data-suggestion={highlight.suggestion.id}
                      className={highlightStyles.suggestion}
                    >
                      {words}
                      {highlight.last && (
                        <>
                          {" "}
                          <a href={`#suggestion-${highlight.suggestion.id}`} className={highlightStyles.suggestionLink}>
                            Suggestion {highlight.rank}
                            <span className="visually-hidden">: see why, accept or reject</span>
                          </a>
                        </>
                      )}
                    </mark>
                  )
                }
              />
            </div>
          </section>
          <SpanClaimForm articleId={article.id} textId={TEXT_ID} permalink={path} />
        </div>
      </div>
    </>
  );
}
