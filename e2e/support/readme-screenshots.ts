/**
 * The screenshots README.md shows a newcomer: the review queue, a claim's
 * workspace, the intake form (from an address or pasted) and an article's
 * claims, at 1440 px (light and dark) and the
 * queue at 390 px. Taken against the demo desk that `npm start` loads.
 *
 *   BASE_URL=http://127.0.0.1:PORT EMAIL=… PASSWORD=… npx tsx e2e/support/readme-screenshots.ts docs/screenshots
 *
 * Needs a running desk (`npm start`, or `next start` on a seeded database).
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { z } from "zod";
import { signedInPage } from "./signed-in-browser";

const folder = z.string().min(1, "Give the folder, e.g. docs/screenshots.").parse(process.argv[2]);

type Scheme = "light" | "dark";

async function shoot(page: Page, url: string, file: string, scheme: Scheme, width: number, height: number) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width, height });
  await page.goto(url);
  await page.waitForLoadState("load");
  await page.evaluate(() => document.fonts.ready);
  const target = path.join(folder, file);
  await page.screenshot({ path: target });
  console.log(`wrote ${target}`);
}

async function main(): Promise<void> {
  fs.mkdirSync(folder, { recursive: true });
  const { browser, page } = await signedInPage();

  // The workspace of the claim with the most to show: the first row of the queue sorted by the demo's order.
  await page.goto("/review");
  const claimUrl = await page.locator("a[href^='/review/claims/']").first().getAttribute("href");
  await page.goto("/review/articles");
  const articleUrl = await page.locator("a[href^='/review/articles/']:not([href$='/new'])").first().getAttribute("href");
  if (!claimUrl || !articleUrl) throw new Error("The desk has no claims or articles: load the demo desk first.");

  for (const scheme of ["light", "dark"] as const) {
    const suffix = scheme === "light" ? "" : "-dark";
    await shoot(page, "/review", `queue-1440${suffix}.png`, scheme, 1440, 900);
    await shoot(page, claimUrl, `workspace-1440${suffix}.png`, scheme, 1440, 900);
    await shoot(page, "/review/articles/new", `intake-1440${suffix}.png`, scheme, 1440, 900);
    await shoot(page, articleUrl, `article-1440${suffix}.png`, scheme, 1440, 900);
  }
  await shoot(page, "/review", "queue-390.png", "light", 390, 844);
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
