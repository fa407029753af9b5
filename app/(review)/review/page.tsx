import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CLAIM_STATUSES, REVIEW_STAGES } from "@/db/schema";
import { PRIORITY_LABELS, STAGE_LABELS } from "@/lib/claims/labels";
import {
  listReviewQueue,
  parseQueueFilters,
  queueHref,
  QUEUE_SORT_ORDER,
  sortForColumn,
  type QueueFilters,
  type QueueItem,
  type QueueSortColumn,
} from "@/lib/claims/queue";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { can } from "@/lib/auth/permissions";
import { listAssignableUsers } from "@/lib/claims/assignment";
import { queueMark } from "@/lib/claims/bulk";
import { SelectField } from "@/app/components/forms";
import { requireUser } from "../require-user";
import { BulkBar } from "./bulk-bar";
import { QUEUE_TABLE_ID } from "./queue-dom";
import { QueueSelectAll, QueueShortcuts } from "./queue-keys";
import { QueueRows, type QueueRowData } from "./queue-rows";
import styles from "./review.module.css";
import { SaveViewForm } from "./save-view-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review queue" };

// The rows use plain <a>, not next/link: fifty rows of client links would
// each hydrate and prefetch, and the page is read far more than navigated.

/** The address as asked for, in its own order, to compare with the queue's short form of it. */
function requestedHref(params: Record<string, string | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value ?? ""]) query.append(key, one);
  }
  const text = query.toString();
  return text ? `/review?${text}` : "/review";
}

type Option = { label: string; value: string; count: number };

/** One filter of the bar: a select whose options say how many claims each would show. */
function FilterSelect({
  label,
  name,
  value,
  options,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: Option[];
}) {
  return (
    <SelectField
      id={`queue-${name}`}
      name={name}
      label={label}
      className={styles.filter}
      defaultValue={value ?? ""}
      options={options.map((o) => ({ value: o.value, label: `${o.label} (${o.count.toLocaleString("en")})` }))}
    />
  );
}

/** A column header that sorts by its column; a second click reverses the order. The filters stay. */
function SortHeader({ column, label, filters }: { column: QueueSortColumn; label: string; filters: QueueFilters }) {
  const order = QUEUE_SORT_ORDER[filters.sort];
  const sorted = order.column === column ? order.direction : undefined;
  return (
    <th scope="col" aria-sort={sorted}>
      <a href={queueHref({ ...filters, sort: sortForColumn(column, filters.sort), page: 1 })}>
        {label}
        {sorted && <span aria-hidden="true">{sorted === "ascending" ? " ▲" : " ▼"}</span>}
      </a>
    </th>
  );
}

/** A queue item as its row shows it, with the links that keep the view's other filters. */
function rowData(claim: QueueItem, meId: number, filters: QueueFilters): QueueRowData {
  return {
    id: claim.id,
    version: claim.version,
    summary: claim.summary,
    href: `/review/claims/${claim.slug}`,
    status: claim.status,
    claimant: claim.claimant
      ? { name: claim.claimant, href: queueHref({ ...filters, claimant: claim.claimant, page: 1 }) }
      : null,
    article: { title: claim.article.title, href: queueHref({ ...filters, article: claim.article.slug, page: 1 }) },
    assignee: claim.assignee ? { name: claim.assignee.name, you: claim.assignee.id === meId } : null,
    priority: PRIORITY_LABELS[claim.priority] ?? String(claim.priority),
    stage: STAGE_LABELS[claim.stage],
    changed: claim.stage === "published-changed",
    updatedAt: claim.updatedAt,
  };
}

export default async function ReviewQueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const filters = parseQueueFilters(params);
  const by = await requireUser(queueHref(filters));
  // The filter bar's GET form sends every field, the empty ones too ("stage=&assignee="):
  // one redirect to the short form keeps the address the one a link or a saved view would use.
  if (requestedHref(params) !== queueHref(filters)) redirect(queueHref(filters));
  // Read before the queue: a bulk change then sees anything that happened after the page was read.
  const seenEventId = queueMark({ by });
  const queue = listReviewQueue({ by, filters });
  const isEditor = can(by.role, "claim.publish");
  const shown = queue.filters;
  const { counts } = queue;
  const sumOf = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);
  const order = QUEUE_SORT_ORDER[shown.sort];

  return (
    <>
      <div className={styles.titleLine}>
        <h1>Review queue</h1>
        <p role="status" className={styles.summaryLine}>
          {queue.matching.toLocaleString("en")} {queue.matching === 1 ? "claim" : "claims"}
          {queue.pageCount > 1 && (
            <>
              , page {shown.page} of {queue.pageCount.toLocaleString("en")}
            </>
          )}
        </p>
      </div>

      <div className={styles.filterBar}>
        {/* A plain GET form: the view stays in the URL and works without JavaScript. */}
        <form method="get" action="/review" aria-label="Filter the queue" className={styles.filterForm}>
          <FilterSelect
            label="Status"
            name="status"
            value={shown.status}
            options={[
              { label: "Any status", value: "", count: sumOf(counts.status) },
              ...CLAIM_STATUSES.map((s) => ({ label: STATUS_DEFINITIONS[s].label, value: s, count: counts.status[s] })),
            ]}
          />
          <FilterSelect
            label="Stage"
            name="stage"
            value={shown.stage}
            options={[
              { label: "Any stage", value: "", count: sumOf(counts.stage) },
              ...REVIEW_STAGES.map((s) => ({ label: STAGE_LABELS[s], value: s, count: counts.stage[s] })),
            ]}
          />
          <FilterSelect
            label="Assignee"
            name="assignee"
            value={shown.assignee}
            options={[
              { label: "Anyone", value: "", count: counts.assignee.any },
              { label: "Mine", value: "me", count: counts.assignee.me },
              { label: "Unassigned", value: "unassigned", count: counts.assignee.unassigned },
            ]}
          />
          {(["article", "claimant"] as const).map((key) =>
            shown[key] ? <input key={key} type="hidden" name={key} value={shown[key]} /> : null,
          )}
          {shown.sort !== "newest" && <input type="hidden" name="sort" value={shown.sort} />}
          <button type="submit" className="button-secondary">
            Apply
          </button>
        </form>

        {(shown.article || shown.claimant) && (
          <ul className={styles.activeFilters} aria-label="Other filters">
            {shown.article && (
              <li>
                Article: <strong>{queue.article?.title ?? `${shown.article} (not found)`}</strong>{" "}
                <a href={queueHref({ ...shown, article: undefined, page: 1 })}>Remove filter</a>
              </li>
            )}
            {shown.claimant && (
              <li>
                Claimant: <strong>{shown.claimant}</strong>{" "}
                <a href={queueHref({ ...shown, claimant: undefined, page: 1 })}>Remove filter</a>
              </li>
            )}
          </ul>
        )}

        <SaveViewForm
          query={queueHref({ ...shown, page: 1 }).replace(/^\/review\??/, "")}
          canShare={can(by.role, "claim.publish")}
        />
      </div>

      {/* Its <form id="queue-bulk"> is the form the rows' checkboxes belong to. */}
      <BulkBar
        isEditor={isEditor}
        people={isEditor ? listAssignableUsers({ by }) : []}
        meId={by.id}
        seenEventId={seenEventId}
        permalink={queueHref(shown)}
      />

      {queue.items.length === 0 ? (
        <p className="empty">No claims match this view.</p>
      ) : (
        <div className={styles.tableFrame} role="region" aria-label="Claims">
          <table id={QUEUE_TABLE_ID} className={styles.queue}>
            <caption className="visually-hidden">Claims, sorted by {order.label}</caption>
            <thead>
              <tr>
                <td>
                  <QueueSelectAll />
                </td>
                <SortHeader column="status" label="Status" filters={shown} />
                <th scope="col">Claim</th>
                <SortHeader column="claimant" label="Claimant" filters={shown} />
                <th scope="col">Article</th>
                <th scope="col">Assignee</th>
                <SortHeader column="priority" label="Priority" filters={shown} />
                <SortHeader column="stage" label="Stage" filters={shown} />
                <SortHeader column="updated" label="Updated" filters={shown} />
              </tr>
            </thead>
            <QueueRows rows={queue.items.map((claim) => rowData(claim, by.id, shown))} />
          </table>
        </div>
      )}

      {queue.pageCount > 1 && (
        <nav aria-label="Pages" className={styles.pager}>
          {shown.page > 1 && (
            <a href={queueHref({ ...shown, page: shown.page - 1 })} rel="prev">
              Previous page
            </a>
          )}
          {shown.page < queue.pageCount && (
            <a href={queueHref({ ...shown, page: shown.page + 1 })} rel="next">
              Next page
            </a>
          )}
        </nav>
      )}

      <QueueShortcuts />
    </>
  );
}
