import Link from "next/link";
import { listPublishedClaims } from "@/lib/claims/claims";
import { formatDate } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import styles from "./public.module.css";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const verdicts = listPublishedClaims({ limit: 20 });
  return (
    <>
      <h1>Claims from the news, checked</h1>
      <p className="lede">
        Claimtrail is a fact-checking desk. We take claims made in news reports and mark each one sourced, disputed or
        unverified, with the evidence behind the verdict and a record of every change.
      </p>

      <h2>Latest verdicts</h2>
      {verdicts.length === 0 ? (
        <p className="empty">No verdicts have been published yet.</p>
      ) : (
        <ul className={styles.verdicts}>
          {verdicts.map((v) => (
            <li key={v.slug} className={styles.verdict}>
              <p className={styles.verdictStatus}>
                <StatusBadge status={v.status} />
              </p>
              <h3 className={styles.verdictTitle}>
                <Link href={`/claims/${v.slug}`}>{v.summary}</Link>
              </h3>
              <p className={styles.verdictMeta}>
                {v.claimant && (
                  <>
                    Claimed by {v.claimant}
                    <span aria-hidden="true"> · </span>
                  </>
                )}
                In “{v.articleTitle}”<span aria-hidden="true"> · </span>
                <time dateTime={v.publishedAt}>{formatDate(v.publishedAt)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
