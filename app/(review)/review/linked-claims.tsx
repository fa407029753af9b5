import Link from "next/link";
import type { Principal } from "@/lib/auth/principal";
import { findDuplicateCandidates, getLinkedClaims, type LinkedClaim } from "@/lib/intake/duplicates";
import { StatusBadge } from "@/app/components/status-badge";
import { DuplicateLinkForm, DuplicateLinkScope, UnlinkDuplicateForm } from "./articles/duplicate-link-form";
import styles from "./linked-claims.module.css";
import { Panel } from "@/app/components/panel";

function ClaimLine({ claim }: { claim: LinkedClaim }) {
  return (
    <>
      <StatusBadge status={claim.status} /> <Link href={`/review/claims/${claim.slug}`}>{claim.summary}</Link>{" "}
      <span className="muted">
        in {claim.article.title}
        {claim.published ? ", published" : ""}
      </span>
    </>
  );
}

interface Props {
  by: Principal;
  claimId: number;
  /** The claim's current version: a link changes the claim, under the version check. */
  version: number;
  /** The page the forms post to without JavaScript (the page this is shown on). */
  permalink: string;
  /** "panel": a section of its own with a heading (claim workspace); "inline": inside a list of claims. */
  variant?: "panel" | "inline";
}

/**
 * A claim's duplicate links both ways (issue #6, item 7) — the claim it was
 * linked to, the claims linked to it — and, while it has neither, the close
 * matches in other articles with a button to link to each.
 */
export function LinkedClaims({ by, claimId, version, permalink, variant = "panel" }: Props) {
  const linked = getLinkedClaims({ by, claimId });
  const unlinked = linked.original === null && linked.duplicates.length === 0;
  const candidates = unlinked ? findDuplicateCandidates({ by, claimId }) : [];
  const headingId = `linked-claims-${claimId}`;

  const content = (
    <DuplicateLinkScope permalink={permalink}>
      {linked.original && (
        <div className={styles.row}>
          <p className={styles.lead}>
            Duplicate of <ClaimLine claim={linked.original} />
          </p>
          <UnlinkDuplicateForm claimId={claimId} version={version} />
        </div>
      )}
      {linked.duplicates.length > 0 && (
        <>
          <p className={styles.lead}>Linked to this claim as duplicates:</p>
          <ul className={styles.list}>
            {linked.duplicates.map((claim) => (
              <li key={claim.id}>
                <ClaimLine claim={claim} />
              </li>
            ))}
          </ul>
        </>
      )}
      {candidates.length > 0 && (
        <>
          <p className={styles.lead}>
            {candidates.length === 1 ? "A claim" : "Claims"} in other articles saying the same, with the same numbers:
          </p>
          <ul className={styles.list}>
            {candidates.map((candidate) => (
              <li key={candidate.id} className={styles.row}>
                <span>
                  <ClaimLine claim={candidate} />{" "}
                  <span className="muted">({Math.round(candidate.similarity * 100)}% of words in common)</span>
                </span>
                <DuplicateLinkForm
                  claimId={claimId}
                  duplicateOfId={candidate.id}
                  version={version}
                  summary={candidate.summary}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {variant === "panel" && unlinked && candidates.length === 0 && (
        <p className="muted">No duplicate links, and no close match in other articles.</p>
      )}
    </DuplicateLinkScope>
  );

  if (variant === "inline") return <div className={styles.inline}>{content}</div>;
  return (
    <Panel aria-labelledby={headingId}>
      <h2 id={headingId}>Linked claims</h2>
      {content}
    </Panel>
  );
}
