import type { ClaimStatus } from "@/db/schema";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import styles from "./status-badge.module.css";

// DESIGN.md / STYLE.md: a status is shown by word, colour and icon together, never colour alone.
function StatusIcon({ status }: { status: ClaimStatus }) {
  return (
    <svg className={styles.icon} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
      {status === "sourced" && (
        <path
          d="M4.5 8.2 7 10.6 11.5 5.6"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {status === "disputed" && (
        <path
          d="M5.5 5.5 10.5 10.5M10.5 5.5 5.5 10.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
        />
      )}
      {status === "unverified" && (
        <>
          <path
            d="M6.2 6.3a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
          />
          <circle cx="8" cy="11.6" r="0.95" fill="currentColor" />
        </>
      )}
    </svg>
  );
}

/**
 * A claim's status as word, colour and icon. `compact` draws the same icon
 * from the stylesheet instead of inline SVG: a list of fifty claims then
 * carries the icon once, in the cached CSS, not fifty times in the page and
 * again in its RSC payload.
 */
export function StatusBadge({ status, compact = false }: { status: ClaimStatus; compact?: boolean }) {
  if (compact) {
    return <span className={`${styles.badge} ${styles[status]} ${styles.compact}`}>{STATUS_DEFINITIONS[status].label}</span>;
  }
  return (
    <span className={`${styles.badge} ${styles[status]}`} data-status={status}>
      <StatusIcon status={status} />
      <span>{STATUS_DEFINITIONS[status].label}</span>
    </span>
  );
}
