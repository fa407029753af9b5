// npm run restore -- SRC: replaces the database (DATABASE_URL) with a backup,
// refusing one whose integrity or audit chain does not verify. Stop the app first.
import { parseArgs } from "node:util";
import { databaseFile } from "@/db/client";
import { describeCheck, restoreDatabase } from "@/lib/backup/backup";
import { runCli, UsageError } from "./cli/cli";

const USAGE = "Usage: npm run restore -- SRC   (stop the app first; the current database is kept beside it)";

void runCli(async () => {
  let positionals: string[];
  try {
    positionals = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: {} }).positionals;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  const [source, ...extra] = positionals;
  if (!source || extra.length > 0) throw new UsageError("Give exactly one backup file.", USAGE);
  const result = await restoreDatabase({ source, target: databaseFile() });
  if (result.keptAs) console.log(`the previous database is kept at ${result.keptAs}`);
  console.log(`restored ${source}: ${describeCheck(result)}`);
});
