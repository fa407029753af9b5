// npm run backup -- DEST: an online backup of the live database (safe while
// the app serves), checked (integrity, foreign keys, audit chain, triggers)
// before it is accepted; prints the backup's audit head hash.
import { parseArgs } from "node:util";
import { getConnection } from "@/db/client";
import { backupDatabase, describeCheck } from "@/lib/backup/backup";
import { runCli, UsageError } from "./cli/cli";

const USAGE = "Usage: npm run backup -- DEST   (DEST: a new file for the backup)";

void runCli(async () => {
  let positionals: string[];
  try {
    positionals = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true, options: {} }).positionals;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), USAGE);
  }
  const [destination, ...extra] = positionals;
  if (!destination || extra.length > 0) throw new UsageError("Give exactly one destination file.", USAGE);
  const check = await backupDatabase({ source: getConnection().sqlite, destination });
  console.log(`backup written to ${destination}: ${describeCheck(check)}`);
});
