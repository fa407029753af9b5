import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, test, uniqueTag } from "./fixtures";
import { axeViolations } from "./support/quality";

// DESIGN.md: the project keeps no copy of the article; tests read it from ../shared/fixtures.
const SEED_BODY = fs.readFileSync(path.resolve(process.cwd(), "..", "shared", "fixtures", "seed-article.txt"), "utf8");

/**
 * The seed article under a headline of its own: other specs bring the bare
 * text in, and the desk refuses the same text twice.
 */
function seedCopy(headline: string): string {
  return `${headline}\n\n${SEED_BODY}`;
}

async function bringIn(page: Page, body: string, fields: { title?: string; outlet?: string } = {}): Promise<void> {
  await page.goto("/review/articles/new");
  await page.getByLabel("Article text", { exact: true }).fill(body);
  if (fields.title !== undefined) await page.getByLabel("Title", { exact: true }).fill(fields.title);
  if (fields.outlet !== undefined) await page.getByLabel("Outlet", { exact: true }).fill(fields.outlet);
  await page.getByRole("button", { name: "Bring in and find claims" }).click();
}

function suggestion(page: Page, rank: number): Locator {
  return page.getByRole("listitem", { name: `Suggestion ${rank}`, exact: true });
}

/** Opens the suggestion's accept form, sets the summary and accepts it; returns the sentence it quoted. */
async function accept(page: Page, card: Locator, summary: string): Promise<string> {
  const sentence = (await card.locator("blockquote").innerText()).trim();
  await card.getByText("Accept as a claim…").click();
  await card.getByLabel("Summary", { exact: true }).fill(summary);
  await card.getByRole("button", { name: "Accept as claim", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Claim “${summary}” created, unverified.` })).toBeVisible();
  return sentence;
}

test("a reviewer pastes the seed article, accepts three suggestions and sees them highlighted as claims", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const tag = uniqueTag();
  const headline = `Turkey and Iran draw closer ${tag}`;

  await page.goto("/review");
  await page.getByRole("link", { name: "New article", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New article");
  // No title typed: the desk takes the first line of the text.
  await bringIn(page, seedCopy(headline), { outlet: "Fox News" });
  await expect(page).toHaveURL(new RegExp(`/review/articles/turkey-and-iran-draw-closer-${tag}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);

  const suggestionsHeading = page.getByRole("heading", { name: /^Suggested claims \(\d+\)$/ });
  const countBefore = Number(/\((\d+)\)/.exec(await suggestionsHeading.innerText())?.[1]);
  // The 13 sentences a fact-checker would check, and a few more worth a look.
  expect(countBefore).toBeGreaterThanOrEqual(13);
  const first = suggestion(page, 1);
  await expect(first.getByRole("list", { name: "Reasons" })).toBeVisible();
  await expect(first.getByRole("term").filter({ hasText: "Claimant" })).toBeVisible();
  // Claimants are found: "Taleblu further explained that…".
  await expect(
    page
      .getByRole("definition")
      .filter({ hasText: /^Taleblu$/ })
      .first(),
  ).toBeVisible();

  const accepted: { summary: string; sentence: string }[] = [];
  for (let i = 1; i <= 3; i += 1) {
    // An accepted suggestion leaves the list, so the best open one is always number 1.
    const summary = `Intake claim ${i} (${tag})`;
    accepted.push({ summary, sentence: await accept(page, suggestion(page, 1), summary) });
  }
  await expect(page.getByRole("heading", { name: `Suggested claims (${countBefore - 3})` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Claims (3)" })).toBeVisible();

  await page.reload();
  const violations = await axeViolations(page);
  expect.soft(violations, `axe on the reviewer's article view:\n${violations.join("\n")}`).toEqual([]);
  // Readable at 360 px: nothing pushes the page sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1280, height: 800 });
  const claims = page.locator("section").filter({ has: page.getByRole("heading", { name: "Claims (3)" }) });
  for (const { summary, sentence } of accepted) {
    const link = claims.getByRole("link", { name: summary, exact: true });
    await expect(link).toBeVisible();
    const slug = (await link.getAttribute("href"))?.replace("/review/claims/", "") ?? "";
    // Highlighted in the text, by status, linking to the claim's workspace.
    const mark = page.locator(`mark#claim-${slug}`);
    await expect(mark).toContainText(sentence);
    await expect(mark).toContainText("Unverified");
    await expect(mark.locator(`a[href="/review/claims/${slug}"]`)).toHaveCount(1);
  }

  // Each is a claim of its own, unverified, in the review queue and its workspace.
  const [firstClaim] = accepted;
  if (!firstClaim) throw new Error("nothing accepted");
  await claims.getByRole("link", { name: firstClaim.summary, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(firstClaim.summary);
  await expect(page.locator("blockquote", { hasText: firstClaim.sentence }).first()).toBeVisible();
  await page.goto("/review");
  for (const { summary } of accepted)
    await expect(page.getByRole("link", { name: summary, exact: true })).toBeVisible();

  // The articles list shows it, newest first.
  await page.getByRole("link", { name: "Articles", exact: true }).click();
  await expect(page.getByRole("row").nth(1)).toContainText(headline);
});

test("an empty text gets a field error without JavaScript, and nothing is brought in", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const signedIn = await newSession(reviewer);
  const page = await newSession(null, {
    storageState: await signedIn.context().storageState(),
    javaScriptEnabled: false,
  });
  const title = `Nothing pasted ${uniqueTag()}`;
  await page.goto("/review/articles/new");
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("URL", { exact: true }).fill("not a web address");
  await page.getByRole("button", { name: "Bring in and find claims" }).click();

  const body = page.getByLabel("Article text", { exact: true });
  await expect(body).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#article-body-error")).toHaveText("Paste the article text.");
  await expect(page.locator("#article-url-error")).toHaveText("Enter a full http(s) URL.");
  // What was typed comes back.
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await page.goto("/review/articles");
  await expect(page.getByText(title)).toHaveCount(0);
});

test("the same text twice is caught and points to the article already there", async ({ createUser, newSession }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const title = `Brought in once ${uniqueTag()}`;
  const body = seedCopy(title);
  await bringIn(page, body, { title });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const firstUrl = page.url();

  await bringIn(page, body, { title: "A second copy" });
  await expect(
    page.getByRole("alert").filter({ hasText: `This text was already brought in as “${title}”.` }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/review\/articles\/new$/);
  await expect(page.getByLabel("Article text", { exact: true })).toHaveAttribute("aria-invalid", "true");
  const violations = await axeViolations(page);
  expect.soft(violations, `axe on the refused intake form:\n${violations.join("\n")}`).toEqual([]);
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page).toHaveURL(firstUrl);
  await page.goto("/review/articles");
  await expect(page.getByRole("link", { name: "A second copy" })).toHaveCount(0);
});

test("a claim already made in another article is offered as a duplicate, and linking shows both ways", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const tag = uniqueTag();
  // Sentence 10 (the Foreign Ministry spokesperson) in an article of its own.
  const original = await createClaim({
    sentence: 10,
    summary: `Haiat condemned Erdogan (${tag})`,
    articleTitle: `Original report ${tag}`,
  });
  const page = await newSession(reviewer);
  await bringIn(page, seedCopy(`Second report ${tag}`));
  const card = page.getByRole("listitem").filter({ has: page.locator("blockquote", { hasText: original.text }) });
  const summary = `Haiat condemned Erdogan again (${tag})`;
  await accept(page, card, summary);

  const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: summary, exact: true }) });
  await expect(item).toContainText("saying the same, with the same numbers");
  await item.getByRole("button", { name: `Link as duplicate of “${original.summary}”` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Linked:" })).toBeVisible();
  await expect(item).toContainText(`Duplicate of Unverified ${original.summary}`);

  // The original's article shows the link the other way.
  await page.goto(`/review/articles/${original.articleSlug}`);
  const originalItem = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: original.summary, exact: true }) });
  await expect(originalItem).toContainText("Linked to this claim as duplicates:");
  await expect(originalItem.getByRole("link", { name: summary, exact: true })).toBeVisible();
});

test("selecting words in the text fills in their offsets and makes a claim of exactly those words", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const tag = uniqueTag();
  const body = seedCopy(`Selected by hand ${tag}`);
  await bringIn(page, body);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selected by hand ${tag}`);

  // Words inside a sentence, as a reader would drag over them.
  const words = "the two non-Arab Muslim Middle Eastern powers";
  const start = body.indexOf(words);
  await page.evaluate((target) => {
    const pieces = [...document.querySelectorAll<HTMLElement>("#article-text [data-offset]")];
    const piece = pieces.find((p) => p.textContent?.includes(target));
    const node = piece?.firstChild;
    if (!piece || !node) throw new Error("words not found in the text");
    const at = (piece.textContent ?? "").indexOf(target);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + target.length);
    const selection = document.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }, words);
  await expect(page.getByLabel("Start offset", { exact: true })).toHaveValue(String(start));
  await expect(page.getByLabel("End offset", { exact: true })).toHaveValue(String(start + words.length));
  await expect(page.getByText(`Selected characters ${start}–${start + words.length}: “${words}”`)).toBeVisible();

  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create claim", exact: true }) });
  const summary = `Two non-Arab powers (${tag})`;
  await form.getByLabel("Summary", { exact: true }).fill(summary);
  await form.getByLabel("Claimant", { exact: true }).fill("Taleblu");
  await form.getByRole("button", { name: "Create claim", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `Claim “${summary}” created, unverified.` })).toBeVisible();
  const link = page.getByRole("link", { name: summary, exact: true });
  const slug = (await link.getAttribute("href"))?.replace("/review/claims/", "") ?? "";
  await expect(page.locator(`mark#claim-${slug} [data-offset]`)).toHaveText(words);
});
