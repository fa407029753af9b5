import type { Metadata } from "next";
import Link from "next/link";
import { auditChainStatus } from "@/lib/admin/audit-log";
import { formatDateTime } from "@/app/components/format";
import { AdminNav } from "../admin-nav";
import { AdminOnly } from "../admin-only";
import { requireAdmin } from "../require-admin";
import { AnchorForm } from "./anchor-form";
import styles from "../admin.module.css";
import { Panel } from "@/app/components/panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Admin: chain check" };

export default async function ChainCheckPage() {
  const admin = await requireAdmin("/review/admin/chain");
  if (!admin) return <AdminOnly />;
  // Recomputes every hash on each visit: the same check as npm run audit:verify.
  const status = auditChainStatus({ by: admin });
  const intact = status.ok && status.anchorProblems.length === 0;

  return (
    <>
      <AdminNav />
      <h1>Chain check</h1>
      <p className="lede">
        Each audit event&apos;s hash covers its content and the hash before it, so editing, deleting or reordering any
        event breaks the chain from there on. Anchors, the head written to a file outside the database, also catch a log
        cut back or rewritten wholesale.
      </p>

      {status.writesRefused && (
        <p role="alert" className="form-alert">
          {status.writesRefused}
        </p>
      )}

      <Panel aria-labelledby="chain-heading">
        <h2 id="chain-heading" className={styles.flush}>
          Status
        </h2>
        <p>
          <span className={`${styles.verdict} ${intact ? styles.intact : styles.broken}`}>
            <span aria-hidden="true">{intact ? "✓" : "✗"}</span>
            {intact ? "Chain intact" : "Chain broken"}
          </span>
        </p>
        {!status.ok && (
          <p>
            The first bad event is{" "}
            {status.firstBadId !== null ? (
              <Link href={`/review/admin/audit?cursor=${status.firstBadId + 1}`}>#{status.firstBadId}</Link>
            ) : (
              "unknown"
            )}
            : {status.problem}. Restore the database from a verified backup and find out who could write to the file.
          </p>
        )}
        <dl className="facts">
          <dt>{status.ok ? "Events" : "Verified before the break"}</dt>
          <dd>{status.count.toLocaleString("en-GB")}</dd>
          <dt>{status.ok ? "Head event" : "Last good event"}</dt>
          <dd>{status.headId === null ? <span className="muted">None</span> : `#${status.headId}`}</dd>
          <dt>{status.ok ? "Head hash" : "Its hash"}</dt>
          <dd className={styles.fullHash}>{status.headHash}</dd>
        </dl>
      </Panel>

      <Panel aria-labelledby="anchor-heading">
        <h2 id="anchor-heading" className={styles.flush}>
          Anchors
        </h2>
        {status.anchorFile ? (
          <>
            <dl className="facts">
              <dt>Anchor file</dt>
              <dd>
                <code>{status.anchorFile}</code>
              </dd>
              <dt>Last anchor</dt>
              <dd>
                {status.lastAnchor ? (
                  <>
                    Event #{status.lastAnchor.id},{" "}
                    <time dateTime={status.lastAnchor.at}>{formatDateTime(status.lastAnchor.at)}</time>
                    <span className={`${styles.fullHash} ${styles.block}`}>{status.lastAnchor.hash}</span>
                  </>
                ) : (
                  <span className="muted">None yet</span>
                )}
              </dd>
            </dl>
            {status.anchorProblems.length > 0 ? (
              <ul className={styles.problems} aria-label="Anchor problems">
                {status.anchorProblems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            ) : (
              status.lastAnchor && <p>Every anchored event is still in the log with the hash it had.</p>
            )}
            <AnchorForm />
          </>
        ) : (
          <div className="prose">
            <p>
              No anchor file is configured. Set <code>AUDIT_ANCHOR_FILE</code> to a file kept outside the database (on
              another disk or a write-once share, ideally) and restart the server; this page then checks every anchor in
              it and offers <strong>Anchor now</strong>.
            </p>
            <p>
              From the command line, <code>npm run audit:anchor -- --append FILE</code> does the same, and{" "}
              <code>npm run audit:verify -- --anchor FILE</code> checks the chain against the file.
            </p>
          </div>
        )}
      </Panel>
    </>
  );
}
