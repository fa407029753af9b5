// Count-after-write (issue #15): the review queue keeps its counts per view
// until the desk changes (lib/claims/queue.ts), so the first queue read after
// any write recounts every view it shows. This times exactly that, in a
// process of its own against the benchmark's database: one status change
// through setClaimStatus, then listReviewQueue for each of the bench's queue
// views, repeated. Run by scripts/bench.ts:
//   DATABASE_URL=… node --conditions=react-server --import tsx scripts/bench/count-after-write.ts ROUNDS REVIEWER_ID CLAIM_ID…
// Prints one line of JSON: {"rounds":N,"samples":[ms, …]} (one sample per view read).
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { closeDb, getDb } from "@/db/client";
import { claims, users } from "@/db/schema";
import { setClaimStatus } from "@/lib/claims/claims";
import { listReviewQueue, parseQueueFilters } from "@/lib/claims/queue";
import { QUEUE_VIEWS } from "./results";

const [rounds, reviewerId, ...claimIds] = z
  .tuple([z.coerce.number().int().positive(), z.coerce.number().int().positive()], z.coerce.number().int().positive())
  .parse(process.argv.slice(2));
if (claimIds.length === 0) throw new Error("count-after-write: give at least one claim id.");

const reviewer = getDb()
  .select({ id: users.id, name: users.name, email: users.email, role: users.role })
  .from(users)
  .where(eq(users.id, reviewerId))
  .get();
if (!reviewer) throw new Error(`count-after-write: no user ${reviewerId}.`);
const by = { kind: "user" as const, ...reviewer };

const state = new Map(
  getDb()
    .select({ id: claims.id, version: claims.version, status: claims.status })
    .from(claims)
    .where(inArray(claims.id, claimIds))
    .all()
    .map((c) => [c.id, c]),
);

const views = QUEUE_VIEWS.map(({ path }) => parseQueueFilters(Object.fromEntries(new URL(path, "http://bench").searchParams)));
// Warm the statements and SQLite's page cache once, as a running server has.
for (const filters of views) listReviewQueue({ by, filters });

const samples: number[] = [];
for (let round = 0; round < rounds; round++) {
  const id = claimIds[round % claimIds.length];
  const claim = id === undefined ? undefined : state.get(id);
  if (!claim) throw new Error(`count-after-write: claim ${id} is not in the database.`);
  const next = claim.status === "sourced" ? "unverified" : "sourced";
  const result = setClaimStatus({
    by,
    claimId: claim.id,
    expectedVersion: claim.version,
    status: next,
    rationale: next === "sourced" ? `Re-checked against the records (${round}).` : `Back to checking (${round}).`,
  });
  claim.version = result.version;
  claim.status = result.status;
  for (const filters of views) {
    const started = performance.now();
    const page = listReviewQueue({ by, filters });
    samples.push(performance.now() - started);
    if (page.counts.total <= 0) throw new Error("count-after-write: the queue counted no claims.");
  }
}
closeDb();
console.log(JSON.stringify({ rounds, samples }));
