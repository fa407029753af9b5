import type { Metadata } from "next";
import Link from "next/link";
import { CLAIM_STATUSES } from "@/db/schema";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { isDefaultSearch, searchHref, type SearchQuery, type SearchResult } from "@/lib/public/search";
import { formatDate } from "@/app/components/format";
import { SelectField, TextField } from "@/app/components/forms";
import { hasMatch, Highlighted } from "@/app/components/highlighted";
import { publicMetadata } from "@/app/components/page-metadata";
import { Panel } from "@/app/components/panel";
import { StatusBadge } from "@/app/components/status-badge";
import styles from "./public.module.css";

// The home page and its searches, drawn from one SearchResult. The plain home
// page (app/(public)/page.tsx) reads the latest verdicts from the data cache;
// a search is served by the cached page of its own address
// (app/(public)/search/[query]/page.tsx), which proxy.ts maps it to.

/** The title and description of the home page or of a search's results. */
export function searchMetadata(query: SearchQuery): Metadata {
  if (isDefaultSearch(query)) {
    return publicMetadata({
      title: "Claimtrail: claims from the news, checked",
      absoluteTitle: true,
      description:
        "Claims made in news reports, checked: each verdict (sourced, disputed or unverified) with the evidence behind it and a record of every change.",
      path: "/",
    });
  }
  return publicMetadata({
    title: query.q ? `Search results for “${query.q}”` : "Search results",
    description: "Published verdicts matching a search on Claimtrail.",
    path: searchHref(query),
    // Result pages change with every publication; the verdicts themselves are what should be indexed.
    noindex: true,
  });
}

function SearchForm({ result }: { result: SearchResult }) {
  const { query } = result;
  return (
    <Panel as="div">
      <form role="search" method="get" action="/" aria-labelledby="search-heading">
        <TextField
          id="search-q"
          name="q"
          label="Search claims"
          hint={'Words from the claim, the claimant or the article title. Put a phrase in "double quotes".'}
          className={`field ${styles.queryField}`}
          type="search"
          defaultValue={query.q}
          maxLength={200}
        />
        <div className={styles.filters}>
          <SelectField
            id="search-status"
            name="status"
            label="Status"
            options={[
              { value: "", label: "Any status" },
              ...CLAIM_STATUSES.map((status) => ({ value: status, label: STATUS_DEFINITIONS[status].label })),
            ]}
            defaultValue={query.status ?? ""}
          />
          <SelectField
            id="search-claimant"
            name="claimant"
            label="Claimant"
            options={[
              { value: "", label: "Any claimant" },
              ...result.claimants.map((claimant) => ({ value: claimant, label: claimant })),
            ]}
            defaultValue={query.claimant ?? ""}
          />
          {/* A field with suggestions, not a list of every article: at 10,000 articles a full
              dropdown made this page hundreds of kilobytes (BENCHMARKS.md). */}
          <TextField
            id="search-article"
            name="article"
            label="Article"
            hint="The article's address or the last part of it. Recent articles are suggested."
            className={`field ${styles.articleField}`}
            list="search-article-suggestions"
            defaultValue={query.article ?? ""}
            maxLength={300}
            autoComplete="off"
            spellCheck={false}
          />
          <datalist id="search-article-suggestions">
            {result.articles.map((article) => (
              <option key={article.slug} value={article.slug} label={article.title} />
            ))}
          </datalist>
        </div>
        <p className={styles.actions}>
          <button type="submit">Search</button>
          {!isDefaultSearch(query) && <Link href="/">Clear search</Link>}
        </p>
      </form>
    </Panel>
  );
}

function StatusCounts({ result, searching }: { result: SearchResult; searching: boolean }) {
  return (
    <section aria-labelledby="counts-heading" className={styles.countsSection}>
      <h2 id="counts-heading">{searching ? "Matches by verdict" : "Published verdicts"}</h2>
      <ul className={styles.counts}>
        {CLAIM_STATUSES.map((status) => (
          <li key={status}>
            <Link
              href={searchHref(result.query, { status, page: 1 })}
              className={styles.count}
              aria-current={result.query.status === status ? "page" : undefined}
            >
              <StatusBadge status={status} compact />{" "}
              <span className={styles.countNumber}>{result.counts[status]}</span>
              <span className="visually-hidden"> {result.counts[status] === 1 ? "verdict" : "verdicts"}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ResultList({ result }: { result: SearchResult }) {
  return (
    <ul className={styles.verdicts}>
      {result.items.map((item) => (
        <Panel as="li" compact key={item.slug}>
          <p className={styles.verdictStatus}>
            <StatusBadge status={item.status} compact />
          </p>
          <h3 className={styles.verdictTitle}>
            <Link href={`/claims/${item.slug}`}>
              <Highlighted segments={item.highlights.summary} />
            </Link>
          </h3>
          {hasMatch(item.highlights.text) && (
            <p className={styles.verdictText}>
              <Highlighted segments={item.highlights.text} />
            </p>
          )}
          <p className={styles.verdictMeta}>
            {item.claimant && (
              <>
                Claimed by <Highlighted segments={item.highlights.claimant} />
                <span aria-hidden="true"> · </span>
              </>
            )}
            In{" "}
            <Link href={`/articles/${item.article.slug}`}>
              <Highlighted segments={item.highlights.articleTitle} />
            </Link>
            <span aria-hidden="true"> · </span>
            <time dateTime={item.publishedAt}>{formatDate(item.publishedAt)}</time>
          </p>
        </Panel>
      ))}
    </ul>
  );
}

function Pagination({ result }: { result: SearchResult }) {
  const { page } = result.query;
  if (result.pageCount <= 1) return null;
  return (
    <nav aria-label="Pages of results" className={styles.pagination}>
      {page > 1 && (
        <Link href={searchHref(result.query, { page: Math.min(page - 1, result.pageCount) })} rel="prev">
          Previous
        </Link>
      )}
      <span className={styles.pageNumber}>
        Page {page} of {result.pageCount}
      </span>
      {page < result.pageCount && (
        <Link href={searchHref(result.query, { page: page + 1 })} rel="next">
          Next
        </Link>
      )}
    </nav>
  );
}

function resultSummary(result: SearchResult): string {
  const { query, total } = result;
  const what = total === 1 ? "1 published verdict matches" : `${total} published verdicts match`;
  const conditions: string[] = [];
  if (query.q) conditions.push(`“${query.q}”`);
  if (query.status) conditions.push(`status ${STATUS_DEFINITIONS[query.status].label}`);
  if (query.claimant) conditions.push(`claimant ${query.claimant}`);
  if (query.article) conditions.push(`article “${result.article?.title ?? query.article}”`);
  return conditions.length > 0 ? `${what} ${conditions.join(", ")}.` : `${what}.`;
}

/** The home page, or the results of a search: the form, the counts per verdict and one page of verdicts. */
export function SearchView({ result }: { result: SearchResult }) {
  const { query } = result;
  const searching = !isDefaultSearch(query);
  return (
    <>
      <h1>Claims from the news, checked</h1>
      <p className="lede">
        Claimtrail is a fact-checking desk. We take claims made in news reports and mark each one sourced, disputed or
        unverified, with the evidence behind the verdict and a record of every change.{" "}
        <Link href="/methodology">How we check claims</Link>.
      </p>

      <div className={styles.search}>
        <h2 id="search-heading">Search the verdicts</h2>
        <SearchForm result={result} />
      </div>

      <StatusCounts result={result} searching={searching} />

      <section aria-labelledby="results-heading">
        <h2 id="results-heading">{searching ? "Search results" : "Latest verdicts"}</h2>
        {searching && result.total > 0 && <p className={styles.resultSummary}>{resultSummary(result)}</p>}
        {result.total === 0 ? (
          <p className="empty">
            {searching ? "No published verdicts match your search." : "No verdicts have been published yet."}
          </p>
        ) : result.items.length === 0 ? (
          <p className="empty">
            There is no page {query.page} of these results.{" "}
            <Link href={searchHref(result.query, { page: 1 })}>Go to the first page</Link>.
          </p>
        ) : (
          <ResultList result={result} />
        )}
        <Pagination result={result} />
      </section>
    </>
  );
}
