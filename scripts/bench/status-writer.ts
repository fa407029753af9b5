// Status changes per second through the app's own write path: lib/claims
// setClaimStatus (version check, status rules, audit event, one IMMEDIATE
// transaction, synchronous=FULL), in a loop for a fixed time. Run by
// scripts/bench.ts in a process of its own against the benchmark's database:
//   DATABASE_URL=… node --conditions=react-server --import tsx scripts/bench/status-writer.ts SECONDS REVIEWER_ID CLAIM_ID…
// Prints one line of JSON: {"changes":N,"seconds":S}.
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { closeDb, getConnection, getDb } from "@/db/client";
import { claims, users } from "@/db/schema";
import { setClaimStatus } from "@/lib/claims/claims";

const [seconds, reviewerId, ...claimIds] = z
  .tuple([z.coerce.number().positive(), z.coerce.number().int().positive()], z.coerce.number().int().positive())
  .parse(process.argv.slice(2));
if (claimIds.length === 0) throw new Error("status-writer: give at least one claim id.");

const { sqlite } = getConnection();
const synchronous = z.number().parse(sqlite.pragma("synchronous", { simple: true }));
const reviewer = getDb()
  .select({ id: users.id, name: users.name, email: users.email, role: users.role })
  .from(users)
  .where(eq(users.id, reviewerId))
  .get();
if (!reviewer) throw new Error(`status-writer: no user ${reviewerId}.`);
const by = { kind: "user" as const, ...reviewer };

const state = new Map(
  getDb()
    .select({ id: claims.id, version: claims.version, status: claims.status })
    .from(claims)
    .where(inArray(claims.id, claimIds))
    .all()
    .map((c) => [c.id, c]),
);

let changes = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
while (performance.now() < deadline) {
  const id = claimIds[changes % claimIds.length];
  const claim = id === undefined ? undefined : state.get(id);
  if (!claim) throw new Error(`status-writer: claim ${id} is not in the database.`);
  // Sourced claims have supporting evidence, so they may go back and forth.
  const next = claim.status === "sourced" ? "unverified" : "sourced";
  const result = setClaimStatus({
    by,
    claimId: claim.id,
    expectedVersion: claim.version,
    status: next,
    rationale: next === "sourced" ? `Re-checked against the records (${changes}).` : `Back to checking (${changes}).`,
  });
  claim.version = result.version;
  claim.status = result.status;
  changes += 1;
}
const elapsed = (performance.now() - started) / 1000;
closeDb();
// 2 is FULL: DESIGN.md's reliability rule, so the figure counts a real fsync per change.
console.log(JSON.stringify({ changes, seconds: elapsed, synchronous }));
