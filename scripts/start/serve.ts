// Serves the build in .next with the same server processes as `npm start`
// (scripts/start/cluster.ts), without the rest of its set-up: no secret
// made, no demo desk, no build. For the browser tests' extra servers, which
// run from the suite's build on databases of their own. Migrates first, in
// this one process, so the workers never race to.
import os from "node:os";
import { closeDb, getConnection } from "@/db/client";
import { startCluster } from "./cluster";
import { serverEnv, serverSettings } from "./settings";

const parsed = serverSettings(process.env, os.availableParallelism());
if (!parsed.ok) {
  console.error(`claimtrail: ${parsed.error}`);
  process.exit(2);
}
getConnection();
closeDb();
const running = startCluster({ workers: parsed.settings.workers, env: serverEnv(process.env, parsed.settings) });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void running.stop());
void running.done.then((code) => process.exit(code));
