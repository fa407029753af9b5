import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { CLAIM_STATUSES, type ClaimStatus } from "@/db/schema";
import { listReviewClaims } from "@/lib/claims/claims";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import { requireUser } from "../require-user";
import styles from "./review.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review queue" };

const filterSchema = z.enum(CLAIM_STATUSES).optional().catch(undefined);

const FILTERS: { label: string; status: ClaimStatus | undefined }[] = [
  { label: "All", status: undefined },
  ...CLAIM_STATUSES.map((status) => ({
    label: STATUS_DEFINITIONS[status].label,
    status,
  })),
];

export default async function ReviewQueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const status = filterSchema.parse(params.status);
  const by = await requireUser(status ? `/review?status=${status}` : "/review");
  const claims = listReviewClaims({ by, status });

  return (
    <>
      <h1>Review queue</h1>
      <nav aria-label="Filter by status" className="filter-pills">
        <ul>
          {FILTERS.map((filter) => (
            <li key={filter.label}>
              <Link
                href={filter.status ? `/review?status=${filter.status}` : "/review"}
                aria-current={filter.status === status ? "page" : undefined}
              >
                {filter.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {claims.length === 0 ? (
        <p className="empty">
          {status ? `No claims are ${STATUS_DEFINITIONS[status].label.toLowerCase()} right now.` : "No claims yet."}
        </p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Claims" tabIndex={0}>
          <table>
            <caption className="visually-hidden">
              {status ? `${STATUS_DEFINITIONS[status].label} claims` : "All claims"}, most recently updated first
            </caption>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Claimant</th>
                <th scope="col">Article</th>
                <th scope="col">Status</th>
                <th scope="col">Published</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {claims.map((claim) => (
                <tr key={claim.id}>
                  <td className={styles.summary}>
                    <Link href={`/review/claims/${claim.slug}`}>{claim.summary}</Link>
                  </td>
                  <td>{claim.claimant ?? <span className="muted">Not recorded</span>}</td>
                  <td>{claim.article.title}</td>
                  <td>
                    <StatusBadge status={claim.status} />
                  </td>
                  <td>
                    {claim.publishedStatus ? (
                      <>
                        Published
                        {claim.changedSincePublished && <span className={styles.changed}>Changed since published</span>}
                      </>
                    ) : (
                      <span className="muted">Not published</span>
                    )}
                  </td>
                  <td>
                    <time dateTime={claim.updatedAt}>{formatDateTime(claim.updatedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
