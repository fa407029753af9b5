import type { Metadata } from "next";
import Link from "next/link";
import { CLAIM_STATUSES, REVIEW_STAGES } from "@/db/schema";
import { PRIORITY_LABELS, STAGE_LABELS } from "@/lib/claims/labels";
import {
  listReviewQueue,
  parseQueueFilters,
  queueHref,
  QUEUE_SORTS,
  type QueueFilters,
  type QueueSort,
} from "@/lib/claims/queue";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import { requireUser } from "../require-user";
import styles from "./review.module.css";
import { SelectField } from "@/app/components/forms";
import { can } from "@/lib/auth/permissions";
import { SaveViewForm } from "./save-view-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review queue" };

const SORT_LABELS: Record<QueueSort, string> = {
  newest: "Most recently changed",
  oldest: "Oldest first",
  priority: "Priority, then oldest",
};

type Option<V> = { label: string; value: V | undefined; count: number };

/** One row of filter links: choosing an option keeps the other filters and goes back to page 1. */
function FilterRow<K extends "status" | "stage" | "assignee">({
  label,
  name,
  filters,
  options,
}: {
  label: string;
  name: K;
  filters: QueueFilters;
  options: Option<QueueFilters[K]>[];
}) {
  return (
    <nav aria-label={label} className={`filter-pills ${styles.filterRow}`}>
      <span className={styles.filterLabel} aria-hidden="true">
        {label}
      </span>
      <ul>
        {options.map((option) => (
          <li key={option.label}>
            <Link
              href={queueHref({ ...filters, [name]: option.value, page: 1 })}
              aria-current={filters[name] === option.value ? "page" : undefined}
            >
              {option.label} <span className={styles.count}>{option.count.toLocaleString("en")}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default async function ReviewQueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const filters = parseQueueFilters(await searchParams);
  const by = await requireUser(queueHref(filters));
  const queue = listReviewQueue({ by, filters });
  const shown = queue.filters;
  const { counts } = queue;
  const sumOf = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

  return (
    <>
      <h1>Review queue</h1>

      <FilterRow
        label="Status"
        name="status"
        filters={shown}
        options={[
          { label: "Any status", value: undefined, count: sumOf(counts.status) },
          ...CLAIM_STATUSES.map((s) => ({ label: STATUS_DEFINITIONS[s].label, value: s, count: counts.status[s] })),
        ]}
      />
      <FilterRow
        label="Stage"
        name="stage"
        filters={shown}
        options={[
          { label: "Any stage", value: undefined, count: sumOf(counts.stage) },
          ...REVIEW_STAGES.map((s) => ({ label: STAGE_LABELS[s], value: s, count: counts.stage[s] })),
        ]}
      />
      <FilterRow
        label="Assignee"
        name="assignee"
        filters={shown}
        options={[
          { label: "Anyone", value: undefined, count: counts.assignee.any },
          { label: "Mine", value: "me", count: counts.assignee.me },
          { label: "Unassigned", value: "unassigned", count: counts.assignee.unassigned },
        ]}
      />

      {(shown.article || shown.claimant) && (
        <ul className={styles.activeFilters} aria-label="Other filters">
          {shown.article && (
            <li>
              Article: <strong>{queue.article?.title ?? `${shown.article} (not found)`}</strong>{" "}
              <Link href={queueHref({ ...shown, article: undefined, page: 1 })}>Remove filter</Link>
            </li>
          )}
          {shown.claimant && (
            <li>
              Claimant: <strong>{shown.claimant}</strong>{" "}
              <Link href={queueHref({ ...shown, claimant: undefined, page: 1 })}>Remove filter</Link>
            </li>
          )}
        </ul>
      )}

      {/* A plain GET form: the view stays in the URL and works without JavaScript. */}
      <form method="get" action="/review" className={styles.sortForm}>
        {(["status", "stage", "assignee", "article", "claimant"] as const).map((key) =>
          shown[key] ? <input key={key} type="hidden" name={key} value={shown[key]} /> : null,
        )}
        <SelectField
          id="queue-sort"
          name="sort"
          label="Sort"
          className={styles.sortField}
          options={QUEUE_SORTS.map((s) => ({ value: s, label: SORT_LABELS[s] }))}
          defaultValue={shown.sort}
        />
        <button type="submit">Apply</button>
      </form>
      <SaveViewForm
        query={queueHref({ ...shown, page: 1 }).replace(/^\/review\??/, "")}
        canShare={can(by.role, "claim.publish")}
      />

      <p role="status" className={styles.summaryLine}>
        {queue.matching.toLocaleString("en")} {queue.matching === 1 ? "claim" : "claims"}
        {queue.pageCount > 1 && (
          <>
            , page {shown.page} of {queue.pageCount.toLocaleString("en")}
          </>
        )}
      </p>

      {queue.items.length === 0 ? (
        <p className="empty">No claims match this view.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Claims" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Claims, {SORT_LABELS[shown.sort].toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                <th scope="col">Status</th>
                <th scope="col">Stage</th>
                <th scope="col">Assignee</th>
                <th scope="col">Priority</th>
                <th scope="col">Claimant</th>
                <th scope="col">Article</th>
                <th scope="col">{shown.sort === "newest" ? "Updated" : "Created"}</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((claim) => (
                <tr key={claim.id}>
                  <td className={styles.summary}>
                    <Link href={`/review/claims/${claim.slug}`}>{claim.summary}</Link>
                  </td>
                  <td>
                    <StatusBadge status={claim.status} />
                  </td>
                  <td>
                    <span className={claim.stage === "published-changed" ? styles.changed : undefined}>
                      {STAGE_LABELS[claim.stage]}
                    </span>
                  </td>
                  <td>
                    {claim.assignee ? (
                      claim.assignee.id === by.id ? (
                        <strong>You</strong>
                      ) : (
                        claim.assignee.name
                      )
                    ) : (
                      <span className="muted">Unassigned</span>
                    )}
                  </td>
                  <td>{PRIORITY_LABELS[claim.priority] ?? claim.priority}</td>
                  <td>
                    {claim.claimant ? (
                      <Link
                        href={queueHref({ ...shown, claimant: claim.claimant, page: 1 })}
                        title="Show this claimant's claims"
                      >
                        {claim.claimant}
                      </Link>
                    ) : (
                      <span className="muted">Not recorded</span>
                    )}
                  </td>
                  <td>
                    <Link
                      href={queueHref({ ...shown, article: claim.article.slug, page: 1 })}
                      title="Show this article's claims"
                    >
                      {claim.article.title}
                    </Link>
                  </td>
                  <td>
                    {shown.sort === "newest" ? (
                      <time dateTime={claim.updatedAt}>{formatDateTime(claim.updatedAt)}</time>
                    ) : (
                      <time dateTime={claim.createdAt}>{formatDateTime(claim.createdAt)}</time>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {queue.pageCount > 1 && (
        <nav aria-label="Pages" className={styles.pager}>
          {shown.page > 1 && (
            <Link href={queueHref({ ...shown, page: shown.page - 1 })} rel="prev">
              Previous page
            </Link>
          )}
          {shown.page < queue.pageCount && (
            <Link href={queueHref({ ...shown, page: shown.page + 1 })} rel="next">
              Next page
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
