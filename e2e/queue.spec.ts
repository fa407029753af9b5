/**
 * Issue #13, item 2: the review queue as a dense work list. Fifty claims on
 * one screen-and-a-bit at 1440 × 900 and as cards at 390 px, both without
 * sideways scroll; j/k/Enter/x by keyboard and the shared switch that turns
 * them off; sortable headers that keep the filters.
 */
import type { Page } from "@playwright/test";
import { createClaim, createClaims, expect, test, uniqueTag } from "./fixtures";

function rows(page: Page) {
  return page.locator("#queue-claims tbody tr");
}

/** How far the document scrolls sideways (0 when it fits the window). */
function sidewaysOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("fifty claims at 1440 × 900: no row taller than 80 px, within four screens, and no sideways scroll at 1440 or 390 px", async ({
  createUser,
  newSession,
}) => {
  const tag = uniqueTag();
  const claims = await createClaims(50, {
    articleTitle: `A deliberately long article title for the dense queue, so its column must cut it short (${tag})`,
    summary: `Claim long enough for two lines in the queue's claim column ${tag}`,
    claimant: `The Hamas-controlled Gaza Health Ministry, via its Telegram channel ${tag}`,
  });
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer, { viewport: { width: 1440, height: 900 } });
  await page.goto(`/review?article=${claims[0]?.articleSlug ?? ""}`);
  await expect(rows(page)).toHaveCount(50);

  const heights = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThanOrEqual(80);
  const tableHeight = await page.locator("#queue-claims").evaluate((t) => t.getBoundingClientRect().height);
  expect(tableHeight).toBeLessThanOrEqual(4 * 900);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);

  // The article is cut short on screen, its full title kept for the pointer and in the text.
  const article = rows(page)
    .first()
    .getByRole("link", { name: /deliberately long article title/ });
  await expect(article).toHaveAttribute("title", new RegExp(`\\(${tag}\\)$`));
  await expect(article).toHaveText(new RegExp(`\\(${tag}\\)$`));
  expect(
    await article.evaluate((a) => {
      const cell = a.closest("td");
      return cell ? cell.scrollWidth > cell.clientWidth : false;
    }),
  ).toBe(true);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(rows(page)).toHaveCount(50);
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  // A card: the claim link and the checkbox of every row still there and visible.
  await expect(
    rows(page)
      .first()
      .getByRole("link", { name: claims[49]?.summary ?? "" }),
  ).toBeVisible();
  await expect(rows(page).first().getByRole("checkbox")).toBeVisible();
});

test("j and k move the current row, Enter opens it, x ticks it; with the shortcuts off the keys do nothing", async ({
  createUser,
  newSession,
}) => {
  const tag = uniqueTag();
  const claims = await createClaims(4, { articleTitle: `Keyboard queue ${tag}`, summary: `Keyboard claim ${tag}` });
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer, { viewport: { width: 1440, height: 900 } });
  const view = `/review?article=${claims[0]?.articleSlug ?? ""}`;
  await page.goto(view);
  // Newest first: #4, #3, #2, #1.
  const shown = [...claims].reverse();
  await expect(rows(page).getByRole("link", { name: /^Keyboard claim/ })).toHaveText(shown.map((c) => c.summary));
  const current = page.locator("#queue-claims tbody tr[data-current]");
  // The keys work once React has hydrated the page: the select-all box is drawn only then.
  await expect(page.getByRole("checkbox", { name: "Select all claims on this page" })).toBeVisible();

  await page.keyboard.press("j");
  await expect(current).toHaveCount(1);
  await expect(current.getByRole("link", { name: shown[0]?.summary ?? "" })).toBeFocused();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(current.getByRole("link", { name: shown[1]?.summary ?? "" })).toBeFocused();

  // x ticks the current row's box, and again clears it; the box carries the claim's id and version.
  const box = rows(page)
    .nth(1)
    .getByRole("checkbox", { name: `Select: ${shown[1]?.summary ?? ""}` });
  await page.keyboard.press("x");
  await expect(box).toBeChecked();
  await expect(box).toHaveAttribute("value", `${shown[1]?.id ?? 0}:1`);
  await expect(box).toHaveAttribute("form", "queue-bulk");
  await page.keyboard.press("x");
  await expect(box).not.toBeChecked();
  await page.keyboard.press("x");

  // Select all on this page, then clear all.
  const all = page.getByRole("checkbox", { name: "Select all claims on this page" });
  await expect(all).toHaveJSProperty("indeterminate", true);
  await all.check();
  await expect(rows(page).getByRole("checkbox", { checked: true })).toHaveCount(4);
  await all.uncheck();
  await expect(rows(page).getByRole("checkbox", { checked: true })).toHaveCount(0);

  // Enter opens the current claim, also when focus has left its link for the page.
  await page.keyboard.press("j");
  await expect(current.getByRole("link", { name: shown[2]?.summary ?? "" })).toBeFocused();
  await page.evaluate(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined,
  );
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/review/claims/${shown[2]?.slug ?? ""}$`));

  await test.step("a key typed in a field is the field's", async () => {
    await page.goto(view);
    await page.getByLabel("Stage", { exact: true }).focus();
    await page.keyboard.press("j");
    await expect(current).toHaveCount(0);
  });

  await test.step("with the shared switch off, j, x and Enter do nothing, on the next visit too", async () => {
    await page.getByText("Keyboard shortcuts", { exact: true }).click();
    await page.getByLabel("Use single-key shortcuts").uncheck();
    await page.reload();
    await expect(rows(page)).toHaveCount(4);
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await page.keyboard.press("Enter");
    await expect(current).toHaveCount(0);
    await expect(rows(page).getByRole("checkbox", { checked: true })).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`/review\\?article=${claims[0]?.articleSlug ?? ""}$`));
  });
});

test("a column header sorts by that column, a second click reverses it, and the filters stay", async ({
  createUser,
  newSession,
}) => {
  const tag = uniqueTag();
  const first = await createClaim({
    articleTitle: `Sorting queue ${tag}`,
    summary: `Sorted claim M (${tag})`,
    claimant: `Mid Agency ${tag}`,
  });
  const article = first.articleSlug;
  const zeta = await createClaim({
    articleSlug: article,
    summary: `Sorted claim Z (${tag})`,
    claimant: `Zeta Ministry ${tag}`,
  });
  const alpha = await createClaim({
    articleSlug: article,
    summary: `Sorted claim A (${tag})`,
    claimant: `Alpha Council ${tag}`,
  });
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer, { viewport: { width: 1440, height: 900 } });

  await page.goto(`/review?article=${article}`);
  // Every field of the filter bar is sent; the address comes back in its short form.
  await page.getByLabel("Status", { exact: true }).selectOption("unverified");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/review\\?status=unverified&article=${article}$`));

  const summaries = rows(page).getByRole("link", { name: /^Sorted claim/ });
  const header = (name: string) => page.getByRole("columnheader", { name: new RegExp(`^${name}`) });
  await expect(summaries).toHaveText([alpha.summary, zeta.summary, first.summary]);
  await expect(header("Updated")).toHaveAttribute("aria-sort", "descending");
  await expect(header("Claimant")).not.toHaveAttribute("aria-sort");

  await header("Claimant").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/review\\?status=unverified&article=${article}&sort=claimant$`));
  await expect(header("Claimant")).toHaveAttribute("aria-sort", "ascending");
  await expect(header("Updated")).not.toHaveAttribute("aria-sort");
  await expect(summaries).toHaveText([alpha.summary, first.summary, zeta.summary]);
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("unverified");

  await header("Claimant").getByRole("link").click();
  await expect(page).toHaveURL(/[?&]sort=claimant-desc$/);
  await expect(page).toHaveURL(/[?&]status=unverified(&|$)/);
  await expect(header("Claimant")).toHaveAttribute("aria-sort", "descending");
  await expect(summaries).toHaveText([zeta.summary, first.summary, alpha.summary]);

  // A filter applied now keeps the sort.
  await page.getByLabel("Assignee", { exact: true }).selectOption("unassigned");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(
    new RegExp(`/review\\?status=unverified&assignee=unassigned&article=${article}&sort=claimant-desc$`),
  );
  await expect(summaries).toHaveText([zeta.summary, first.summary, alpha.summary]);
});
