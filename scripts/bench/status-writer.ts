// Status changes per second through the app's own write path: lib/claims
// setClaimStatus (version check, status rules, audit event, one IMMEDIATE
// transaction, synchronous=FULL), in a loop for a fixed time. Run by
// scripts/bench.ts in a process of its own against the benchmark's database:
//   DATABASE_URL=… node --conditions=react-server --import tsx scripts/bench/status-writer.ts SECONDS REVIEWER_ID CLAIM_ID…
// Prints one line of JSON: {"changes":N,"seconds":S}. With WRITE_INTERVAL_MS set it makes
// one change per interval instead of as many as it can: a desk at work, for the queue to be read under.
import { z } from "zod";
import { closeDb, getConnection } from "@/db/client";
import { statusFlipper } from "./status-flipper";

const [seconds, reviewerId, ...claimIds] = z
  .tuple([z.coerce.number().positive(), z.coerce.number().int().positive()], z.coerce.number().int().positive())
  .parse(process.argv.slice(2));

const { sqlite } = getConnection();
const synchronous = z.number().parse(sqlite.pragma("synchronous", { simple: true }));
const flipper = statusFlipper("status-writer", reviewerId, claimIds);
const intervalMs = z.coerce.number().int().positive().optional().parse(process.env.WRITE_INTERVAL_MS || undefined);
const pause = new Int32Array(new SharedArrayBuffer(4));

let changes = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
while (performance.now() < deadline) {
  flipper.flip(changes);
  changes += 1;
  if (intervalMs) Atomics.wait(pause, 0, 0, Math.max(0, Math.min(intervalMs, deadline - performance.now())));
}
const elapsed = (performance.now() - started) / 1000;
closeDb();
// 2 is FULL: DESIGN.md's reliability rule, so the figure counts a real fsync per change.
console.log(JSON.stringify({ changes, seconds: elapsed, synchronous }));
