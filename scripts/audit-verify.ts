// npm run audit:verify [-- --anchor FILE]: recomputes the audit chain
// (DESIGN.md, Data: any edit, deletion or truncation of audit_events must be
// detectable). With anchors written earlier by audit:anchor it also catches a
// log cut back or rewritten behind them.
import { z } from "zod";
import { getConnection } from "@/db/client";
import { checkAnchors, readAnchors } from "@/lib/audit/anchor";
import { verifyAuditChainInParallel } from "@/lib/audit/verify-parallel";
import { parseOptions, runCli, UsageError } from "./cli/cli";

const USAGE = "Usage: npm run audit:verify [-- --anchor FILE]";

void runCli(async () => {
  const options = parseOptions(
    process.argv.slice(2),
    { anchor: { type: "string" } },
    z.object({ anchor: z.string().min(1).optional() }),
    USAGE,
  );
  let anchors: ReturnType<typeof readAnchors> = [];
  if (options.anchor) {
    try {
      anchors = readAnchors(options.anchor);
    } catch (error) {
      throw new UsageError(`cannot read anchors: ${error instanceof Error ? error.message : String(error)}`, USAGE);
    }
  }
  const { sqlite } = getConnection();
  const check = await verifyAuditChainInParallel(sqlite);
  if (!check.ok) {
    console.error(`audit chain BROKEN at event #${check.firstBadId ?? "?"}: ${check.problem ?? "unknown problem"}`);
    process.exitCode = 1;
    return;
  }
  const anchorProblems = checkAnchors(sqlite, anchors);
  if (anchorProblems.length > 0) {
    for (const { problem } of anchorProblems) console.error(`audit chain BROKEN at event #${anchorProblems[0]?.anchor.id}: ${problem}`);
    process.exitCode = 1;
    return;
  }
  const head = check.headId === null ? "none (no events yet)" : `#${check.headId} ${check.headHash}`;
  const anchored = options.anchor ? `; ${anchors.length} anchor${anchors.length === 1 ? "" : "s"} hold` : "";
  console.log(`audit chain ok: ${check.count} events, head ${head}${anchored}`);
});
