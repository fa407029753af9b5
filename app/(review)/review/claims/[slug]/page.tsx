import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getClaimHistory } from "@/lib/claims/history";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { can } from "@/lib/auth/permissions";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { FeedbackScope } from "@/app/components/forms";
import { formatDateTime } from "@/app/components/format";
import { StatusBadge } from "@/app/components/status-badge";
import { requireUser } from "../../../require-user";
import { EvidenceForm } from "./evidence-form";
import { EvidenceList } from "./evidence-list";
import { HistoryList } from "@/app/components/history-list";
import { LinkedClaims } from "@/app/(review)/review/linked-claims";
import { listAssignableUsers } from "@/lib/claims/assignment";
import { listComments } from "@/lib/claims/comments";
import { ATTRIBUTION_LABELS, PRIORITY_LABELS, STAGE_LABELS } from "@/lib/claims/labels";
import { AssignmentPanel } from "./assignment-panel";
import { CommentsPanel } from "./comments-panel";
import { DetailsForm } from "./details-form";
import { WorkspaceShortcuts } from "./shortcuts";
import { PublishPanel } from "./publish-panel";
import { VerdictForm } from "./verdict-form";
import styles from "./workspace.module.css";
import { Panel } from "@/app/components/panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Claim workspace" };

type Params = Promise<{ slug: string }>;

export default async function ClaimWorkspacePage({ params }: { params: Params }) {
  const { slug } = await params;
  const by = await requireUser(`/review/claims/${encodeURIComponent(slug)}`);
  const claim = getClaimWorkspace({ by, slug });
  if (!claim) notFound();
  const history = getClaimHistory({ by, claimId: claim.id });
  const comments = listComments({ by, claimId: claim.id });
  const canAssignOthers = can(by.role, "claim.publish");
  const people = canAssignOthers ? listAssignableUsers({ by }) : [];
  const previouslyPublished =
    claim.published !== null || history.some((e) => e.action === "claim.published" || e.action === "claim.corrected");

  return (
    <>
      <p className={styles.crumbs}>
        <Link href="/review">Review queue</Link>
      </p>
      <h1>{claim.summary}</h1>
      <p className={styles.status}>
        <StatusBadge status={claim.status} /> <span>{STAGE_LABELS[claim.stage]}</span>
        <span>Priority: {PRIORITY_LABELS[claim.priority] ?? claim.priority}</span>
        <span>
          {claim.assignee ? <>Assigned to {claim.assignee.id === by.id ? "you" : claim.assignee.name}</> : "Unassigned"}
        </span>
      </p>
      <WorkspaceShortcuts />

      <FeedbackScope>
        <div className={styles.grid}>
          <div className={styles.main}>
            <Panel aria-labelledby="claim-heading">
              <h2 id="claim-heading">Claim</h2>
              <figure className={styles.claimQuote}>
                <blockquote>{claim.text}</blockquote>
                <figcaption className="muted">As written in the article</figcaption>
              </figure>
              <dl className="facts">
                <dt>Summary</dt>
                <dd>{claim.summary}</dd>
                <dt>Claimant</dt>
                <dd>{claim.claimant ?? <span className="muted">Not recorded</span>}</dd>
                <dt>First appeared in</dt>
                <dd>{claim.firstAppearedIn ?? <span className="muted">Not recorded</span>}</dd>
                <dt>Reported by</dt>
                <dd>{claim.reportedBy ?? <span className="muted">Not recorded</span>}</dd>
                <dt>Attribution</dt>
                <dd>
                  {ATTRIBUTION_LABELS[claim.attributionStatus]}
                  {claim.attributionNote && <span className="muted"> — {claim.attributionNote}</span>}
                </dd>
                <dt>Article</dt>
                <dd>
                  {claim.article.url ? (
                    <a href={claim.article.url} rel="noopener noreferrer">
                      {claim.article.title}
                    </a>
                  ) : (
                    claim.article.title
                  )}
                  {claim.article.outlet && <span className="muted"> — {claim.article.outlet}</span>}
                </dd>
              </dl>
            </Panel>

            <Panel aria-labelledby="current-verdict-heading">
              <h2 id="current-verdict-heading">Current verdict</h2>
              <p>
                <StatusBadge status={claim.status} />{" "}
                <span className="muted">{STATUS_DEFINITIONS[claim.status].meaning}</span>
              </p>
              <dl className="facts">
                <dt>Rationale</dt>
                <dd className={styles.rationale}>{claim.rationale || <span className="muted">None yet</span>}</dd>
                <dt>Set by</dt>
                <dd>
                  {claim.statusSetBy && claim.statusSetAt ? (
                    <>
                      {claim.statusSetBy.name},{" "}
                      <time dateTime={claim.statusSetAt}>{formatDateTime(claim.statusSetAt)}</time>
                    </>
                  ) : (
                    <span className="muted">Nobody yet</span>
                  )}
                </dd>
                <dt>Version</dt>
                <dd>{claim.version}</dd>
              </dl>
            </Panel>

            <VerdictForm claimId={claim.id} version={claim.version} status={claim.status} rationale={claim.rationale} />

            <DetailsForm
              claimId={claim.id}
              version={claim.version}
              details={{
                summary: claim.summary,
                claimant: claim.claimant,
                reportedBy: claim.reportedBy,
                firstAppearedIn: claim.firstAppearedIn,
                attributionStatus: claim.attributionStatus,
                attributionNote: claim.attributionNote,
                priority: claim.priority,
              }}
            />

            <EvidenceList items={claim.evidence} version={claim.version} />
            <EvidenceForm claimId={claim.id} version={claim.version} />
          </div>

          <div className={styles.side}>
            <AssignmentPanel
              claimId={claim.id}
              assignee={claim.assignee}
              me={{ id: by.id, name: by.name }}
              canAssignOthers={canAssignOthers}
              people={people}
            />
            <Panel aria-labelledby="publication-heading">
              <h2 id="publication-heading">Publication</h2>
              {claim.published ? (
                <>
                  <p>
                    Published as <StatusBadge status={claim.published.status} /> on{" "}
                    <time dateTime={claim.published.at}>{formatDateTime(claim.published.at)}</time>
                    {claim.published.by && <> by {claim.published.by.name}</>} (version {claim.published.version}).
                  </p>
                  {!claim.published.current && (
                    <p className="notice">
                      The current verdict differs from the published one: the public still sees the older verdict.
                    </p>
                  )}
                  <p>
                    <Link href={`/claims/${claim.slug}`}>View public page</Link>
                  </p>
                </>
              ) : (
                <p>{previouslyPublished ? "Withdrawn from the public page." : "Not on the public page yet."}</p>
              )}
              {can(by.role, "claim.publish") ? (
                <PublishPanel
                  claimId={claim.id}
                  version={claim.version}
                  published={claim.published ? { current: claim.published.current } : null}
                  previouslyPublished={previouslyPublished}
                  ownVerdict={claim.statusSetBy?.id === by.id}
                  hasVerdict={claim.statusSetBy !== null}
                />
              ) : (
                <p>An editor publishes verdicts.</p>
              )}
            </Panel>

            <LinkedClaims
              by={by}
              claimId={claim.id}
              version={claim.version}
              permalink={`/review/claims/${claim.slug}`}
            />

            <CommentsPanel claimId={claim.id} comments={comments} />

            <HistoryList entries={history} />
          </div>
        </div>
      </FeedbackScope>
    </>
  );
}
