import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDate, formatDateTime } from "@/app/components/format";
import { Panel } from "@/app/components/panel";
import { readCorrectionRequest, requestPath, type ReaderRequestState } from "@/lib/public/correction-requests";
import { absoluteUrl } from "@/lib/site";
import styles from "./request.module.css";

// One reader's request, read at each visit; next.config.ts answers it
// private, no-store, no-referrer and noindex, since its address is the key.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Your correction request",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

const STATES: { value: ReaderRequestState; label: string }[] = [
  { value: "received", label: "Received" },
  { value: "under_review", label: "Under review" },
  { value: "answered", label: "Answered" },
];

function StateIcon({ done }: { done: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false" className={styles.icon}>
      <circle cx="8" cy="8" r="7" fill={done ? "currentColor" : "none"} stroke="currentColor" strokeWidth="1.5" />
      {done && (
        <path
          d="M4.5 8.2 7 10.6 11.5 5.6"
          fill="none"
          stroke="var(--color-surface)"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
    </svg>
  );
}

export default async function CorrectionRequestPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const request = readCorrectionRequest(token);
  if (!request) notFound();
  const reached = STATES.findIndex((s) => s.value === request.state);
  const current = STATES[reached]?.label ?? "Received";
  const link = absoluteUrl(requestPath(token));
  const stepTime = (step: ReaderRequestState): string | null =>
    step === "received"
      ? request.receivedAt
      : step === "under_review"
        ? request.reviewStartedAt
        : (request.answer?.at ?? null);

  return (
    <div className={styles.page}>
      <h1>Your correction request</h1>
      {request.state === "received" && (
        <p role="status" className="form-success">
          Thank you. Your correction request was sent to our editors.
        </p>
      )}
      <Panel aria-labelledby="keep-heading" className={styles.keep}>
        <h2 id="keep-heading">Keep this link</h2>
        <p>
          This page&apos;s address is the only way back to your request. Bookmark it or copy it somewhere safe: we keep
          only a fingerprint of it, so we cannot show it again or send it to you. Anyone with the link can read this
          page, and nothing else.
        </p>
        <label htmlFor="request-link" className={styles.linkLabel}>
          Your private link
        </label>
        {/* A textarea, not an input: the whole link stays visible at phone width, to read or select. */}
        <textarea id="request-link" className={styles.link} readOnly rows={2} value={link} spellCheck={false} />
      </Panel>

      <Panel aria-labelledby="state-heading">
        <h2 id="state-heading">
          State: <span data-request-state={request.state}>{current}</span>
        </h2>
        <ol className={styles.steps}>
          {STATES.map((s, i) => (
            <li
              key={s.value}
              className={i <= reached ? styles.done : styles.todo}
              aria-current={i === reached ? "step" : undefined}
            >
              <StateIcon done={i <= reached} />
              <span>
                {s.label}
                {stepTime(s.value) && (
                  <span className="muted">
                    {" "}
                    <time dateTime={stepTime(s.value) ?? undefined}>{formatDateTime(stepTime(s.value) ?? "")}</time>
                  </span>
                )}
              </span>
            </li>
          ))}
        </ol>
        {request.state === "received" && <p>An editor will read it. This page changes when they do.</p>}
        {request.state === "under_review" && <p>An editor is looking into it. Their answer will appear here.</p>}
      </Panel>

      {request.answer && (
        <Panel aria-labelledby="answer-heading">
          <h2 id="answer-heading">Our answer</h2>
          <p className={styles.outcome}>
            {request.answer.outcome === "resolved"
              ? "We acted on your request."
              : "We looked into your request and kept the verdict as it was."}
          </p>
          <blockquote className={styles.text}>
            <p>{request.answer.text}</p>
          </blockquote>
          {request.correction && (
            <p>
              <Link href={`/claims/${request.claim.slug}#history-heading`}>
                Read the correction of {formatDate(request.correction.at)}
              </Link>
              {request.correction.reason && <span className="muted">: {request.correction.reason}</span>}
            </p>
          )}
        </Panel>
      )}

      <Panel aria-labelledby="sent-heading">
        <h2 id="sent-heading">What you sent</h2>
        <p>
          About{" "}
          {request.claim.summary ? (
            <Link href={`/claims/${request.claim.slug}`}>{request.claim.summary}</Link>
          ) : (
            "a claim that is no longer published"
          )}
        </p>
        <blockquote className={styles.text}>
          <p>{request.message}</p>
        </blockquote>
      </Panel>
    </div>
  );
}
