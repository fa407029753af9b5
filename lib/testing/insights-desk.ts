// A small desk with a known three weeks of history, for the insights tests:
// every write goes through lib (so the audit log is the app's own), each at a
// time the caller's clock is set to first. Weeks start Monday 2 March 2026.
import type { SessionUser } from "@/lib/auth/principal";
import { assignClaim } from "@/lib/claims/assignment";
import { setClaimStatus } from "@/lib/claims/claims";
import { addEvidence } from "@/lib/claims/evidence";
import { publishClaim } from "@/lib/claims/publication";
import { submitCorrectionRequest } from "@/lib/public/correction-requests";
import type { DemoClaimKey } from "@/lib/demo/demo-article";
import { makeDemoClaim, makeUser } from "./fixtures";

export interface InsightsDesk {
  rita: SessionUser;
  ravi: SessionUser;
  eddie: SessionUser;
  articleSlug: string;
  claims: Record<"a" | "b" | "c" | "d" | "e", { id: number; slug: string }>;
}

/** The days the desk's history runs over, for a filter that holds all of it. */
export const INSIGHTS_DESK_RANGE = { from: "2026-03-02", to: "2026-03-22" } as const;

/**
 * The history, by day (09:00 UTC unless said):
 * - Mon 2 Mar: claims A and B (claimant "Ministry of Health") and C ("Opposition party") brought in.
 * - Wed 4 Mar: Rita sets A sourced (2 days). Thu 5 Mar: Eddie publishes it (1 day).
 * - Mon 9 Mar: D and E brought in; Ravi sets B disputed (7 days). Tue 10 Mar: Rita sets C sourced (8 days);
 *   Eddie assigns D to Ravi.
 * - Wed 11 Mar: B published (2 days). Fri 13 Mar: C published (3 days).
 * - Mon 16 Mar: a reader asks for A to be corrected; Rita sets A disputed; Tue 17 Mar: Eddie publishes the correction.
 * D (Ravi's) and E (nobody's) stay unpublished and untouched.
 */
export async function seedInsightsDesk(setTime: (iso: string) => void): Promise<InsightsDesk> {
  const at = (day: string, time = "09:00") => setTime(`2026-03-${day}T${time}:00.000Z`);
  // A minute apart: makeUser tells accounts apart by the time.
  at("01", "09:00");
  const rita = await makeUser("reviewer", "Rita Reviewer");
  at("01", "09:01");
  const ravi = await makeUser("reviewer", "Ravi Reviewer");
  at("01", "09:02");
  const eddie = await makeUser("editor", "Eddie Editor");

  const claim = (key: DemoClaimKey, summary: string, claimant: string) => makeDemoClaim(key, { summary, claimant });
  const verdict = (by: SessionUser, id: number, status: "sourced" | "disputed") => {
    const added = addEvidence({
      by,
      claimId: id,
      url: `https://example.org/evidence/${id}/${status}`,
      title: `Evidence for claim ${id}`,
      stance: status === "sourced" ? "supports" : "contradicts",
    });
    return setClaimStatus({
      by,
      claimId: id,
      expectedVersion: added.version,
      status,
      rationale: `Checked claim ${id} against the record.`,
    }).version;
  };

  at("02");
  const a = claim("death-toll", "Insights claim A", "Ministry of Health");
  const b = claim("ceasefire", "Insights claim B", "Ministry of Health");
  const c = claim("haniyeh", "Insights claim C", "Opposition party");

  at("04");
  const aVersion = verdict(rita, a.claim.id, "sourced");
  at("05");
  publishClaim({ by: eddie, claimId: a.claim.id, expectedVersion: aVersion });

  at("09");
  const d = claim("nato-allies", "Insights claim D", "Opposition party");
  const e = claim("mujahideen", "Insights claim E", "Ministry of Health");
  const bVersion = verdict(ravi, b.claim.id, "disputed");
  at("10");
  const cVersion = verdict(rita, c.claim.id, "sourced");
  assignClaim({ by: eddie, claimId: d.claim.id, assigneeId: ravi.id, expectedAssigneeId: "" });
  at("11");
  publishClaim({ by: eddie, claimId: b.claim.id, expectedVersion: bVersion });
  at("13");
  publishClaim({ by: eddie, claimId: c.claim.id, expectedVersion: cVersion });

  at("16");
  submitCorrectionRequest({
    slug: a.claim.slug,
    message: "The ministry revised this figure a week later.",
    address: "192.0.2.1",
  });
  const corrected = verdict(rita, a.claim.id, "disputed");
  at("17");
  publishClaim({
    by: eddie,
    claimId: a.claim.id,
    expectedVersion: corrected,
    reason: "The ministry revised the figure.",
  });

  return {
    rita,
    ravi,
    eddie,
    articleSlug: a.article.slug,
    claims: { a: a.claim, b: b.claim, c: c.claim, d: d.claim, e: e.claim },
  };
}
