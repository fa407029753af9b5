import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import type { PublicVerdictHistoryEntry } from "@/lib/claims/claims";
import { getPublishedClaim } from "@/lib/claims/claims";
import { STANCE_LABELS, STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { formatDate } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import styles from "./claim.module.css";

export const dynamic = "force-dynamic";

type Params = Promise<{ slug: string }>;

// Metadata and page share one read per request. Only the published snapshot
// is ever loaded here: drafts and unpublished claims 404 (DESIGN.md, Security rules).
const loadClaim = cache((slug: string) => getPublishedClaim(slug));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const claim = loadClaim((await params).slug);
  if (!claim) return { title: "Claim not found" };
  const label = STATUS_DEFINITIONS[claim.verdict.status].label;
  const rationale = claim.verdict.rationale.replace(/\s+/g, " ").trim();
  return {
    title: claim.verdict.summary,
    description: `${label}: ${rationale.length > 155 ? `${rationale.slice(0, 154)}…` : rationale}`,
  };
}

function historyLabel(entry: PublicVerdictHistoryEntry): string {
  if (entry.kind === "unpublished") return "Withdrawn";
  if (entry.kind === "correction") return "Correction";
  return "Published";
}

function HistoryItem({ entry }: { entry: PublicVerdictHistoryEntry }) {
  const label = historyLabel(entry);
  const status = entry.status ? STATUS_DEFINITIONS[entry.status].label : null;
  const previous = entry.previousStatus ? STATUS_DEFINITIONS[entry.previousStatus].label : null;
  return (
    <li className={entry.kind === "correction" ? `${styles.historyItem} ${styles.correction}` : styles.historyItem}>
      <p className={styles.historyHead}>
        <strong>{label}</strong>
        <span aria-hidden="true"> · </span>
        <time dateTime={entry.at}>{formatDate(entry.at)}</time>
      </p>
      {status && (
        <p className={styles.historyBody}>
          {entry.kind === "correction" && previous && previous !== status
            ? `Verdict changed from ${previous} to ${status}.`
            : `Verdict: ${status}.`}
        </p>
      )}
      {entry.reason && <p className={styles.historyBody}>Reason: {entry.reason}</p>}
    </li>
  );
}

export default async function PublicClaimPage({ params }: { params: Params }) {
  const claim = loadClaim((await params).slug);
  if (!claim) notFound();
  const { verdict, article } = claim;
  const corrected = claim.history.some((e) => e.kind === "correction");

  return (
    <article className={styles.article}>
      <p className={styles.kicker}>Fact check</p>
      <h1>{verdict.summary}</h1>

      <figure className={styles.claim}>
        <blockquote>{verdict.text}</blockquote>
        <figcaption>
          {verdict.claimant ? <>Claimed by {verdict.claimant}</> : "Claimant not recorded"}
          {verdict.reportedBy && <>, as reported by {verdict.reportedBy}</>}
        </figcaption>
      </figure>

      <section aria-labelledby="verdict-heading" className={styles.verdict}>
        <h2 id="verdict-heading">Our verdict</h2>
        <p className={styles.badge}>
          <StatusBadge status={verdict.status} />
        </p>
        <p className="muted">{STATUS_DEFINITIONS[verdict.status].meaning}</p>
        {verdict.rationale && <p className={styles.rationale}>{verdict.rationale}</p>}
        <p className={styles.dates}>
          First published <time dateTime={claim.firstPublishedAt}>{formatDate(claim.firstPublishedAt)}</time>
          {claim.publishedAt !== claim.firstPublishedAt && (
            <>
              <span aria-hidden="true"> · </span>
              {corrected ? "Corrected" : "Updated"}{" "}
              <time dateTime={claim.publishedAt}>{formatDate(claim.publishedAt)}</time>
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="evidence-heading">
        <h2 id="evidence-heading">Evidence</h2>
        {verdict.evidence.length === 0 ? (
          <p className="empty">No evidence was published with this verdict.</p>
        ) : (
          <ul className={styles.evidence}>
            {verdict.evidence.map((item, index) => (
              <li key={`${index}-${item.url}`} className={styles.evidenceItem}>
                <p className={styles.stance}>{STANCE_LABELS[item.stance]}</p>
                <p className={styles.evidenceTitle}>
                  <a href={item.url} rel="noopener noreferrer">
                    {item.title}
                  </a>
                </p>
                {item.publisher && <p className={styles.publisher}>{item.publisher}</p>}
                {item.quotedPassage && <blockquote>{item.quotedPassage}</blockquote>}
                <p className={styles.accessed}>
                  Accessed <time dateTime={item.accessedAt}>{formatDate(item.accessedAt)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="source-heading">
        <h2 id="source-heading">Where the claim appeared</h2>
        <dl className="facts">
          <dt>Article</dt>
          <dd>
            {article.url ? (
              <a href={article.url} rel="noopener noreferrer">
                {article.title}
              </a>
            ) : (
              article.title
            )}
          </dd>
          {article.outlet && (
            <>
              <dt>Outlet</dt>
              <dd>{article.outlet}</dd>
            </>
          )}
          {article.author && (
            <>
              <dt>Author</dt>
              <dd>{article.author}</dd>
            </>
          )}
          {article.publishedAt && (
            <>
              <dt>Date</dt>
              <dd>
                <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
              </dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Verdict history</h2>
        <ol className={styles.history}>
          {claim.history.map((entry, index) => (
            <HistoryItem key={`${entry.at}-${index}`} entry={entry} />
          ))}
        </ol>
      </section>
    </article>
  );
}
