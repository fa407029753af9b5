// Transitional: the script runner lives in lib/testing/run-script.ts. This
// path stays only for lib/extraction/extract-cli.test.ts, whose seed-article
// checks are moving to a *.shared.test.ts; delete this file with that move.
import path from "node:path";
import { sharedDir } from "@/lib/testing/shared-fixtures";

export { runScript } from "@/lib/testing/run-script";
export const fixturesDir = path.join(sharedDir, "fixtures");
