import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache, Fragment } from "react";
import type { AttributionStatus } from "@/db/schema";
import { getPublishedClaim, type PublicVerdictHistoryEntry, type PublishedClaim } from "@/lib/public/published-claim";
import { STANCE_LABELS, STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { getPublicArticle } from "@/lib/public/articles";
import { claimReviewJsonLd, serializeJsonLd } from "@/lib/public/claim-review";
import { publishingEventOf } from "@/lib/public/transparency";
import { formatDate } from "@/app/components/format";
import { publicMetadata } from "@/app/components/page-metadata";
import { StatusBadge } from "@/app/components/status-badge";
import { claimInContext } from "./context";
import { CorrectionRequestForm } from "./correction-request-form";
import styles from "./claim.module.css";
import { Panel } from "@/app/components/panel";

// The claim page and its ?correction=sent twin (correction-sent/page.tsx)
// render the same view. Both are cached whole on first request and refreshed
// by refresh-public-pages.ts when an editor publishes; see there.
//
// The view's own markup is ASCII: its arrows, dots and ellipses come from
// claim.module.css. One character above U+00FF (→, …) makes the whole cached
// page a two-byte string, which Node re-encodes to UTF-8 on every response:
// about a tenth of a cache hit's cost at 35 KB (BENCHMARKS.md, claim page).

/**
 * Metadata and page share one read per render. Only the published snapshot
 * is ever loaded here: drafts and unpublished claims 404 (DESIGN.md, Security rules).
 */
const loadClaim = cache((slug: string) => {
  const claim = getPublishedClaim(slug);
  if (!claim) return null;
  return { claim, article: getPublicArticle(claim.article.slug), event: publishingEventOf(claim.slug) };
});

export function claimMetadata(slug: string, options: { noindex?: boolean } = {}): Metadata {
  const loaded = loadClaim(slug);
  if (!loaded) return { title: "Claim not found", robots: { index: false } };
  const { claim } = loaded;
  const label = STATUS_DEFINITIONS[claim.verdict.status].label;
  return publicMetadata({
    title: claim.verdict.summary,
    description: `${label}: ${claim.verdict.rationale || STATUS_DEFINITIONS[claim.verdict.status].meaning}`,
    path: `/claims/${claim.slug}`,
    type: "article",
    publishedTime: claim.firstPublishedAt,
    modifiedTime: claim.publishedAt,
    noindex: options.noindex,
  });
}

function historyLabel(entry: PublicVerdictHistoryEntry): string {
  if (entry.kind === "unpublished") return "Withdrawn";
  if (entry.kind === "correction") return "Correction";
  return "Published";
}

function HistoryItem({ entry }: { entry: PublicVerdictHistoryEntry }) {
  return (
    <li className={entry.kind === "correction" ? `${styles.historyItem} ${styles.correction}` : styles.historyItem}>
      <p className={styles.historyHead}>
        <strong>{historyLabel(entry)}</strong> <span className={styles.separator} aria-hidden="true" />{" "}
        <time dateTime={entry.at}>{formatDate(entry.at)}</time>
      </p>
      {entry.status && (
        <p className={styles.historyBody}>
          {entry.kind === "correction" && entry.previousStatus && entry.previousStatus !== entry.status ? (
            <>
              Verdict changed from <StatusBadge status={entry.previousStatus} /> to{" "}
              <StatusBadge status={entry.status} />
            </>
          ) : (
            <>
              Verdict: <StatusBadge status={entry.status} />
            </>
          )}
        </p>
      )}
      {entry.kind === "unpublished" && <p className={styles.historyBody}>The verdict was taken off this site.</p>}
      {entry.reason && <p className={styles.historyBody}>Reason: {entry.reason}</p>}
    </li>
  );
}

/**
 * "Harbour authority → first appeared in its weekly briefing → reported by
 * Coastal Times": who made the claim, where, and who passed it on, with
 * whether the desk confirmed the attribution (DESIGN.md, attribution).
 */
function AttributionChain({ claim }: { claim: PublishedClaim }) {
  const { verdict } = claim;
  const reporter = verdict.reportedBy ?? claim.article.outlet;
  const links = [
    verdict.firstAppearedIn ? { role: "first appeared in", value: verdict.firstAppearedIn } : null,
    reporter ? { role: "reported by", value: reporter } : null,
  ].filter((l): l is { role: string; value: string } => l !== null);
  return (
    <>
      <p className={styles.chain}>
        <span className={styles.chainLink}>
          <span className={styles.chainRole}>Claimant</span> {verdict.claimant ?? "Not recorded"}
        </span>
        {links.map((link) => (
          <Fragment key={link.role}>
            <span className={styles.chainArrow} aria-hidden="true" />
            <span className={styles.chainLink}>
              <span className="visually-hidden">, </span>
              <span className={styles.chainRole}>{link.role}</span> {link.value}
            </span>
          </Fragment>
        ))}
      </p>
      {verdict.claimant && (
        <p className={styles.attribution}>
          {ATTRIBUTION_SENTENCES[verdict.attributionStatus].replace("{claimant}", verdict.claimant)}
        </p>
      )}
    </>
  );
}

// Whether the claimant really said it is judged apart from whether it is true.
const ATTRIBUTION_SENTENCES: Record<AttributionStatus, string> = {
  unconfirmed: "We have not independently confirmed that {claimant} made this claim.",
  confirmed: "We confirmed that {claimant} made this claim.",
  misattributed: "We found that {claimant} did not make this claim as reported: it is misattributed.",
};

export function ClaimView({ slug, correctionSent }: { slug: string; correctionSent: boolean }) {
  const loaded = loadClaim(slug);
  if (!loaded) notFound();
  const { claim, article: articleText, event } = loaded;
  const { verdict, article } = claim;
  const corrected = claim.history.some((e) => e.kind === "correction");
  const context = articleText ? claimInContext(articleText.body, claim.spanStart, claim.spanEnd) : null;
  const articleHref = `/articles/${article.slug}#claim-${claim.slug}`;

  return (
    <>
      <article className={styles.article}>
        <script
          type="application/ld+json"
          dangerouslySetInnerHTML={{ __html: serializeJsonLd(claimReviewJsonLd(claim)) }}
        />
        <p className={styles.kicker}>Fact check</p>
        <h1>{verdict.summary}</h1>
        <AttributionChain claim={claim} />

        <Panel aria-labelledby="verdict-heading" className={styles.verdict}>
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
                {" "}
                <span className={styles.separator} aria-hidden="true" /> {corrected ? "Corrected" : "Updated"}{" "}
                <time dateTime={claim.publishedAt}>{formatDate(claim.publishedAt)}</time>
              </>
            )}
          </p>
          {event && (
            <p className={styles.record} id="audit-record">
              {event.action === "claim.corrected" ? "Corrected" : "Published"} in our audit log as event{" "}
              <strong data-audit-event={event.id}>#{event.id}</strong>, hash{" "}
              <code className={styles.fullHash} data-audit-hash={event.hash}>
                {event.hash}
              </code>
              . <Link href="/transparency#check-heading">How to check it</Link>
            </p>
          )}
        </Panel>

        <section aria-labelledby="source-heading">
          <h2 id="source-heading">Where the claim appeared</h2>
          <figure className={styles.context}>
            <blockquote>
              <p>
                {context ? (
                  <>
                    {context.moreBefore && (
                      <>
                        <span className={styles.ellipsis} />{" "}
                      </>
                    )}
                    {context.before}
                    <mark className={styles.claimText}>{context.claim}</mark>
                    {context.after}
                    {context.moreAfter && (
                      <>
                        {" "}
                        <span className={styles.ellipsis} />
                      </>
                    )}
                  </>
                ) : (
                  <mark className={styles.claimText}>{verdict.text}</mark>
                )}
              </p>
            </blockquote>
            <figcaption>
              From <cite>{article.title}</cite>
              {article.outlet && <>, {article.outlet}</>}
              {article.publishedAt && (
                <>
                  , <time dateTime={article.publishedAt}>{formatDate(article.publishedAt)}</time>
                </>
              )}
              . <Link href={articleHref}>Read the claim in the article</Link>
            </figcaption>
          </figure>
          <dl className="facts">
            <dt>Article</dt>
            <dd>
              <Link href={`/articles/${article.slug}`}>{article.title}</Link>
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
            {article.url && (
              <>
                <dt>Original</dt>
                <dd>
                  <a href={article.url} rel="noopener noreferrer">
                    {article.url}
                  </a>
                </dd>
              </>
            )}
          </dl>
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
                  {item.publisher && <p className={styles.publisher}>Published by {item.publisher}</p>}
                  {item.quotedPassage && (
                    <blockquote cite={item.url}>
                      <p>{item.quotedPassage}</p>
                    </blockquote>
                  )}
                  <p className={styles.accessed}>
                    Accessed <time dateTime={item.accessedAt}>{formatDate(item.accessedAt)}</time>
                    {item.contentHash && item.snapshotFetchedAt && (
                      <>
                        . We kept a copy of what it said on{" "}
                        <time dateTime={item.snapshotFetchedAt}>{formatDate(item.snapshotFetchedAt)}</time> (SHA-256{" "}
                        <code className={styles.hash}>{item.contentHash.slice(0, 16)}</code>
                        <span className={styles.ellipsis} />)
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Verdict history</h2>
          <p className="muted">
            Every verdict this claim has carried on this site, newest first. A change after publication is marked as a
            correction. <Link href="/methodology#corrections-heading">Our corrections policy</Link>
          </p>
          <ol className={styles.history}>
            {claim.history.map((entry, index) => (
              <HistoryItem key={`${entry.at}-${index}`} entry={entry} />
            ))}
          </ol>
        </section>
      </article>

      <CorrectionRequestForm slug={claim.slug} sent={correctionSent} />
    </>
  );
}
