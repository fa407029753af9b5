import type { Page } from "@playwright/test";
import { createClaims, expect, test, uniqueTag, type TestClaim } from "./fixtures";
import { Workspace } from "./support/workspace";

// Issue #13, bulk actions: each ticked claim is changed on its own, with the
// same rules, version check and audit event as one at a time; a refused one
// is named with what changed, and the rest go through.

/** The queue narrowed to one article, so the test sees its own claims only. */
async function openQueue(page: Page, articleSlug: string): Promise<void> {
  await page.goto(`/review?article=${encodeURIComponent(articleSlug)}`);
  await expect(page.getByRole("form", { name: "Change the selected claims" })).toBeVisible();
}

/** A queue row's checkbox, by the contract the queue keeps: value "{id}:{version}", joined to the bar's form. */
function tickBox(page: Page, claim: TestClaim) {
  return page.locator(`input[type="checkbox"][name="claim"][form="queue-bulk"][value^="${claim.id}:"]`);
}

function row(page: Page, claim: TestClaim) {
  return page.getByRole("row").filter({ has: page.getByRole("link", { name: claim.summary, exact: true }) });
}

function bar(page: Page) {
  return page.getByRole("form", { name: "Change the selected claims" });
}

test("an editor assigns five claims at once; the one reassigned meanwhile is named and left as it is", async ({
  createUser,
  newSession,
}) => {
  const tag = uniqueTag();
  const [editor, otherEditor, rita, sam] = await Promise.all([
    createUser({ role: "editor" }),
    createUser({ role: "editor" }),
    createUser({ role: "reviewer", name: `Rita Bulk ${tag}` }),
    createUser({ role: "reviewer", name: `Sam Bulk ${tag}` }),
  ]);
  const claims = await createClaims(5, { summary: `Bulk assign ${tag}`, articleTitle: `Bulk assign article ${tag}` });
  const changed = claims[2];
  if (!changed) throw new Error("five claims expected");
  const others = claims.filter((c) => c !== changed);

  const page = await newSession(editor);
  await openQueue(page, changed.articleSlug);
  for (const claim of claims) await tickBox(page, claim).check();
  await expect(bar(page).getByText("5 selected")).toBeVisible();

  // After the editor's queue was loaded, another editor gives the third claim to Sam.
  const elsewhere = await new Workspace(await newSession(otherEditor), changed.slug).open();
  await elsewhere.assignTo(sam.name);

  await bar(page).getByLabel("Assign to").selectOption({ label: rita.name });
  await bar(page).getByRole("button", { name: "Assign", exact: true }).click();

  const report = bar(page);
  await expect(report.getByRole("status")).toHaveText(
    `4 claims assigned to ${rita.name}. 1 claim refused, listed below.`,
  );
  const refused = report.getByRole("listitem");
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText(changed.summary);
  await expect(refused).toContainText(`now with ${sam.name}`);
  // The four done are unticked; the refused one stays ticked for another look.
  await expect(bar(page).getByText("1 selected")).toBeVisible();
  await expect(tickBox(page, changed)).toBeChecked();

  await page.reload();
  for (const claim of others) await expect(row(page, claim)).toContainText(rita.name);
  await expect(row(page, changed)).toContainText(sam.name);
  await expect(row(page, changed)).not.toContainText(rita.name);
});

test("a bulk publication keeps four eyes per claim: the verdict the editor set is refused by name", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const [editor, reviewer] = await Promise.all([createUser({ role: "editor" }), createUser({ role: "reviewer" })]);
  const byReviewer = await createClaims(2, {
    summary: `Bulk publish ${tag}`,
    articleTitle: `Bulk publish article ${tag}`,
    verdict: { status: "sourced", by: reviewer },
  });
  const first = byReviewer[0];
  if (!first) throw new Error("two claims expected");
  const ownVerdict = await createClaim({
    summary: `Bulk publish own verdict ${tag}`,
    articleSlug: first.articleSlug,
    verdict: { status: "sourced", by: editor },
  });

  // A reviewer's bar has no publish (nor assign) button.
  const reviewerPage = await newSession(reviewer);
  await openQueue(reviewerPage, first.articleSlug);
  await expect(bar(reviewerPage).getByRole("button", { name: "Take", exact: true })).toBeVisible();
  await expect(bar(reviewerPage).getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  await expect(bar(reviewerPage).getByRole("button", { name: "Assign", exact: true })).toHaveCount(0);

  const page = await newSession(editor);
  await openQueue(page, first.articleSlug);
  for (const claim of [...byReviewer, ownVerdict]) await tickBox(page, claim).check();
  await expect(bar(page).getByText("3 selected")).toBeVisible();
  await bar(page).getByRole("button", { name: "Publish", exact: true }).click();

  await expect(bar(page).getByRole("status")).toHaveText("2 verdicts published. 1 claim refused, listed below.");
  const refused = bar(page).getByRole("listitem");
  await expect(refused).toHaveCount(1);
  await expect(refused).toContainText(ownVerdict.summary);
  await expect(refused).toContainText("You set this verdict yourself; another editor has to publish it.");

  await page.reload();
  for (const claim of byReviewer) await expect(row(page, claim)).toContainText("Published");
  await expect(row(page, ownVerdict)).toContainText("Awaiting publication");
  // The public sees the two published verdicts, and nothing of the refused one.
  const reader = await newSession(null);
  expect((await reader.goto(`/claims/${first.slug}`))?.status()).toBe(200);
  expect((await reader.goto(`/claims/${ownVerdict.slug}`))?.status()).toBe(404);
});

test("nothing ticked: the bar says so and sends nothing", async ({ createUser, createClaim, newSession }) => {
  const editor = await createUser({ role: "editor" });
  const claim = await createClaim({ articleTitle: `Bulk empty article ${uniqueTag()}` });
  const page = await newSession(editor);
  await openQueue(page, claim.articleSlug);
  await bar(page).getByRole("button", { name: "Take", exact: true }).click();
  await expect(bar(page).getByRole("alert")).toHaveText("Select at least one claim in the queue first.");
  await page.reload();
  await expect(row(page, claim)).toContainText("Unassigned");
});

test("on a phone the bar shows only its count until a claim is ticked", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const editor = await createUser({ role: "editor" });
  const claim = await createClaim({ articleTitle: `Bulk phone article ${uniqueTag()}` });
  const page = await newSession(editor);
  await page.setViewportSize({ width: 390, height: 844 });
  await openQueue(page, claim.articleSlug);
  const take = bar(page).getByRole("button", { name: "Take", exact: true });
  await expect(bar(page)).toContainText("0 selected");
  await expect(take).toBeHidden();
  await row(page, claim).getByRole("checkbox").check();
  await expect(take).toBeVisible();
  await expect(bar(page)).toContainText("1 selected");
});
