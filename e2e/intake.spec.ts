import { expect, test, uniqueTag } from "./fixtures";
import { longReport } from "./fixtures/long-report";
import { ArticleView, bringIn } from "./support/intake-page";
import { axeViolations } from "./support/quality";

// The intake page on our own long report (e2e/fixtures/long-report.ts); the
// same checks on the seed article are in intake.shared.spec.ts.

test("a reviewer pastes a long report, accepts all check suggestions, rejects one with the keyboard and sees the claims highlighted", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const tag = uniqueTag();
  const headline = `Eastland round-up ${tag}`;

  await page.goto("/review");
  await page.getByRole("link", { name: "New article", exact: true }).click();
  await bringIn(page, longReport(headline), { outlet: "Eastland Courier" });
  await expect(page).toHaveURL(new RegExp(`/review/articles/eastland-round-up-${tag}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
  const view = new ArticleView(page);

  // Compact: one line per suggestion, check first, best first; the rest on demand.
  const total = await view.openCount();
  const checks = await view.count("Check");
  const maybes = await view.count("Maybe");
  expect(total).toBeGreaterThanOrEqual(25);
  expect(checks).toBeGreaterThanOrEqual(5);
  expect(checks + maybes).toBe(total);
  const first = view.row(1);
  await expect(view.group("Check").getByRole("listitem").first()).toHaveAttribute(
    "id",
    (await first.getAttribute("id")) ?? "",
  );
  const line = first.locator("> details > summary");
  const lineBox = await line.boundingBox();
  expect(lineBox?.height ?? 0).toBeLessThan(48);
  await expect(first.getByRole("list", { name: "Reasons" })).toBeHidden();
  await line.click();
  await expect(first.getByRole("list", { name: "Reasons" })).toBeVisible();
  await expect(first.getByRole("term").filter({ hasText: "Claimant" })).toBeVisible();
  const scores = (await view.group("Check").locator("li > details > summary > span:first-child").allTextContents()).map(
    (s) => Number(s.replace("score", "")),
  );
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  // Selecting a suggestion highlights its sentence in the text beside the list.
  const firstId = await view.idOf(first);
  await expect(view.markOf(firstId)).toHaveAttribute("data-selected", "true");
  await line.click();

  const checkSentences = await view.sentences(view.group("Check"));
  await page.getByRole("button", { name: `Accept all check (${checks})` }).click();
  await expect(view.status(`${checks} suggestions accepted as unverified claims.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: `Claims (${checks})` })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Suggested claims (${maybes})` })).toBeVisible();
  await expect(view.group("Check")).toHaveCount(0);

  // Keyboard: j selects the next suggestion, r rejects it; its sentence is highlighted while selected.
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  const ids = await view.rows().evaluateAll((rows) => rows.map((row) => row.getAttribute("data-suggestion-row")));
  expect(ids.length).toBeGreaterThanOrEqual(2);
  await page.keyboard.press("j");
  const selected = page.locator("li[data-selected]");
  await expect(selected).toHaveCount(1);
  const selectedId = await view.idOf(selected);
  const row = page.locator(`li[data-suggestion-row="${selectedId}"]`);
  await expect(view.markOf(selectedId)).toHaveAttribute("data-selected", "true");
  // Away and back: j unless it is the last row, then k.
  const last = ids.indexOf(selectedId) === ids.length - 1;
  await page.keyboard.press(last ? "k" : "j");
  await expect(row).not.toHaveAttribute("data-selected", "true");
  await expect(view.markOf(selectedId)).not.toHaveAttribute("data-selected", "true");
  await page.keyboard.press(last ? "j" : "k");
  await expect(row).toHaveAttribute("data-selected", "true");
  await page.keyboard.press("r");
  await expect(view.status("1 suggestion rejected.")).toBeVisible();
  await expect(page.getByRole("heading", { name: `Suggested claims (${maybes - 1})` })).toBeVisible();
  await expect(row).toHaveCount(0);
  // The next one takes its place, selected.
  await expect(selected).toHaveCount(1);

  await page.reload();
  // Every accepted sentence is a claim, highlighted in the text as unverified, linking to its workspace.
  await expect(view.claimMarks()).toHaveCount(checks);
  const marked = (await view.claimMarks().allTextContents()).join("\n");
  for (const sentence of checkSentences) expect(marked).toContain(sentence);
  await expect(view.claimMarks().first()).toContainText("Unverified");
  await expect(view.claimMarks().first().locator("a[href^='/review/claims/']")).toHaveCount(1);

  const violations = await axeViolations(page);
  expect.soft(violations, `axe on the reviewer's article view:\n${violations.join("\n")}`).toEqual([]);
  // At 390 px the list and the text are stacked, and nothing pushes the page sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const listBox = await page.locator("#suggestions-heading").boundingBox();
  const textBox = await page.locator("#text-heading").boundingBox();
  expect(textBox?.y ?? 0).toBeGreaterThan(listBox?.y ?? 0);
  const mobileViolations = await axeViolations(page);
  expect.soft(mobileViolations, `axe at 390 px:\n${mobileViolations.join("\n")}`).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The claims are in the review queue.
  await page.goto("/review");
  await expect(page.getByText(`${headline}`).first()).toBeVisible();
});

test("with shortcuts switched off, j and r do nothing; the switch holds for the next page too", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  await bringIn(page, longReport(`Shortcuts off ${uniqueTag()}`));
  const view = new ArticleView(page);
  const before = await view.openCount();
  await page.getByText("Keyboard shortcuts", { exact: true }).click();
  await expect(page.getByRole("term").filter({ hasText: /^j$/ })).toBeVisible();
  await page.getByLabel("Use single-key shortcuts").uncheck();
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  await page.keyboard.press("j");
  await page.keyboard.press("r");
  await expect(page.locator("li[data-selected]")).toHaveCount(0);
  await page.reload();
  await page.keyboard.press("j");
  await page.keyboard.press("r");
  await expect(page.locator("li[data-selected]")).toHaveCount(0);
  expect(await view.openCount()).toBe(before);
});

test("without JavaScript: tick and accept or reject, and make a claim by typing the article's words", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const signedIn = await newSession(reviewer);
  const page = await newSession(null, {
    storageState: await signedIn.context().storageState(),
    javaScriptEnabled: false,
  });
  const tag = uniqueTag();
  const body = longReport(`No script ${tag}`);
  await bringIn(page, body);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`No script ${tag}`);
  const view = new ArticleView(page);
  const before = await view.openCount();

  const [one, two] = [view.row(1), view.row(2)];
  const sentences = [
    (await one.locator("blockquote").textContent())?.trim() ?? "",
    (await two.locator("blockquote").textContent())?.trim() ?? "",
  ];
  await one.getByRole("checkbox").check();
  await two.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Accept ticked", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Claims (2)" })).toBeVisible();
  const marked = (await view.claimMarks().allTextContents()).join("\n");
  for (const sentence of sentences) expect(marked).toContain(sentence);

  await view.row(1).getByRole("checkbox").check();
  await page.getByRole("button", { name: "Reject ticked", exact: true }).click();
  await expect(page.getByRole("heading", { name: `Suggested claims (${before - 3})` })).toBeVisible();

  // No offsets anywhere: the reviewer types the words, the server finds them.
  await expect(page.getByLabel(/offset/i)).toHaveCount(0);
  const form = view.claimForm();
  await form
    .getByLabel("Words from the article", { exact: true })
    .fill("the National Statistics Office said on Tuesday");
  await form.getByLabel("Summary", { exact: true }).fill(`Statistics office (${tag})`);
  await form.getByRole("button", { name: "Create claim", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Claims (3)" })).toBeVisible();
  await expect(
    page
      .locator("#article-text mark[id^='claim-']")
      .filter({ hasText: "the National Statistics Office said on Tuesday" }),
  ).toHaveCount(1);

  // Words the article has twice, or not at all, are refused with what to do; what was typed stays.
  await form.getByLabel("Words from the article", { exact: true }).fill("did not respond to");
  await form.getByLabel("Summary", { exact: true }).fill("No reply");
  await form.getByRole("button", { name: "Create claim", exact: true }).click();
  const words = page.getByLabel("Words from the article", { exact: true });
  await expect(words).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#span-words-error")).toContainText("Those words appear 2 times in the article.");
  await expect(words).toHaveValue("did not respond to");
  await words.fill("inflation fell to zero");
  await page.getByRole("button", { name: "Create claim", exact: true }).click();
  await expect(page.locator("#span-words-error")).toContainText("Those words are not in the article's text.");
  await expect(page.getByRole("heading", { name: "Claims (3)" })).toBeVisible();
});

test("selecting words in the text makes a claim of exactly those words, with no offsets shown", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const tag = uniqueTag();
  await bringIn(page, longReport(`Selected by hand ${tag}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Selected by hand ${tag}`);
  const view = new ArticleView(page);

  // A phrase the report has twice: the selection says which one.
  const words = "did not respond to";
  await view.selectInText(words);
  const form = view.claimForm();
  await expect(form.getByLabel("Words from the article", { exact: true })).toHaveValue(words);
  await expect(page.getByText("Selected in the text.")).toBeVisible();
  await expect(page.getByText(/\d+–\d+/)).toHaveCount(0);
  const summary = `No reply (${tag})`;
  await form.getByLabel("Summary", { exact: true }).fill(summary);
  await form.getByLabel("Claimant", { exact: true }).fill("National Statistics Office");
  await form.getByRole("button", { name: "Create claim", exact: true }).click();
  await expect(view.status(`Claim “${summary}” created, unverified.`)).toBeVisible();
  const link = page.getByRole("link", { name: summary, exact: true });
  const slug = (await link.getAttribute("href"))?.replace("/review/claims/", "") ?? "";
  await expect(page.locator(`mark#claim-${slug} [data-offset]`)).toHaveText(words);
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
  const body = longReport(title);
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
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const tag = uniqueTag();
  const view = new ArticleView(page);
  await bringIn(page, longReport(`Original report ${tag}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Original report ${tag}`);
  const originalUrl = page.url();
  const sentence = (await view.row(1).locator("blockquote").textContent())?.trim() ?? "";
  const original = `First telling (${tag})`;
  await view.acceptWithEdits(view.row(1), original);

  await bringIn(page, longReport(`Second report ${tag}`));
  const again = page
    .locator("li[data-suggestion-row]")
    .filter({ has: page.locator("blockquote", { hasText: sentence }) });
  const summary = `Told again (${tag})`;
  await view.acceptWithEdits(again, summary);
  const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: summary, exact: true }) });
  await expect(item).toContainText("saying the same, with the same numbers");
  await item.getByRole("button", { name: `Link as duplicate of “${original}”` }).click();
  await expect(view.status("Linked:")).toBeVisible();
  await expect(item).toContainText(`Duplicate of Unverified ${original}`);

  await page.goto(originalUrl);
  const originalItem = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: original, exact: true }) });
  await expect(originalItem).toContainText("Linked to this claim as duplicates:");
  await expect(originalItem.getByRole("link", { name: summary, exact: true })).toBeVisible();
});
