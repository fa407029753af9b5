import type { Metadata } from "next";
import Link from "next/link";
import { STAGE_LABELS } from "@/lib/claims/labels";
import { parseQueueFilters, type QueueFilters } from "@/lib/claims/queue";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { listSavedViews, type SavedViewItem } from "@/lib/claims/saved-views";
import { Panel } from "@/app/components/panel";
import { requireUser } from "../../require-user";
import { ViewForms } from "./view-forms";
import styles from "./views.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Saved views" };

// Keyed by the queue's sort names; one this page does not know yet is named as it is.
const SORTS: Partial<Record<QueueFilters["sort"], string>> = {
  newest: "most recently changed first",
  oldest: "oldest first",
  priority: "by priority",
};

/** The view's filters in words: "Status Sourced · Assigned to me · sorted by priority". */
function describe(view: SavedViewItem): string {
  const filters = parseQueueFilters(Object.fromEntries(new URL(view.href, "http://desk").searchParams));
  const parts = [
    filters.status && `Status ${STATUS_DEFINITIONS[filters.status].label}`,
    filters.stage && `Stage ${STAGE_LABELS[filters.stage]}`,
    filters.assignee === "me" && "Assigned to whoever looks",
    filters.assignee === "unassigned" && "Unassigned",
    filters.article && `Article ${filters.article}`,
    filters.claimant && `Claimant ${filters.claimant}`,
  ].filter((p): p is string => typeof p === "string");
  return `${parts.length > 0 ? parts.join(" · ") : "Every claim"}, ${SORTS[filters.sort] ?? `sorted by ${filters.sort}`}`;
}

function ViewList({ views, showOwner }: { views: SavedViewItem[]; showOwner: boolean }) {
  return (
    <ul className={styles.views}>
      {views.map((view) => (
        <Panel as="li" compact key={view.id}>
          <div className={styles.head}>
            <Link href={view.href} className={styles.name}>
              {view.name}
            </Link>
            <span className={styles.count}>
              {view.count.toLocaleString("en")} {view.count === 1 ? "claim" : "claims"}
            </span>
            <span className={styles.tag}>{view.shared ? "Shared with the desk" : "Only you"}</span>
            {showOwner && <span className={styles.count}>saved by {view.owner.name}</span>}
          </div>
          <p className={styles.filters}>{describe(view)}</p>
          {(view.canManage || view.canShare) && <ViewForms view={view} />}
        </Panel>
      ))}
    </ul>
  );
}

export default async function SavedViewsPage() {
  const by = await requireUser("/review/views");
  const { mine, shared } = listSavedViews({ by });
  return (
    <>
      <h1>Saved views</h1>
      <p className="lede">
        A view is a set of queue filters with a name. Save one from the <Link href="/review">review queue</Link>; your
        views and those shared with the desk are under Views in the header.
        {by.role === "reviewer" ? " An editor can share a view with the whole desk." : ""}
      </p>
      <section aria-labelledby="my-views">
        <h2 id="my-views">My views</h2>
        {mine.length === 0 ? (
          <p className="empty">You have no saved views yet.</p>
        ) : (
          <ViewList views={mine} showOwner={false} />
        )}
      </section>
      <section aria-labelledby="shared-views">
        <h2 id="shared-views">Shared with the desk</h2>
        {shared.length === 0 ? (
          <p className="empty">Nobody else has shared a view.</p>
        ) : (
          <ViewList views={shared} showOwner />
        )}
      </section>
    </>
  );
}
