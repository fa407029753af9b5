// npm run audit:anchor [-- --append FILE]: takes the audit chain's head (id
// and hash), records it in the audit log as an "audit.anchored" event (the
// public list at /transparency shows every anchor), prints it and, with
// --append, adds it to a file kept outside the database, so
// audit:verify --anchor FILE can later catch truncation or rewriting.
import { z } from "zod";
import { recordAnchor } from "@/lib/admin/audit-log";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { parseOptions, runCli } from "./cli/cli";

void runCli(() => {
  const options = parseOptions(
    process.argv.slice(2),
    { append: { type: "string" } },
    z.object({ append: z.string().min(1).optional() }),
    "Usage: npm run audit:anchor [-- --append FILE]",
  );
  const anchor = recordAnchor({ by: SYSTEM_PRINCIPAL, file: options.append ?? null });
  console.log(JSON.stringify(anchor));
});
