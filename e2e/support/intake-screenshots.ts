/**
 * Screenshots of the reviewer's article view with a long report pasted, at
 * 1440 and 390 px wide (full page), and what they measure: page height and
 * how many suggestions the first screen shows.
 *
 *   BASE_URL=http://127.0.0.1:PORT EMAIL=… PASSWORD=… tsx e2e/support/intake-screenshots.ts docs/intake/after
 *
 * Writes PREFIX-1440.png and PREFIX-390.png. Needs a running desk (`next start`).
 */
import type { Page } from "@playwright/test";
import { z } from "zod";
import { signedInPage } from "./signed-in-browser";
import { longReport } from "../fixtures/long-report";

const prefix = z.string().min(1, "Give the file prefix, e.g. docs/intake/after.").parse(process.argv[2]);

async function suggestionsInFirstScreen(page: Page): Promise<number> {
  return page.evaluate(() => {
    // Before: a card per suggestion; after: a row per suggestion. Both are list items with a suggestion-N id.
    const rows = [...document.querySelectorAll<HTMLElement>("li[id^='suggestion-']")];
    return rows.filter((row) => {
      const box = row.getBoundingClientRect();
      return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    }).length;
  });
}

async function main(): Promise<void> {
  const { browser, page } = await signedInPage();
  await page.goto("/review/articles/new");
  await page.getByLabel("Article text", { exact: true }).fill(longReport(`A long report, ${Date.now()}`));
  await page.getByRole("button", { name: "Bring in and find claims" }).click();
  await page.waitForURL(/\/review\/articles\/(?!new)[^/]+$/);
  const url = page.url();
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(url);
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    const all = await page.locator("li[id^='suggestion-']").count();
    // The first screen after scrolling the list's heading to the top: what a reviewer sees while working.
    await page.locator("#suggestions-heading").evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    const visible = await suggestionsInFirstScreen(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${prefix}-${width}.png`, fullPage: true });
    console.log(
      JSON.stringify({
        width,
        pageHeight: total,
        suggestions: all,
        visibleFromListTop: visible,
        sidewaysScroll: sideways,
      }),
    );
  }
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
