import type { ClaimStatus, Stance } from "@/db/schema";

/**
 * The verification workflow of DESIGN.md, Status rules. The server enforces
 * these and /methodology is generated from them, so the two cannot drift.
 */
export interface StatusDefinition {
  status: ClaimStatus;
  label: string;
  meaning: string;
  /** The stance of evidence a claim must have before it can take this status. */
  needsStance: Stance | null;
  needsRationale: boolean;
  requirement: string;
}

export const STATUS_DEFINITIONS: Record<ClaimStatus, StatusDefinition> = {
  unverified: {
    status: "unverified",
    label: "Unverified",
    meaning: "Nothing adequate backs or contradicts the claim yet.",
    needsStance: null,
    needsRationale: false,
    requirement: "Every claim starts here; no evidence is needed.",
  },
  sourced: {
    status: "sourced",
    label: "Sourced",
    meaning: "The claim is backed by evidence we could check.",
    needsStance: "supports",
    needsRationale: true,
    requirement: "At least one piece of evidence that supports the claim, and a rationale.",
  },
  disputed: {
    status: "disputed",
    label: "Disputed",
    meaning: "Evidence contradicts the claim, or credible sources contest it.",
    needsStance: "contradicts",
    needsRationale: true,
    requirement: "At least one piece of evidence that contradicts the claim, and a rationale saying what is contested.",
  },
};

export const STANCE_LABELS: Record<Stance, string> = {
  supports: "Supports",
  contradicts: "Contradicts",
  context: "Context",
};

/**
 * Why `status` cannot be set with this rationale and evidence, or null when it can.
 * `stances` are the stances of the claim's evidence that has not been removed.
 */
export function statusRuleViolation(status: ClaimStatus, rationale: string, stances: readonly Stance[]): string | null {
  const rule = STATUS_DEFINITIONS[status];
  if (rule.needsStance && !stances.includes(rule.needsStance)) {
    return `A ${rule.label.toLowerCase()} claim needs at least one piece of evidence that ${rule.needsStance === "supports" ? "supports" : "contradicts"} it.`;
  }
  if (rule.needsRationale && rationale.trim().length === 0) {
    return `A ${rule.label.toLowerCase()} claim needs a rationale.`;
  }
  return null;
}

/** The four-eyes rule: nobody publishes a verdict they set themselves. */
export function fourEyesViolation(publisherId: number, statusSetBy: number | null): string | null {
  if (statusSetBy === null) return "Nobody has set a verdict on this claim yet, so there is nothing to publish.";
  if (publisherId === statusSetBy) return "You set this verdict yourself; another editor has to publish it.";
  return null;
}

/**
 * Why this evidence cannot be removed, or null when it can: removing the last
 * support of a sourced claim would leave a verdict with nothing behind it.
 * `stances` are those of the claim's evidence not yet removed, this one included.
 */
export function evidenceRemovalViolation(
  claim: { status: ClaimStatus; rationale: string },
  removedStance: Stance,
  stances: readonly Stance[],
): string | null {
  const remaining = [...stances];
  remaining.splice(remaining.indexOf(removedStance), 1);
  const violation = statusRuleViolation(claim.status, claim.rationale, remaining);
  return violation
    ? `This is the evidence the current "${claim.status}" verdict rests on. Change the status first. (${violation})`
    : null;
}

/** What publishing checks besides four eyes (DESIGN.md, Publication); /methodology describes the same rules. */
export const PUBLICATION_RULES = {
  needsRationale: "A verdict needs a rationale before it is published.",
  alreadyPublished: "This verdict is already published as it stands.",
  correctionNeedsReason: "This claim was published before, so this is a correction: say what changed and why.",
  unpublishNeedsReason: "Say why the verdict is withdrawn.",
} as const;

/** A first publication, or a correction of one published before. */
export function publicationKind(claim: { firstPublishedAt: string | null }): "published" | "correction" {
  return claim.firstPublishedAt ? "correction" : "published";
}

export interface PublicationRefusal {
  code: "rule" | "invalid";
  message: string;
  fieldErrors?: Record<string, string[]>;
}

/** Why the claim cannot be published now by `publisherId` with this reason, or null when it can. */
export function publicationRefusal(
  publisherId: number,
  claim: {
    statusSetBy: number | null;
    rationale: string;
    version: number;
    publishedAt: string | null;
    publishedVersion: number | null;
    firstPublishedAt: string | null;
  },
  reason: string | null,
): PublicationRefusal | null {
  const fourEyes = fourEyesViolation(publisherId, claim.statusSetBy);
  if (fourEyes) return { code: "rule", message: fourEyes };
  if (claim.rationale.trim().length === 0) return { code: "rule", message: PUBLICATION_RULES.needsRationale };
  if (claim.publishedAt && claim.publishedVersion === claim.version) {
    return { code: "invalid", message: PUBLICATION_RULES.alreadyPublished };
  }
  if (publicationKind(claim) === "correction" && !reason) {
    return {
      code: "invalid",
      message: PUBLICATION_RULES.correctionNeedsReason,
      fieldErrors: { reason: ["Required for a correction."] },
    };
  }
  return null;
}
