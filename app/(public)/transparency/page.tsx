import type { Metadata } from "next";
import Link from "next/link";
import { formatDateTime } from "@/app/components/format";
import { publicMetadata } from "@/app/components/page-metadata";
import { ANCHOR_PAGE_LIMIT, listAnchors } from "@/lib/public/transparency";
import styles from "./transparency.module.css";

// The audit log on every request (see app/(public)/refresh-public-pages.ts):
// an anchor taken from the command line shows up at once.
export const dynamic = "force-dynamic";

const base = publicMetadata({
  title: "Our public record",
  description:
    "The anchors of our audit log, each its newest event's number and hash at a moment, and how anyone can use them to check that we never rewrote our record.",
  path: "/transparency",
});

export const metadata: Metadata = {
  ...base,
  alternates: {
    ...base.alternates,
    types: { "application/atom+xml": [{ url: "/transparency/feed.xml", title: "Audit log anchors" }] },
  },
};

export default function TransparencyPage() {
  const anchors = listAnchors({ limit: ANCHOR_PAGE_LIMIT });
  return (
    <div className="prose">
      <h1>Our public record</h1>
      <p className="lede">
        Everything our desk does, from a new claim to a published verdict or a correction, is an event in our audit log.
        Each event&apos;s hash covers its content and the hash of the event before it, so changing, removing or
        reordering any past event changes every hash after it. The database refuses to edit or delete events.
      </p>
      <p>
        That chain cannot show, on its own, that nobody cut its newest events off or rewrote the whole log. So from time
        to time we write down its head, the newest event&apos;s number and hash: an <strong>anchor</strong>. We publish
        every anchor here as it is made. Once you keep a copy, we cannot quietly change anything up to it.
      </p>

      <section aria-labelledby="anchors-heading">
        <h2 id="anchors-heading">Anchors</h2>
        <p>
          Newest first. Follow them in a feed reader with <a href="/transparency/feed.xml">the Atom feed</a>, or save{" "}
          <a href="/transparency/anchors.jsonl">all anchors as one file</a> (one JSON line each, the format our check
          reads).
        </p>
        {anchors.length === 0 ? (
          <p className="empty">No anchors yet.</p>
        ) : (
          <div className="table-scroll">
            <table className={styles.anchors}>
              <caption className="visually-hidden">Audit log anchors, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Hash (SHA-256)</th>
                  <th scope="col">Anchored</th>
                </tr>
              </thead>
              <tbody>
                {anchors.map((anchor) => (
                  <tr key={anchor.recordedBy} id={`anchor-${anchor.id}`}>
                    <th scope="row">#{anchor.id}</th>
                    <td>
                      <code className={styles.hash}>{anchor.hash}</code>
                    </td>
                    <td>
                      <time dateTime={anchor.at}>{formatDateTime(anchor.at)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="check-heading">
        <h2 id="check-heading">How to check us</h2>
        <ol className={styles.steps}>
          <li>
            <strong>Keep copies.</strong> Save the anchors file, or let a feed reader keep the feed. Each claim page
            also shows the number and hash of the audit event that published its current verdict: note those for the
            claims you care about.
          </li>
          <li>
            <strong>Get our log later.</strong> Ask us for a copy: the audit log export from our desk (JSON Lines, every
            event exactly as stored, with its hash and the hash before it), or a backup of the whole database made with
            our backup command.
          </li>
          <li>
            <strong>Recompute the chain.</strong> With a database backup, run our check against it with your anchors
            file: <code>DATABASE_URL=backup.db npm run audit:verify -- --anchor anchors.jsonl</code>. It recomputes
            every hash and says which event is the first bad one, and whether every anchored event is still there with
            the same hash. With the export, recompute each hash yourself: SHA-256 (hex) of the JSON array{" "}
            <code>[id, at, actorKind, actorId, action, entityType, entityId, before, after, reason, prevHash]</code>;
            each event&apos;s <code>prevHash</code> is the hash of the one before it, the first one&apos;s is 64 zeros.
          </li>
          <li>
            <strong>Compare.</strong> Each anchor you kept must name an event with the same hash in our copy, and each
            claim page&apos;s event must be there with its hash. If one is missing or differs, our record was changed
            after you saw it.
          </li>
        </ol>
        <p>
          The check is the same one our admins run on the desk. See also <Link href="/about">about us</Link> and{" "}
          <Link href="/corrections">our corrections</Link>.
        </p>
      </section>
    </div>
  );
}
