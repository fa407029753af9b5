import fs from "node:fs";
import path from "node:path";

/**
 * The shared folder laid beside the checkout (the seed article, the claim
 * data), or CLAIMTRAIL_SHARED_DIR. Only the `*.shared.test.ts` and
 * `*.shared.spec.ts` checks read it (`npm run test:shared`); `npm test` never
 * does, because a bare clone has nothing beside it.
 */
export const sharedDir = process.env.CLAIMTRAIL_SHARED_DIR ?? path.resolve(import.meta.dirname, "..", "..", "..", "shared");

/** The path of a file in the shared folder, or a clear error naming what is missing. */
export function sharedFile(...parts: string[]): string {
  const file = path.join(sharedDir, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the shared checks need the shared folder beside the checkout (CI lays it there).`);
  }
  return file;
}
