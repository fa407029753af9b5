// npm run db:migrate: opening the database applies any pending drizzle migrations (db/client.ts).
import { z } from "zod";
import { getConnection } from "@/db/client";
import { parseOptions, runCli } from "./cli/cli";

void runCli(() => {
  parseOptions(process.argv.slice(2), {}, z.object({}), "Usage: npm run db:migrate");
  const { file } = getConnection();
  console.log(`${file}: migrations applied`);
});
