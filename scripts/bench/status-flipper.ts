// The status change both bench writers make (status-writer.ts, count-after-write.ts):
// the benchmark's reviewer flips flippable claims between sourced and unverified
// through lib/claims setClaimStatus, the app's own write path, in turn.
import { eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { claims, users, type Role } from "@/db/schema";
import { setClaimStatus } from "@/lib/claims/claims";

export interface StatusFlipper {
  by: { kind: "user"; id: number; name: string; email: string; role: Role };
  /** Makes the n-th change: the n-th claim (in turn) to the other status. */
  flip(n: number): void;
}

export function statusFlipper(script: string, reviewerId: number, claimIds: number[]): StatusFlipper {
  if (claimIds.length === 0) throw new Error(`${script}: give at least one claim id.`);
  const reviewer = getDb()
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(eq(users.id, reviewerId))
    .get();
  if (!reviewer) throw new Error(`${script}: no user ${reviewerId}.`);
  const by = { kind: "user" as const, ...reviewer };
  const state = new Map(
    getDb()
      .select({ id: claims.id, version: claims.version, status: claims.status })
      .from(claims)
      .where(inArray(claims.id, claimIds))
      .all()
      .map((c) => [c.id, c]),
  );
  return {
    by,
    flip(n) {
      const id = claimIds[n % claimIds.length];
      const claim = id === undefined ? undefined : state.get(id);
      if (!claim) throw new Error(`${script}: claim ${id} is not in the database.`);
      // Sourced claims have supporting evidence, so they may go back and forth.
      const next = claim.status === "sourced" ? "unverified" : "sourced";
      const result = setClaimStatus({
        by,
        claimId: claim.id,
        expectedVersion: claim.version,
        status: next,
        rationale: next === "sourced" ? `Re-checked against the records (${n}).` : `Back to checking (${n}).`,
      });
      claim.version = result.version;
      claim.status = result.status;
    },
  };
}
