import type { AttributionStatus, ClaimStatus, Stance } from "@/db/schema";
import { ATTRIBUTION_LABELS, PRIORITY_LABELS } from "@/lib/claims/labels";
import type { HistoryChange, HistoryEntry } from "@/lib/claims/history";
import { STANCE_LABELS, STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import styles from "./history.module.css";

const ACTIONS: Record<string, string> = {
  "claim.created": "created the claim",
  "claim.status_changed": "changed the status",
  "claim.published": "published the verdict",
  "claim.corrected": "published a correction",
  "claim.unpublished": "unpublished the verdict",
  "evidence.added": "added evidence",
  "evidence.removed": "removed evidence",
  "evidence.checked": "re-checked the source against its snapshot",
  "claim.details_changed": "edited the claim's details",
  "claim.assigned": "changed who works on the claim",
  "claim.duplicate_linked": "linked the claim to an earlier check",
  "claim.duplicate_unlinked": "removed the link to an earlier check",
  "comment.added": "commented",
  "comment.edited": "edited a comment",
  "comment.deleted": "deleted a comment",
};

const FIELDS: Record<string, string> = {
  status: "Status",
  rationale: "Rationale",
  version: "Version",
  slug: "Slug",
  text: "Claim text",
  summary: "Summary",
  claimant: "Claimant",
  reportedBy: "Reported by",
  url: "URL",
  title: "Title",
  publisher: "Publisher",
  stance: "Stance",
  quotedPassage: "Quoted passage",
  removed: "Removed",
  publishedStatus: "Published status",
  publishedVersion: "Published version",
  firstAppearedIn: "First appeared in",
  attributionStatus: "Attribution",
  attributionNote: "Attribution note",
  priority: "Priority",
  assignee: "Assigned to",
  body: "Comment",
  deleted: "Deleted",
  snapshot: "Snapshot",
  result: "Result",
  claimVersion: "Version",
  duplicateOfId: "Duplicate of claim (id)",
};

// Which claim an evidence event belongs to says nothing new on the claim's own page.
const HIDDEN_FIELDS = new Set(["claimId", "assigneeId"]);

const STATUS_FIELDS = new Set(["status", "publishedStatus"]);

const isStatus = (value: string): value is ClaimStatus => Object.hasOwn(STATUS_DEFINITIONS, value);
const isStance = (value: string): value is Stance => Object.hasOwn(STANCE_LABELS, value);
const isAttribution = (value: string): value is AttributionStatus => Object.hasOwn(ATTRIBUTION_LABELS, value);

/** Which piece of evidence an evidence event is about, from the title it recorded. */
function evidenceTitle(entry: HistoryEntry): string | null {
  const title = entry.changes.find((c) => c.field === "title");
  const value = title?.after ?? title?.before;
  return typeof value === "string" ? value : null;
}

function describeAction(entry: HistoryEntry): string {
  const words = ACTIONS[entry.action] ?? entry.action.replace(/[._]/g, " ");
  const title = entry.action.startsWith("evidence.") ? evidenceTitle(entry) : null;
  return title ? `${words} “${title}”` : words;
}

/**
 * The changes worth listing. A removal records the evidence's url, title and
 * stance only in `before` to say which item it was; they did not change.
 */
function visibleChanges(entry: HistoryEntry): HistoryChange[] {
  return entry.changes.filter(
    (c) => !HIDDEN_FIELDS.has(c.field) && !(entry.action === "evidence.removed" && c.after === null),
  );
}

function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "(none)";
  if (typeof value === "string") {
    if (STATUS_FIELDS.has(field) && isStatus(value)) return STATUS_DEFINITIONS[value].label;
    if (field === "stance" && isStance(value)) return STANCE_LABELS[value];
    if (field === "attributionStatus" && isAttribution(value)) return ATTRIBUTION_LABELS[value];
    return value;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (field === "priority" && typeof value === "number") return PRIORITY_LABELS[value] ?? String(value);
  if (field === "snapshot" && typeof value === "object" && "sha256" in value)
    return `SHA-256 ${String(value.sha256).slice(0, 12)}…`;
  return JSON.stringify(value);
}

function Change({ change }: { change: HistoryChange }) {
  return (
    <li>
      <span className={styles.changeField}>{FIELDS[change.field] ?? change.field}:</span>{" "}
      <span className={styles.before}>{show(change.field, change.before)}</span> <span aria-hidden="true">→</span>
      <span className="visually-hidden">changed to</span> <span>{show(change.field, change.after)}</span>
    </li>
  );
}

/** Events newest first, each with who did it, in what role, and every field's before and after. */
export function HistoryEvents({ entries }: { entries: HistoryEntry[] }) {
  return (
    <ol className={styles.history} reversed>
      {entries.map((entry) => {
        const changes = visibleChanges(entry);
        return (
          <li key={entry.id} className={styles.historyEntry}>
            <p className={styles.historyHead}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              <span>
                <strong>{entry.actor.name}</strong>
                {entry.actor.role && <> ({entry.actor.role})</>} {describeAction(entry)}
              </span>
            </p>
            {changes.length > 0 && (
              <ul className={styles.changes}>
                {changes.map((change) => (
                  <Change key={change.field} change={change} />
                ))}
              </ul>
            )}
            {entry.reason && <p className={styles.reason}>Reason: {entry.reason}</p>}
          </li>
        );
      })}
    </ol>
  );
}

export function HistoryList({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {entries.length === 0 ? (
        <p className="empty">Nothing has happened to this claim yet.</p>
      ) : (
        <HistoryEvents entries={entries} />
      )}
    </section>
  );
}
