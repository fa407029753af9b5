import fs from "node:fs";
import { defineConfig, devices, type ReporterDescription } from "@playwright/test";

// scripts/test-e2e.ts starts the production server on a free port with a fresh database and sets these.
const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) throw new Error("E2E_BASE_URL is not set: run the browser tests with `npm run test:e2e`.");

/** CHROMIUM_PATH, else Debian's chromium, else Playwright's own browser (never downloaded here). */
function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH?.trim();
  if (fromEnv) return fromEnv;
  return fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

const reporter: ReporterDescription[] = [["list"]];
// .ci/run counts passed and failed tests from this file.
if (process.env.PLAYWRIGHT_JSON_OUTPUT_NAME) reporter.push(["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME }]);

// Specs that read the shared folder (the seed article) are their own run,
// `npm run test:e2e:shared`: a bare clone has nothing beside it.
const sharedOnly = process.env.E2E_SHARED === "1";

export default defineConfig({
  testDir: "e2e",
  ...(sharedOnly ? { testMatch: "**/*.shared.spec.ts" } : { testIgnore: "**/*.shared.spec.ts" }),
  outputDir: "test-results/playwright",
  // One server, two cores, argon2 on every sign-in: one worker keeps timings predictable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // Flaky tests get fixed, not retried.
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter,
  use: {
    baseURL,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "off",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumExecutable(),
          args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        },
      },
    },
  ],
});
