import fs from "node:fs";
import path from "node:path";
import { parseLabels } from "@/lib/extraction/labels";

/**
 * The shared folder laid beside the checkout (the seed article, the claim
 * data), or CLAIMTRAIL_SHARED_DIR. Only the `*.shared.test.ts` and
 * `*.shared.spec.ts` checks read it (`npm run test:shared`); `npm test` never
 * does, because a bare clone has nothing beside it.
 */
// __dirname, not import.meta: Playwright loads this file as CommonJS.
export const sharedDir = process.env.CLAIMTRAIL_SHARED_DIR ?? path.resolve(__dirname, "..", "..", "..", "shared");

/** The path of a file in the shared folder, or a clear error naming what is missing. */
export function sharedFile(...parts: string[]): string {
  const file = path.join(sharedDir, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the shared checks need the shared folder beside the checkout (CI lays it there).`);
  }
  return file;
}

/** The seed article and its labels, read from the shared folder (the project keeps no copy of its text). */
export function seedArticle() {
  const file = sharedFile("fixtures", "seed-article.txt");
  const labelsFile = sharedFile("fixtures", "seed-article.claims.json");
  const body = fs.readFileSync(file, "utf8");
  const labels = parseLabels(fs.readFileSync(labelsFile, "utf8"), body, labelsFile);
  return { file, labelsFile, body, labels };
}
