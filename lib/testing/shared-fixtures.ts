import fs from "node:fs";
import path from "node:path";

/**
 * ../shared beside the checkout: the seed article and the claim data. Only the
 * `*.shared.test.ts` and `*.shared.spec.ts` checks read it (`npm run test:shared`).
 */
export const sharedDir = path.resolve(import.meta.dirname, "../../../shared");

/** The path of a file under ../shared, or a clear error naming what is missing. */
export function sharedFile(...parts: string[]): string {
  const file = path.join(sharedDir, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: the shared checks need ../shared beside the checkout (CI lays it there).`);
  }
  return file;
}
