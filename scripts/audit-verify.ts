// npm run audit:verify: recomputes the audit chain (DESIGN.md, Data: any edit,
// deletion or truncation of audit_events must be detectable).
import { z } from "zod";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import { parseOptions, runCli } from "./cli/cli";

void runCli(() => {
  parseOptions(process.argv.slice(2), {}, z.object({}), "Usage: npm run audit:verify");
  const check = verifyAuditChain(getConnection().sqlite);
  if (!check.ok) {
    console.error(`audit chain BROKEN at event #${check.firstBadId ?? "?"}: ${check.problem ?? "unknown problem"}`);
    process.exitCode = 1;
    return;
  }
  const head = check.headId === null ? "none (no events yet)" : `#${check.headId} ${check.headHash}`;
  console.log(`audit chain ok: ${check.count} events, head ${head}`);
});
