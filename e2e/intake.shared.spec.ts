import fs from "node:fs";
import { z } from "zod";
import { sharedFile } from "../lib/testing/shared-fixtures";
import { expect, test, uniqueTag } from "./fixtures";
import { ArticleView, bringIn } from "./support/intake-page";
import { axeViolations } from "./support/quality";

// The intake page on the seed article, read from the shared folder (the
// project keeps no copy of it): `npm run test:e2e:shared`.

const SEED_BODY = fs.readFileSync(sharedFile("fixtures", "seed-article.txt"), "utf8");
const SEED_LABELS = z
  .object({ sentences: z.array(z.object({ n: z.number(), text: z.string(), label: z.string() })) })
  .parse(JSON.parse(fs.readFileSync(sharedFile("fixtures", "seed-article.claims.json"), "utf8")));

/** The seed article under a headline of its own: other specs bring the bare text in, and the desk refuses the same text twice. */
function seedCopy(headline: string): string {
  return `${headline}\n\n${SEED_BODY}`;
}

test("a reviewer pastes the seed article, accepts all check suggestions, rejects one with the keyboard and sees the claims highlighted", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const tag = uniqueTag();
  const headline = `Turkey and Iran draw closer ${tag}`;
  await bringIn(page, seedCopy(headline), { outlet: "Fox News" });
  await expect(page).toHaveURL(new RegExp(`/review/articles/turkey-and-iran-draw-closer-${tag}$`));
  const view = new ArticleView(page);

  // The 13 sentences a fact-checker would check are all suggested (the extractor's own checks judge the rest).
  const suggested = await view.sentences(page.locator("body"));
  const checks = SEED_LABELS.sentences.filter((s) => s.label === "check");
  expect(checks).toHaveLength(13);
  for (const s of checks) expect(suggested, `sentence ${s.n}`).toContain(s.text.trim());
  // Claimants are found: "Taleblu further explained that…".
  // Inside the closed rows, so out of the accessibility tree until opened: found by element.
  await expect(
    page
      .locator("li[data-suggestion-row] dd")
      .filter({ hasText: /^Taleblu$/ })
      .first(),
  ).toBeAttached();

  const checkCount = await view.count("Check");
  const maybeCount = await view.count("Maybe");
  expect(checkCount).toBeGreaterThan(0);
  const checkSentences = await view.sentences(view.group("Check"));
  await page.getByRole("button", { name: `Accept all check (${checkCount})` }).click();
  await expect(
    view.status(`${checkCount === 1 ? "1 suggestion" : `${checkCount} suggestions`} accepted as unverified claims.`),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: `Claims (${checkCount})` })).toBeVisible();

  if (maybeCount > 0) {
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await page.keyboard.press("j");
    const selected = page.locator("li[data-selected]");
    await expect(selected).toHaveCount(1);
    const id = await view.idOf(selected);
    await expect(view.markOf(id)).toHaveAttribute("data-selected", "true");
    await page.keyboard.press("r");
    await expect(view.status("1 suggestion rejected.")).toBeVisible();
    await expect(page.getByRole("heading", { name: `Suggested claims (${maybeCount - 1})` })).toBeVisible();
    await expect(page.locator(`li[data-suggestion-row="${id}"]`)).toHaveCount(0);
  }

  await page.reload();
  await expect(view.claimMarks()).toHaveCount(checkCount);
  const marked = (await view.claimMarks().allTextContents()).join("\n");
  for (const sentence of checkSentences) expect(marked).toContain(sentence);
  for (const mark of await view.claimMarks().all()) {
    await expect(mark).toContainText("Unverified");
    await expect(mark.locator("a[href^='/review/claims/']")).toHaveCount(1);
  }
  const violations = await axeViolations(page);
  expect.soft(violations, `axe on the reviewer's article view:\n${violations.join("\n")}`).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
