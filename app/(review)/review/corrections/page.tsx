import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { CORRECTION_REQUEST_STATES, type CorrectionRequestState } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { listCorrectionRequests } from "@/lib/claims/correction-requests";
import { formatDateTime } from "@/app/components/format";
import { requireUser } from "../../require-user";
import { RequestStateForm, RequestStateScope } from "./request-state-form";
import styles from "./corrections.module.css";
import { Panel } from "@/app/components/panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Correction requests" };

const STATE_LABELS: Record<CorrectionRequestState, string> = {
  open: "Open",
  resolved: "Resolved",
  dismissed: "Dismissed",
};

// "all" lists every state; anything unreadable falls back to the open requests, the editors' work list.
const filterSchema = z.enum([...CORRECTION_REQUEST_STATES, "all"]).catch("open");

export default async function CorrectionRequestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).state;
  const filter = filterSchema.parse(Array.isArray(raw) ? raw[0] : (raw ?? "open"));
  const path = filter === "open" ? "/review/corrections" : `/review/corrections?state=${filter}`;
  const by = await requireUser(path);

  if (!can(by.role, "claim.publish")) {
    return (
      <div className="prose">
        <h1>Correction requests</h1>
        <p>
          Editors handle correction requests. If a reader&apos;s request concerns a claim you checked, an editor will
          ask you.
        </p>
        <p>
          <Link href="/review">Back to the review queue</Link>
        </p>
      </div>
    );
  }

  const requests = listCorrectionRequests({
    by,
    state: filter === "all" ? undefined : filter,
  });
  const filters: { value: CorrectionRequestState | "all"; label: string }[] = [
    ...CORRECTION_REQUEST_STATES.map((value) => ({
      value,
      label: STATE_LABELS[value],
    })),
    { value: "all", label: "All" },
  ];

  return (
    <>
      <h1>Correction requests</h1>
      <p className="lede">
        What readers asked us to correct. Requests are never shown publicly. Each reader has a private link to theirs:
        it says &ldquo;under review&rdquo; once you mark it, and shows your answer once you send one. Publish a
        correction from the claim&apos;s workspace first if one is due, then link it in the answer.
      </p>
      <nav aria-label="Filter by state" className="filter-pills">
        <ul>
          {filters.map((f) => (
            <li key={f.value}>
              <Link
                href={f.value === "open" ? "/review/corrections" : `/review/corrections?state=${f.value}`}
                aria-current={f.value === filter ? "page" : undefined}
              >
                {f.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <RequestStateScope permalink={path}>
        {requests.length === 0 ? (
          <p className="empty">
            {filter === "all"
              ? "No correction requests yet."
              : `No ${STATE_LABELS[filter].toLowerCase()} correction requests.`}
          </p>
        ) : (
          <ol className={styles.requests}>
            {requests.map((request) => (
              <Panel as="li" key={request.id} className={styles.request}>
                <h2 className={styles.claim}>
                  <Link href={`/review/claims/${request.claim.slug}`}>{request.claim.summary}</Link>
                </h2>
                <blockquote className={styles.message}>
                  <p>{request.message}</p>
                </blockquote>
                <dl className="facts">
                  <dt>Email</dt>
                  <dd>
                    {request.email ? (
                      <a href={`mailto:${request.email}`}>{request.email}</a>
                    ) : (
                      <span className="muted">Not given</span>
                    )}
                  </dd>
                  <dt>Received</dt>
                  <dd>
                    <time dateTime={request.createdAt}>{formatDateTime(request.createdAt)}</time>
                  </dd>
                  <dt>State</dt>
                  <dd>
                    <span className={`${styles.state} ${styles[request.state]}`}>
                      {request.state === "open" && request.reviewStartedAt ? "Under review" : STATE_LABELS[request.state]}
                    </span>
                    {request.handledAt && (
                      <span className="muted">
                        {" "}
                        by {request.handledBy ?? "an editor"},{" "}
                        <time dateTime={request.handledAt}>{formatDateTime(request.handledAt)}</time>
                      </span>
                    )}
                  </dd>
                  {request.publicAnswer && (
                    <>
                      <dt>Answer</dt>
                      <dd className={styles.message}>
                        <p>{request.publicAnswer}</p>
                        {request.publicationId && (
                          <p className="muted">
                            Linked to the correction of{" "}
                            {formatDateTime(request.corrections.find((c) => c.id === request.publicationId)?.at ?? "")}
                          </p>
                        )}
                      </dd>
                    </>
                  )}
                  <dt>Public page</dt>
                  <dd>
                    <Link href={`/claims/${request.claim.slug}`}>/claims/{request.claim.slug}</Link>
                  </dd>
                </dl>
                <RequestStateForm
                  request={{
                    id: request.id,
                    state: request.state,
                    reviewStartedAt: request.reviewStartedAt,
                    corrections: request.corrections,
                  }}
                />
              </Panel>
            ))}
          </ol>
        )}
      </RequestStateScope>
    </>
  );
}
