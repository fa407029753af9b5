// A separate process that changes claims through the app's own write path, for
// the crash-safety and concurrency tests. It prints "ack CLAIM VERSION" only
// after a change has committed, with a synchronous write, so every printed
// line is a change the app acknowledged.
import fs from "node:fs";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/principal";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { setClaimStatus } from "@/lib/claims/claims";
import { ConflictError, isAppError } from "@/lib/errors";

const args = z
  .object({
    mode: z.enum(["crash", "race"]),
    userId: z.coerce.number().int().positive(),
    iterations: z.coerce.number().int().positive(),
    slugs: z.array(z.string().min(1)).min(1),
  })
  .parse({
    mode: process.argv[2],
    userId: process.argv[3],
    iterations: process.argv[4],
    slugs: process.argv.slice(5),
  });

const by: SessionUser = { kind: "user", id: args.userId, name: "worker", email: "worker@claimtrail.test", role: "reviewer" };
const say = (line: string) => fs.writeSync(1, `${line}\n`);

for (let n = 0; n < args.iterations; n += 1) {
  const slug = args.slugs[n % args.slugs.length] ?? args.slugs[0] ?? "";
  const claim = getClaimWorkspace({ by, slug });
  if (!claim) throw new Error(`no claim ${slug}`);
  // In the race, one attempt in five is deliberately stale: the version check must refuse it.
  const stale = args.mode === "race" && n % 5 === 4;
  try {
    const result = setClaimStatus({
      by,
      claimId: claim.id,
      expectedVersion: stale ? claim.version - 1 : claim.version,
      status: claim.status === "sourced" ? "disputed" : "sourced",
      rationale: `change ${process.pid}-${n}`,
    });
    say(`ack ${claim.id} ${result.version}`);
  } catch (error) {
    if (error instanceof ConflictError) say(`conflict ${claim.id}${stale ? " stale" : ""}`);
    else if (isAppError(error)) say(`refused ${claim.id} ${error.message}`);
    else {
      say(`error ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  }
}
