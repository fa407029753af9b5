// npm run audit:anchor [-- --append FILE]: prints the audit chain's head (id
// and hash) and, with --append, adds it to a file kept outside the database,
// so audit:verify --anchor FILE can later catch truncation or rewriting.
import { z } from "zod";
import { getConnection } from "@/db/client";
import { appendAnchor, currentAnchor } from "@/lib/audit/anchor";
import { parseOptions, runCli } from "./cli/cli";

void runCli(() => {
  const options = parseOptions(
    process.argv.slice(2),
    { append: { type: "string" } },
    z.object({ append: z.string().min(1).optional() }),
    "Usage: npm run audit:anchor [-- --append FILE]",
  );
  const anchor = currentAnchor(getConnection().sqlite);
  if (!anchor) {
    console.error("error: the audit log is empty; there is nothing to anchor yet.");
    process.exitCode = 1;
    return;
  }
  if (options.append) appendAnchor(options.append, anchor);
  console.log(JSON.stringify(anchor));
});
