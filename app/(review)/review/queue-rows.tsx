"use client";

import { formatDateTime } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import type { ClaimStatus } from "@/db/schema";
import styles from "./review.module.css";

/**
 * One row of the queue as the page hands it over: plain fields, the words
 * and links already worked out. The rows render here, from this data,
 * rather than as server components: the page's RSC payload then carries 50
 * small records instead of the elements of 50 rows, which it used to send
 * a second time beside the HTML (BENCHMARKS.md, the review queue at 32
 * connections).
 */
export interface QueueRowData {
  id: number;
  /** The version a bulk change must expect, sent with the checkbox. */
  version: number;
  summary: string;
  href: string;
  status: ClaimStatus;
  claimant: { name: string; href: string } | null;
  article: { title: string; href: string };
  /** The assignee's name; null when nobody is; "you" when it is the reader. */
  assignee: { name: string; you: boolean } | null;
  priority: string;
  stage: string;
  /** Published, with changes since: the stage cell is marked. */
  changed: boolean;
  updatedAt: string;
}

// Column order is fixed: review.module.css sizes and labels the cells by their position.
function QueueRow({ row }: { row: QueueRowData }) {
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          name="claim"
          value={`${row.id}:${row.version}`}
          form="queue-bulk"
          aria-label={`Select: ${row.summary}`}
        />
      </td>
      <td>
        <StatusBadge status={row.status} compact />
      </td>
      <td>
        <a href={row.href}>{row.summary}</a>
      </td>
      <td>
        {row.claimant ? (
          <a href={row.claimant.href}>{row.claimant.name}</a>
        ) : (
          <span className="muted">Not recorded</span>
        )}
      </td>
      <td>
        <a href={row.article.href} title={row.article.title}>
          {row.article.title}
        </a>
      </td>
      <td>
        {row.assignee ? (
          row.assignee.you ? (
            <strong>You</strong>
          ) : (
            row.assignee.name
          )
        ) : (
          <span className="muted">Unassigned</span>
        )}
      </td>
      <td>{row.priority}</td>
      <td className={row.changed ? styles.changed : undefined}>{row.stage}</td>
      <td>
        <time dateTime={row.updatedAt}>{formatDateTime(row.updatedAt)}</time>
      </td>
    </tr>
  );
}

/** The queue table's body. */
export function QueueRows({ rows }: { rows: QueueRowData[] }) {
  return (
    <tbody>
      {rows.map((row) => (
        <QueueRow key={row.id} row={row} />
      ))}
    </tbody>
  );
}
