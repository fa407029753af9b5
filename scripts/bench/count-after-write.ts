// Count-after-write (issue #15): the review queue keeps its counts per view
// until the desk changes (lib/claims/queue.ts), so the first queue read after
// any write recounts every view it shows. This times exactly that, in a
// process of its own against the benchmark's database: one status change
// through setClaimStatus, then listReviewQueue for each of the bench's queue
// views, repeated. Run by scripts/bench.ts:
//   DATABASE_URL=… node --conditions=react-server --import tsx scripts/bench/count-after-write.ts ROUNDS REVIEWER_ID CLAIM_ID…
// Prints one line of JSON: {"rounds":N,"samples":[ms, …]} (one sample per view read).
import { z } from "zod";
import { closeDb } from "@/db/client";
import { listReviewQueue, parseQueueFilters } from "@/lib/claims/queue";
import { QUEUE_VIEWS } from "./results";
import { statusFlipper } from "./status-flipper";

const [rounds, reviewerId, ...claimIds] = z
  .tuple([z.coerce.number().int().positive(), z.coerce.number().int().positive()], z.coerce.number().int().positive())
  .parse(process.argv.slice(2));
const { by, flip } = statusFlipper("count-after-write", reviewerId, claimIds);

const views = QUEUE_VIEWS.map(({ path }) => parseQueueFilters(Object.fromEntries(new URL(path, "http://bench").searchParams)));
// Warm the statements and SQLite's page cache once, as a running server has.
for (const filters of views) listReviewQueue({ by, filters });

const samples: number[] = [];
for (let round = 0; round < rounds; round++) {
  flip(round);
  for (const filters of views) {
    const started = performance.now();
    const page = listReviewQueue({ by, filters });
    samples.push(performance.now() - started);
    if (page.counts.total <= 0) throw new Error("count-after-write: the queue counted no claims.");
  }
}
closeDb();
console.log(JSON.stringify({ rounds, samples }));
