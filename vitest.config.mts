import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: path.resolve(import.meta.dirname, "$1") },
      // "server-only" throws outside React Server Components; tests are server code too.
      { find: /^server-only$/, replacement: path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts") },
    ],
  },
  test: {
    include: ["lib/**/*.test.ts", "lib/**/*.test.mjs", "db/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.tsx"],
    // Checks against the shared folder (the seed article, the claim data) are their own
    // command, `npm run test:shared`: a bare clone has nothing beside it.
    exclude: [...configDefaults.exclude, "**/*.shared.test.ts"],
    environment: "node",
    // Each file gets its own temporary database (lib/testing/database.ts).
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
