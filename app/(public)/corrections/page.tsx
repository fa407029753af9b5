import type { Metadata } from "next";
import Link from "next/link";
import { DEFAULT_CORRECTIONS_LIMIT, listCorrections, type CorrectionEntry } from "@/lib/public/corrections";
import { formatDate } from "@/app/components/format";
import { publicMetadata } from "@/app/components/page-metadata";
import { StatusBadge } from "@/app/components/status-badge";
import { latestCorrections } from "../published-cache";
import styles from "./corrections.module.css";
import { Panel } from "@/app/components/panel";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const metadata: Metadata = publicMetadata({
  title: "Corrections",
  description:
    "Every change Claimtrail made to a published verdict, newest first: the claim, the old and new verdict, the date and the reason.",
  path: "/corrections",
});

function Entry({ entry }: { entry: CorrectionEntry }) {
  return (
    <Panel
      as="li"
      compact
      className={entry.kind === "correction" ? `${styles.entry} ${styles.correction}` : styles.entry}
    >
      <p className={styles.kind}>
        <strong>{entry.kind === "correction" ? "Correction" : "Withdrawn"}</strong>
        <span aria-hidden="true"> · </span>
        <time dateTime={entry.at}>{formatDate(entry.at)}</time>
      </p>
      <h2 className={styles.claim}>
        {entry.claimIsPublic ? <Link href={`/claims/${entry.claimSlug}`}>{entry.summary}</Link> : entry.summary}
      </h2>
      {entry.status && entry.previousStatus === entry.status ? (
        <p className={styles.change}>
          <span>Verdict unchanged:</span> <StatusBadge status={entry.status} />
        </p>
      ) : (
        <p className={styles.change}>
          <span className="visually-hidden">Verdict changed from </span>
          {entry.previousStatus ? (
            <StatusBadge status={entry.previousStatus} />
          ) : (
            <span className={styles.none}>No verdict</span>
          )}
          <span className={styles.arrow} aria-hidden="true">
            →
          </span>
          <span className="visually-hidden"> to </span>
          {entry.status ? <StatusBadge status={entry.status} /> : <span className={styles.none}>Withdrawn</span>}
        </p>
      )}
      {entry.reason && <p className={styles.reason}>Reason: {entry.reason}</p>}
      {!entry.claimIsPublic && <p className={styles.reason}>This claim is no longer published.</p>}
    </Panel>
  );
}

export default async function CorrectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { before } = await searchParams;
  // The first page comes from the data cache; older pages (?before=…) are read when asked for.
  const entries = before ? listCorrections({ before }) : await latestCorrections();
  const last = entries.at(-1);
  const older = last && entries.length >= DEFAULT_CORRECTIONS_LIMIT ? last.at : null;

  return (
    <div className={styles.page}>
      <h1>Corrections</h1>
      <p className="lede">
        Every change we made to a published verdict, newest first, with the reason. A withdrawn verdict is listed too.
        Read our <Link href="/methodology#corrections-heading">corrections policy</Link>, or ask for a correction from
        any claim page.
      </p>
      {entries.length === 0 ? (
        <p className="empty">
          {before ? "No earlier corrections." : "No published verdict has been corrected or withdrawn yet."}
        </p>
      ) : (
        <ol className={styles.entries}>
          {entries.map((entry, index) => (
            <Entry key={`${entry.claimSlug}-${entry.at}-${index}`} entry={entry} />
          ))}
        </ol>
      )}
      {(before || older) && (
        <nav aria-label="Pages of the corrections log" className={styles.pagination}>
          {before && <Link href="/corrections">Newest corrections</Link>}
          {older && (
            <Link href={`/corrections?${new URLSearchParams({ before: older }).toString()}`}>Older corrections</Link>
          )}
        </nav>
      )}
    </div>
  );
}
