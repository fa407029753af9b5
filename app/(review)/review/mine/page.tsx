import type { Metadata } from "next";
import Link from "next/link";
import { describeMyEvent, myEventsQuerySchema, openMyEvents, type MyEvent } from "@/lib/claims/my-events";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { formatDateTime } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import { requireUser } from "../../require-user";
import styles from "./mine.module.css";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "My claims" };

const label = (status: keyof typeof STATUS_DEFINITIONS) => STATUS_DEFINITIONS[status].label;

function href(options: { before?: number; own: boolean }): string {
  const query = new URLSearchParams();
  if (options.own) query.set("own", "1");
  if (options.before) query.set("before", String(options.before));
  const text = query.toString();
  return text ? `/review/mine?${text}` : "/review/mine";
}

function EventItem({ event, isNew }: { event: MyEvent; isNew: boolean }) {
  return (
    <li className={`${styles.event} ${event.own ? styles.own : ""}`}>
      <div className={styles.when}>
        <time dateTime={event.at}>{formatDateTime(event.at)}</time>
        {isNew && <span className={styles.new}>New</span>}
      </div>
      <div className={styles.what}>
        <p className={styles.line}>
          <strong>{event.own ? "You" : event.actor.name}</strong> {describeMyEvent(event, label)}
          {event.status && (event.kind === "verdict" || event.kind === "published" || event.kind === "corrected") && (
            <>
              {" "}
              <StatusBadge status={event.status} />
            </>
          )}
        </p>
        <p className={styles.claim}>
          <Link href={`/review/claims/${event.claim.slug}`}>{event.claim.summary}</Link>
        </p>
        {event.excerpt && <blockquote className={styles.excerpt}>{event.excerpt}</blockquote>}
        {event.reason && <p className={styles.reason}>Reason: {event.reason}</p>}
      </div>
    </li>
  );
}

export default async function MyClaimsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const query = myEventsQuerySchema.parse({ before: single(raw.before), own: single(raw.own) });
  const by = await requireUser(href({ before: query.before, own: query.own }));
  const { events, olderBefore, lastVisit } = openMyEvents({ by, before: query.before, includeOwn: query.own });
  const isNew = (event: MyEvent) => lastVisit !== null && event.at > lastVisit && !event.own;
  const fresh = events.filter(isNew);
  const earlier = events.filter((e) => !isNew(e));

  return (
    <>
      <h1>My claims</h1>
      <p className="lede">
        What others did on the claims assigned to you or that you commented on: verdicts, publications, comments,
        assignments and sources that drifted, newest first.
      </p>
      <div className={styles.tools}>
        {query.own ? (
          <Link href={href({ own: false })}>Hide my own changes</Link>
        ) : (
          <Link href={href({ own: true })}>Show my own changes too</Link>
        )}
        <Link href="/review/settings">Follow this in a feed reader</Link>
      </div>
      {query.before === undefined && (
        <p className={styles.visit}>
          {lastVisit ? (
            <>
              Your last visit: <time dateTime={lastVisit}>{formatDateTime(lastVisit)}</time>.{" "}
              {fresh.length === 0 ? "Nothing new since." : `${fresh.length} new since then.`}
            </>
          ) : (
            "This is your first visit: from now on, what happens after it is marked New."
          )}
        </p>
      )}

      {events.length === 0 ? (
        <p className="empty">
          Nothing yet. Take a claim in its workspace or comment on one, and what others do on it shows up here.
        </p>
      ) : (
        <>
          {fresh.length > 0 && (
            <section aria-labelledby="new-events">
              <h2 id="new-events" className={styles.divider}>
                New since your last visit
              </h2>
              <ol className={styles.events}>
                {fresh.map((event) => (
                  <EventItem key={event.id} event={event} isNew />
                ))}
              </ol>
            </section>
          )}
          {earlier.length > 0 && (
            <section aria-labelledby="earlier-events">
              <h2 id="earlier-events" className={styles.divider}>
                {fresh.length > 0 ? "Earlier" : query.before ? "Older events" : "Latest events"}
              </h2>
              <ol className={styles.events}>
                {earlier.map((event) => (
                  <EventItem key={event.id} event={event} isNew={false} />
                ))}
              </ol>
            </section>
          )}
        </>
      )}

      {(olderBefore !== null || query.before !== undefined) && (
        <nav aria-label="Pages" className={styles.pager}>
          {query.before !== undefined && <Link href={href({ own: query.own })}>Newest events</Link>}
          {olderBefore !== null && (
            <Link href={href({ before: olderBefore, own: query.own })} rel="next">
              Older events
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
