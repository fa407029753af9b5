import type { Page } from "@playwright/test";
import { expect, test, uniqueTag } from "./fixtures";

// Issue #13, item 4: a reviewer names the queue's filters and finds them again
// in the header; an editor shares a view with the desk.

/** Opens the header's Views menu and returns it. */
async function openViewsMenu(page: Page) {
  const menu = page
    .getByRole("banner")
    .locator("details")
    .filter({ has: page.locator("summary", { hasText: /^Views$/ }) });
  await menu.locator("summary").click();
  return menu;
}

/** Opens "Save this view" unless it is open already (it stays open after a save). */
async function openSaveView(page: Page) {
  const details = page.locator("details").filter({ has: page.locator("summary", { hasText: "Save this view" }) });
  if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
}

async function saveView(page: Page, name: string, options: { share?: boolean } = {}) {
  await openSaveView(page);
  await page.getByLabel("Name this view", { exact: true }).fill(name);
  if (options.share) await page.getByLabel("Share with the desk", { exact: true }).check();
  await page.getByRole("button", { name: "Save view", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "View saved." })).toBeVisible();
}

test("a reviewer saves the queue's filters as a view and reopens it from the header, count and all", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const claimant = `Views claimant ${tag}`;
  await createClaim({ claimant, summary: `First claim for a view ${tag}` });
  await createClaim({ claimant, summary: `Second claim for a view ${tag}` });
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);

  await page.goto(`/review?${new URLSearchParams({ claimant, status: "unverified", sort: "oldest" })}`);
  await expect(page.getByRole("main").getByText("2 claims", { exact: true })).toBeVisible();
  const name = `Unverified from ${tag}`;
  await saveView(page, name);

  await page.goto("/review");
  const menu = await openViewsMenu(page);
  const link = menu.getByRole("link", { name: `${name} 2 claims` });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/review\?/);
  const url = new URL(page.url());
  expect(Object.fromEntries(url.searchParams)).toEqual({ status: "unverified", claimant, sort: "oldest" });
  await expect(page.getByRole("main").getByText("2 claims", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: `First claim for a view ${tag}` })).toBeVisible();
  // The menu closed once the view was chosen.
  await expect(menu.getByRole("link", { name: "Manage views" })).toBeHidden();

  // A name already taken is refused, and what was typed stays.
  await saveView(page, `${name} again`);
  await openSaveView(page);
  await page.getByLabel("Name this view", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Save view", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already a view named" })).toBeVisible();
  await expect(page.getByLabel("Name this view", { exact: true })).toHaveValue(name);
});

test("an editor shares a view with the desk, and a reviewer then finds it, without the editor's controls", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const claimant = `Shared claimant ${tag}`;
  await createClaim({ claimant, summary: `Claim for a shared view ${tag}` });
  const editor = await createUser({ role: "editor" });
  const reviewer = await createUser({ role: "reviewer" });
  const editorPage = await newSession(editor);
  const reviewerPage = await newSession(reviewer);
  const name = `Desk view ${tag}`;

  await editorPage.goto(`/review?${new URLSearchParams({ claimant })}`);
  await saveView(editorPage, name);
  // Private until shared: the reviewer does not see it.
  await reviewerPage.goto("/review/views");
  await expect(reviewerPage.getByText(name)).toHaveCount(0);

  await editorPage.goto("/review/views");
  const mine = editorPage.getByRole("region", { name: "My views" }).getByRole("listitem").filter({ hasText: name });
  await expect(mine.getByText("Only you")).toBeVisible();
  await mine.getByRole("button", { name: `Share “${name}”` }).click();
  await expect(mine.getByText("Shared with the desk", { exact: true })).toBeVisible();

  await reviewerPage.goto("/review");
  const menu = await openViewsMenu(reviewerPage);
  await expect(menu.getByText("Shared with the desk", { exact: true })).toBeVisible();
  await menu.getByRole("link", { name: `${name} 1 claim` }).click();
  await expect(reviewerPage).toHaveURL(/claimant=/);
  expect(new URL(reviewerPage.url()).searchParams.get("claimant")).toBe(claimant);
  await expect(reviewerPage.getByRole("link", { name: `Claim for a shared view ${tag}` })).toBeVisible();

  await reviewerPage.goto("/review/views");
  const shared = reviewerPage
    .getByRole("region", { name: "Shared with the desk" })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(shared.getByText(`saved by ${editor.name}`)).toBeVisible();
  await expect(shared.getByRole("button")).toHaveCount(0);
});
