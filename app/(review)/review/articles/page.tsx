import type { Metadata } from "next";
import Link from "next/link";
import { listReviewArticles } from "@/lib/articles/articles";
import { formatDateTime } from "@/app/components/format";
import { requireUser } from "../../require-user";
import styles from "./articles.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Articles" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ArticlesPage({ searchParams }: { searchParams: SearchParams }) {
  const { page: requested } = await searchParams;
  const by = await requireUser(
    typeof requested === "string" ? `/review/articles?page=${encodeURIComponent(requested)}` : "/review/articles",
  );
  // lib/articles parses the page number and clamps it to the pages there are.
  const { items, page, pageCount, total } = listReviewArticles({ by, page: requested });
  const href = (n: number) => (n === 1 ? "/review/articles" : `/review/articles?page=${n}`);

  return (
    <>
      <h1>Articles</h1>
      <p>
        <Link href="/review/articles/new" className="button">
          New article
        </Link>
      </p>
      {items.length === 0 ? (
        <p className="empty">No articles yet. Bring one in with “New article”.</p>
      ) : (
        <>
          <div className="table-scroll" role="region" aria-label="Articles" tabIndex={0}>
            <table>
              <caption className="visually-hidden">
                Articles, newest first{pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">Outlet</th>
                  <th scope="col" className={styles.number}>
                    Claims
                  </th>
                  <th scope="col" className={styles.number}>
                    Open suggestions
                  </th>
                  <th scope="col">Brought in</th>
                </tr>
              </thead>
              <tbody>
                {items.map((article) => (
                  <tr key={article.slug}>
                    <td className={styles.titleCell}>
                      <Link href={`/review/articles/${article.slug}`}>{article.title}</Link>
                    </td>
                    <td>{article.outlet ?? <span className="muted">Not recorded</span>}</td>
                    <td className={styles.number}>{article.claimCount}</td>
                    <td className={styles.number}>{article.openSuggestionCount}</td>
                    <td>
                      <time dateTime={article.createdAt}>{formatDateTime(article.createdAt)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pageCount > 1 && (
            <nav aria-label="Pages of articles" className={styles.pager}>
              <ul>
                {page > 1 && (
                  <li>
                    <Link href={href(page - 1)} rel="prev">
                      Newer articles
                    </Link>
                  </li>
                )}
                <li>
                  Page {page} of {pageCount} ({total} articles)
                </li>
                {page < pageCount && (
                  <li>
                    <Link href={href(page + 1)} rel="next">
                      Older articles
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
        </>
      )}
    </>
  );
}
