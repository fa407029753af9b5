/**
 * Issue #5, item 9 (and items 1–4, 6–8 as a browser sees them): the review
 * queue and the claim workspace worked by more than one person at once.
 * Conflict-safe editing from two browser contexts, assignment and "Mine",
 * evidence fetched from a page this test serves and then changes, queue
 * filters in the URL, comments with their history, and the workspace by
 * keyboard at 360 px.
 */
import { createHash } from "node:crypto";
import type { Page } from "@playwright/test";
import { createClaim as newClaim, createUser as newUser, expect, test, uniqueTag } from "./fixtures";
import { closedPort, startPageServer } from "./support/page-server";
import { NATO_SUPPORT, Workspace } from "./support/workspace";

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

// A queue row's cells: select, status, claim, claimant, article, assignee, priority, stage, updated.
const ASSIGNEE_CELL = 5;
const PRIORITY_CELL = 6;

/** The options of a queue filter, as "Label (count)". */
function filterOptions(page: Page, label: string) {
  return page.getByLabel(label, { exact: true }).locator("option");
}

/** Chooses a queue filter and applies the bar. */
async function applyFilter(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).selectOption({ label: option });
  await page.getByRole("button", { name: "Apply" }).click();
}

/** The region a workspace section's heading names ("Verdict", "Details and attribution", …). */
function region(page: Page, name: string) {
  return page.getByRole("region", { name, exact: true });
}

// ---------------------------------------------------------------- conflict-safe editing (item 6)

test.describe("two reviewers on one claim", () => {
  test("a stale verdict is refused with the first reviewer's change shown, the typed rationale is kept, and resubmitting saves it", async ({
    createUser,
    createClaim,
    newSession,
  }) => {
    const [first, second] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "reviewer" })]);
    // Sourced already (with NATO's statement as evidence), so both only rewrite the rationale.
    const claim = await createClaim({ verdict: { status: "sourced", by: first } });
    const [firstPage, secondPage] = await Promise.all([newSession(first), newSession(second)]);
    const firstWorkspace = await new Workspace(firstPage, claim.slug).open();
    const secondWorkspace = await new Workspace(secondPage, claim.slug).open();

    const firstRationale = `NATO's statement of 7 October backs the sentence word for word (${claim.id}, first).`;
    await firstWorkspace.setVerdict("sourced", firstRationale);

    const typed = `Second reviewer's rationale, typed on a page opened before the first saved (${claim.id}).`;
    await secondWorkspace.fillVerdict("sourced", typed);
    await secondWorkspace.saveVerdict();

    const verdict = region(secondPage, "Verdict");
    await expect(verdict.getByRole("alert")).toContainText("changed this claim after you opened it");
    await expect(verdict.getByRole("alert")).toContainText(first.name);
    const current = verdict.getByRole("region", { name: "Current state" });
    await expect(current).toContainText("Changed since you opened the claim:");
    // Who changed which field, from what to what.
    const change = current.getByRole("listitem").filter({ hasText: first.name });
    await expect(change).toHaveCount(1);
    await expect(change).toContainText("changed the status");
    await expect(change.getByRole("listitem").filter({ hasText: /^Rationale:/ })).toContainText(firstRationale);
    // Nothing typed is lost, and nothing was saved.
    await expect(verdict.getByLabel("Rationale", { exact: true })).toHaveValue(typed);
    await expect(verdict.getByLabel("Status", { exact: true })).toHaveValue("sourced");
    await expect(secondWorkspace.status("Verdict saved.")).toHaveCount(0);
    await expect(region(secondPage, "Current verdict")).toContainText(firstRationale);

    // The refusal brought the page up to date: sending the kept text again saves it.
    await secondWorkspace.saveVerdict();
    await expect(secondWorkspace.status("Verdict saved.")).toBeVisible();
    await expect(current).toHaveCount(0);
    await expect(region(secondPage, "Current verdict")).toContainText(typed);

    await firstPage.reload();
    await expect(region(firstPage, "Current verdict")).toContainText(typed);
    await expect(region(firstPage, "Current verdict")).toContainText(second.name);
    // Both saves are in the history, newest first, each with its author and role.
    const entries = firstWorkspace.history().getByRole("listitem").filter({ hasText: "changed the status" });
    await expect(entries.first()).toContainText(`${second.name} (reviewer)`);
    await expect(entries.nth(1)).toContainText(`${first.name} (reviewer)`);
  });

  test("stale details (summary, claimant) are refused with the first reviewer's change shown, the typed values are kept, and resubmitting saves them", async ({
    createUser,
    createClaim,
    newSession,
  }) => {
    const tag = uniqueTag();
    const [first, second] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "reviewer" })]);
    const claim = await createClaim({ summary: `NATO allies backed Israel (details ${tag})` });
    const [firstPage, secondPage] = await Promise.all([newSession(first), newSession(second)]);
    const firstWorkspace = await new Workspace(firstPage, claim.slug).open();
    const secondWorkspace = await new Workspace(secondPage, claim.slug).open();

    const firstSummary = `NATO said Israel may defend itself (first ${tag})`;
    const firstClaimant = `North Atlantic Council ${tag}`;
    await firstWorkspace.setDetails({ summary: firstSummary, claimant: firstClaimant });
    await expect(firstPage.getByRole("heading", { level: 1 })).toHaveText(firstSummary);

    const secondSummary = `NATO allies backed Israel's self-defence (second ${tag})`;
    const secondClaimant = `NATO Secretary General ${tag}`;
    await secondWorkspace.fillDetails({ summary: secondSummary, claimant: secondClaimant });
    await secondWorkspace.saveDetails();

    const details = region(secondPage, "Details and attribution");
    await expect(details.getByRole("alert")).toContainText("changed this claim after you opened it");
    const current = details.getByRole("region", { name: "Current state" });
    const change = current.getByRole("listitem").filter({ hasText: first.name });
    await expect(change).toHaveCount(1);
    await expect(change).toContainText("edited the claim's details");
    await expect(change.getByRole("listitem").filter({ hasText: /^Summary:/ })).toContainText(claim.summary);
    await expect(change.getByRole("listitem").filter({ hasText: /^Summary:/ })).toContainText(firstSummary);
    await expect(change.getByRole("listitem").filter({ hasText: /^Claimant:/ })).toContainText(firstClaimant);
    await expect(details.getByLabel("Summary", { exact: true })).toHaveValue(secondSummary);
    await expect(details.getByLabel("Claimant", { exact: true })).toHaveValue(secondClaimant);
    await expect(secondWorkspace.status("Details saved.")).toHaveCount(0);
    // The page itself shows the first reviewer's details now.
    await expect(secondPage.getByRole("heading", { level: 1 })).toHaveText(firstSummary);

    await secondWorkspace.saveDetails();
    await expect(secondWorkspace.status("Details saved.")).toBeVisible();
    await expect(secondPage.getByRole("heading", { level: 1 })).toHaveText(secondSummary);
    await expect(current).toHaveCount(0);

    await firstPage.reload();
    await expect(firstPage.getByRole("heading", { level: 1 })).toHaveText(secondSummary);
    await expect(region(firstPage, "Claim")).toContainText(secondClaimant);
    await expect(firstWorkspace.detailsForm().getByLabel("Claimant", { exact: true })).toHaveValue(secondClaimant);
  });

  test("a verdict typed while someone else edited the details is refused too, and says what they changed", async ({
    createUser,
    createClaim,
    newSession,
  }) => {
    const tag = uniqueTag();
    const [first, second] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "reviewer" })]);
    const claim = await createClaim({ verdict: { status: "sourced", by: first } });
    const [firstPage, secondPage] = await Promise.all([newSession(first), newSession(second)]);
    const firstWorkspace = await new Workspace(firstPage, claim.slug).open();
    const secondWorkspace = await new Workspace(secondPage, claim.slug).open();

    await firstWorkspace.setDetails({ reportedBy: `Fox News Digital ${tag}`, priority: "High" });

    const typed = `A rationale typed before the details changed (${tag}).`;
    await secondWorkspace.fillVerdict("sourced", typed);
    await secondWorkspace.saveVerdict();
    const verdict = region(secondPage, "Verdict");
    const change = verdict.getByRole("region", { name: "Current state" }).getByRole("listitem").filter({ hasText: first.name });
    await expect(change).toContainText("edited the claim's details");
    await expect(change.getByRole("listitem").filter({ hasText: /^Reported by:/ })).toContainText(`Fox News Digital ${tag}`);
    await expect(change.getByRole("listitem").filter({ hasText: /^Priority:/ })).toContainText("High");
    await expect(verdict.getByLabel("Rationale", { exact: true })).toHaveValue(typed);
  });
});

// ---------------------------------------------------------------- assignment (item 2)

test("an editor assigns a claim, the reviewer finds it under Mine; reviewers take free claims but cannot reassign others'", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const [editor, reviewer, other] = await Promise.all([
    createUser({ role: "editor" }),
    createUser({ role: "reviewer" }),
    createUser({ role: "reviewer" }),
  ]);
  const assigned = await createClaim({ summary: `Assigned by an editor (${tag})` });
  const free = await createClaim({ summary: `Free for the taking (${tag})` });
  const [editorPage, reviewerPage, otherPage] = await Promise.all([newSession(editor), newSession(reviewer), newSession(other)]);

  await test.step("the editor assigns the claim to the reviewer", async () => {
    const workspace = await new Workspace(editorPage, assigned.slug).open();
    await expect(workspace.assignment()).toContainText("Nobody is working on this claim.");
    await workspace.assignTo(reviewer.name);
    await expect(workspace.assignment()).toContainText(`Assigned to ${reviewer.name}`);
    // In the claim's header and in the panel.
    await expect(editorPage.getByText(`Assigned to ${reviewer.name}`, { exact: true })).toHaveCount(2);
    await expect(workspace.history().getByRole("listitem").first()).toContainText(`${editor.name} (editor) changed who works on the claim`);
    await expect(workspace.history().getByRole("listitem").first()).toContainText(reviewer.name);
  });

  await test.step("the reviewer finds it under Mine in the queue", async () => {
    await reviewerPage.goto("/review");
    const assignee = reviewerPage.getByLabel("Assignee", { exact: true });
    await expect(assignee.locator("option", { hasText: /^Mine\b/ })).toHaveText("Mine (1)");
    await assignee.selectOption("me");
    await reviewerPage.getByRole("button", { name: "Apply" }).click();
    await expect(reviewerPage).toHaveURL(/\/review\?assignee=me$/);
    await expect(reviewerPage.getByLabel("Assignee", { exact: true })).toHaveValue("me");
    const claims = region(reviewerPage, "Claims");
    await expect(claims.getByRole("row")).toHaveCount(2); // the header and the one claim
    const row = claims.getByRole("row").filter({ has: reviewerPage.getByRole("link", { name: assigned.summary }) });
    await expect(row.getByRole("cell").nth(ASSIGNEE_CELL)).toHaveText("You");
    await row.getByRole("link", { name: assigned.summary }).click();
    await expect(reviewerPage).toHaveURL(new RegExp(`/review/claims/${assigned.slug}$`));
  });

  await test.step("the workspace shows the reviewer as the assignee; they may hand it back but not pass it on", async () => {
    const workspace = new Workspace(reviewerPage, assigned.slug);
    await expect(reviewerPage.getByText("Assigned to you", { exact: true })).toBeVisible();
    await expect(workspace.assignment()).toContainText(`Assigned to ${reviewer.name} (you)`);
    await expect(workspace.assignment().getByRole("button", { name: "Hand back (unassign me)" })).toBeVisible();
    await expect(workspace.assignment().getByLabel("Assign to")).toHaveCount(0);
  });

  await test.step("the editor's queue names the assignee too", async () => {
    await editorPage.goto("/review");
    const row = region(editorPage, "Claims")
      .getByRole("row")
      .filter({ has: editorPage.getByRole("link", { name: assigned.summary }) });
    await expect(row.getByRole("cell").nth(ASSIGNEE_CELL)).toHaveText(reviewer.name);
  });

  await test.step("another reviewer can neither take nor reassign someone else's claim", async () => {
    const workspace = await new Workspace(otherPage, assigned.slug).open();
    await expect(workspace.assignment()).toContainText(`Assigned to ${reviewer.name}`);
    await expect(workspace.assignment()).toContainText("An editor can reassign it.");
    await expect(workspace.assignment().getByRole("combobox")).toHaveCount(0);
    await expect(workspace.assignment().getByRole("button")).toHaveCount(0);
  });

  await test.step("a reviewer takes an unassigned claim; then it is no longer free for the first reviewer", async () => {
    const workspace = await new Workspace(otherPage, free.slug).open();
    await expect(workspace.assignment().getByLabel("Assign to")).toHaveCount(0);
    await workspace.takeClaim(other.name);
    await expect(workspace.assignment()).toContainText(`Assigned to ${other.name} (you)`);
    await expect(otherPage.getByText("Assigned to you", { exact: true })).toBeVisible();

    const theirs = await new Workspace(reviewerPage, free.slug).open();
    await expect(theirs.assignment()).toContainText(`Assigned to ${other.name}`);
    await expect(theirs.assignment().getByRole("button", { name: "Take this claim" })).toHaveCount(0);
    await expect(theirs.assignment().getByRole("combobox")).toHaveCount(0);
    await expect(theirs.history().getByRole("listitem").first()).toContainText(`${other.name} (reviewer) changed who works on the claim`);

    // Still the first reviewer's only claim.
    await reviewerPage.goto("/review?assignee=me");
    await expect(filterOptions(reviewerPage, "Assignee").filter({ hasText: /^Mine\b/ })).toHaveText("Mine (1)");
    await expect(region(reviewerPage, "Claims").getByRole("link", { name: free.summary })).toHaveCount(0);
  });
});

// ---------------------------------------------------------------- evidence that lasts (item 4)

test("evidence fetched from a page the test serves keeps a snapshot, and re-checks show when the page drifts", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const pages = await startPageServer();
  try {
    const passage = "We stand in solidarity with Israel, our partner, and its people. Israel has the right to defend itself.";
    const page = (body: string) =>
      `<!doctype html><html lang="en"><head><title>NATO statement ${tag}</title>` +
      `<script>window.trackingId = "tracker-${tag}";</script></head>` +
      `<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><main><h1>Statement by the North Atlantic Council</h1>${body}</main></body></html>`;
    pages.serve("/statement", page(`<p>${passage}</p><p>Issued on 7 October 2023 (${tag}).</p>`));

    const reviewer = await createUser({ role: "reviewer" });
    const claim = await createClaim();
    const workspace = await new Workspace(await newSession(reviewer), claim.slug).open();
    const title = `Statement by the North Atlantic Council (served ${tag})`;

    const message = await workspace.addEvidence(
      { url: pages.url("/statement"), title, publisher: "NATO", quotedPassage: passage, stance: "supports" },
      { fetch: true },
    );
    expect(message).toBe("Evidence added, with a copy of the page as it reads now.");
    expect(pages.requests).toContain("/statement");

    const item = workspace.evidenceItem(title);
    await item.getByText(/^Page copy from/).click();
    const shown = item.getByText(/^SHA-256 [0-9a-f]{64}$/);
    await expect(shown).toBeVisible();
    const hash = ((await shown.textContent()) ?? "").replace("SHA-256", "").trim();
    const copy = item.locator("pre");
    await expect(copy).toBeVisible();
    const text = (await copy.textContent()) ?? "";
    // The page's readable text, hashed as stored: no markup, no script.
    expect(text).toContain(passage);
    expect(text).toContain(`Issued on 7 October 2023 (${tag}).`);
    expect(text).not.toContain(`tracker-${tag}`);
    expect(text).not.toContain("<p>");
    expect(hash).toBe(sha256(text));

    await workspace.recheck(title, "Still matches the snapshot");

    // An edit that keeps the quoted passage.
    pages.serve("/statement", page(`<p>${passage}</p><p>Issued on 7 October 2023 (${tag}), updated 9 October.</p>`));
    await workspace.recheck(title, "Page changed since cited (quoted passage still there)");

    // A silent edit that drops the passage.
    pages.serve("/statement", page(`<p>The Council met on 7 October 2023 (${tag}).</p>`));
    await workspace.recheck(title, "Quoted passage no longer on the page");

    // The drift stays on the claim, the snapshot is unchanged, and the history lists the checks.
    await workspace.page.reload();
    await expect(item.getByText(/^Last re-check,/)).toContainText("Quoted passage no longer on the page");
    await item.getByText(/^Page copy from/).click();
    await expect(item.getByText(`SHA-256 ${hash}`, { exact: true })).toBeVisible();
    await expect(item.locator("pre")).toContainText(passage);
    await expect(workspace.history().getByRole("listitem").filter({ hasText: "re-checked the source against its snapshot" })).toHaveCount(3);
  } finally {
    await pages.close();
  }
});

test("a page the server cannot fetch: the evidence is added with the pasted passage as its snapshot, and the failure is explained", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const port = await closedPort();
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim();
  const workspace = await new Workspace(await newSession(reviewer), claim.slug).open();
  const title = `A page nobody serves (${tag})`;
  const passage = `Israel has the right to defend itself (${tag}).`;

  const message = await workspace.addEvidence(
    { url: `http://127.0.0.1:${port}/gone`, title, quotedPassage: passage, stance: "supports" },
    { fetch: true },
  );
  expect(message).toContain("could not be fetched");
  expect(message).toContain(`The server at 127.0.0.1:${port} refused the connection.`);
  expect(message).toContain("your quoted passage is kept as its snapshot");

  const item = workspace.evidenceItem(title);
  await item.getByText(/^Quoted passage kept from/).click();
  await expect(item.getByText(`SHA-256 ${sha256(passage)}`, { exact: true })).toBeVisible();
  await expect(item.locator("pre")).toHaveText(passage);

  await workspace.recheck(title, "Page unreachable");
});

test("evidence added without fetching keeps the pasted passage and asks for no fetch", async ({ createUser, createClaim, newSession }) => {
  const pages = await startPageServer();
  try {
    pages.serve("/never", "<p>Never asked for.</p>");
    const reviewer = await createUser({ role: "reviewer" });
    const claim = await createClaim();
    const workspace = await new Workspace(await newSession(reviewer), claim.slug).open();
    const message = await workspace.addEvidence({ ...NATO_SUPPORT, url: pages.url("/never") });
    expect(message).toBe("Evidence added, with your quoted passage as its snapshot.");
    expect(pages.requests).toEqual([]);
  } finally {
    await pages.close();
  }
});

// ---------------------------------------------------------------- the queue (item 1)

test.describe("the review queue", () => {
  /** Three claims in an article of their own, so the counts are the test's alone: two unverified, one sourced. */
  async function queueDesk() {
    const tag = uniqueTag();
    const reviewer = await newUser({ role: "reviewer" });
    const low = await newClaim({ articleTitle: `Queue article ${tag}`, summary: `Queue claim, low priority (${tag})` });
    const high = await newClaim({ articleSlug: low.articleSlug, sentence: "biden-doubts", summary: `Queue claim, high priority (${tag})` });
    const sourced = await newClaim({
      articleSlug: low.articleSlug,
      summary: `Queue claim, sourced (${tag})`,
      claimant: `Gaza Health Ministry ${tag}`,
      verdict: { status: "sourced", by: reviewer },
    });
    return { tag, reviewer, low, high, sourced, article: low.articleSlug };
  }

  test("filters live in the URL with counts, sort by priority, and a shared URL reproduces the view", async ({
    createUser,
    newSession,
  }) => {
    const { tag, reviewer, low, high, sourced, article } = await queueDesk();
    const editor = await createUser({ role: "editor" });
    const page = await newSession(reviewer);

    // Priorities are set where reviewers set them: the details form.
    const lowWorkspace = await new Workspace(page, low.slug).open();
    await lowWorkspace.setDetails({ priority: "Low" });
    const highWorkspace = await new Workspace(page, high.slug).open();
    await highWorkspace.setDetails({ priority: "High" });

    await page.goto(`/review?article=${article}`);
    const claims = region(page, "Claims");
    const summaries = claims.getByRole("link", { name: /^Queue claim/ });
    const total = page.getByRole("status").filter({ hasText: /claims?$/ });
    const priorityHeader = page.getByRole("columnheader", { name: /^Priority/ });

    await expect(page.getByRole("list", { name: "Other filters" })).toContainText(`Queue article ${tag}`);
    await expect(total).toHaveText("3 claims");
    await expect(filterOptions(page, "Status")).toHaveText(["Any status (3)", "Unverified (2)", "Sourced (1)", "Disputed (0)"]);
    await expect(filterOptions(page, "Stage").filter({ hasText: /^Needs evidence/ })).toHaveText("Needs evidence (2)");
    await expect(filterOptions(page, "Stage").filter({ hasText: /^Awaiting publication/ })).toHaveText("Awaiting publication (1)");
    await expect(filterOptions(page, "Assignee").filter({ hasText: /^Unassigned/ })).toHaveText("Unassigned (3)");
    await expect(filterOptions(page, "Assignee").filter({ hasText: /^Mine/ })).toHaveText("Mine (0)");

    await test.step("a status filter goes into the URL and keeps the article", async () => {
      await applyFilter(page, "Status", "Sourced (1)");
      await expect(page).toHaveURL(new RegExp(`/review\\?status=sourced&article=${article}$`));
      await expect(page.getByLabel("Status", { exact: true })).toHaveValue("sourced");
      await expect(total).toHaveText("1 claim");
      await expect(summaries).toHaveText([sourced.summary]);
      await expect(filterOptions(page, "Stage").filter({ hasText: /^Needs evidence/ })).toHaveText("Needs evidence (0)");
      await expect(filterOptions(page, "Stage").filter({ hasText: /^Awaiting publication/ })).toHaveText("Awaiting publication (1)");
    });

    await test.step("a claimant link narrows the view to that claimant", async () => {
      await claims.getByRole("link", { name: `Gaza Health Ministry ${tag}` }).click();
      await expect(page).toHaveURL(/[?&]claimant=Gaza(\+|%20)Health(\+|%20)Ministry/);
      await expect(page.getByRole("list", { name: "Other filters" })).toContainText(`Gaza Health Ministry ${tag}`);
      await expect(summaries).toHaveText([sourced.summary]);
      await page.getByRole("list", { name: "Other filters" }).getByRole("listitem").filter({ hasText: "Claimant" }).getByRole("link", { name: "Remove filter" }).click();
      await expect(page).toHaveURL(new RegExp(`/review\\?status=sourced&article=${article}$`));
    });

    await test.step("sorting by the priority header: high, normal, low; again: low first", async () => {
      await applyFilter(page, "Status", "Any status (3)");
      await expect(page).toHaveURL(new RegExp(`/review\\?article=${article}$`));
      await expect(total).toHaveText("3 claims");
      await priorityHeader.getByRole("link").click();
      await expect(page).toHaveURL(/[?&]sort=priority(&|$)/);
      await expect(page).toHaveURL(new RegExp(`[?&]article=${article}(&|$)`));
      await expect(priorityHeader).toHaveAttribute("aria-sort", "descending");
      await expect(summaries).toHaveText([high.summary, sourced.summary, low.summary]);
      await expect(claims.getByRole("row").nth(1).getByRole("cell").nth(PRIORITY_CELL)).toHaveText("High");
      await expect(claims.getByRole("row").nth(3).getByRole("cell").nth(PRIORITY_CELL)).toHaveText("Low");

      await priorityHeader.getByRole("link").click();
      await expect(page).toHaveURL(/[?&]sort=priority-asc(&|$)/);
      await expect(priorityHeader).toHaveAttribute("aria-sort", "ascending");
      await expect(summaries).toHaveText([low.summary, sourced.summary, high.summary]);
    });

    await test.step("the filters survive a sort, and the link reproduces the view for someone else", async () => {
      await applyFilter(page, "Status", "Unverified (2)");
      await expect(page).toHaveURL(/[?&]status=unverified&article=[^&]+&sort=priority-asc$/);
      await expect(page.getByLabel("Status", { exact: true })).toHaveValue("unverified");
      await expect(summaries).toHaveText([low.summary, high.summary]);
      await priorityHeader.getByRole("link").click();
      await expect(page).toHaveURL(/[?&]status=unverified(&|$)/);
      await expect(page).toHaveURL(/[?&]sort=priority(&|$)/);
      await expect(summaries).toHaveText([high.summary, low.summary]);
      const shared = page.url();

      const editorPage = await newSession(editor);
      await editorPage.goto(shared);
      await expect(editorPage.getByLabel("Status", { exact: true })).toHaveValue("unverified");
      await expect(editorPage.getByRole("columnheader", { name: /^Priority/ })).toHaveAttribute("aria-sort", "descending");
      await expect(editorPage.getByRole("status").filter({ hasText: /claims?$/ })).toHaveText("2 claims");
      await expect(region(editorPage, "Claims").getByRole("link", { name: /^Queue claim/ })).toHaveText([high.summary, low.summary]);
    });

    await test.step("taking a claim moves it from Unassigned to Mine", async () => {
      await new Workspace(page, low.slug).open().then((w) => w.takeClaim(reviewer.name));
      await page.goto(`/review?article=${article}&assignee=me`);
      // The address comes back in the queue's own order.
      await expect(page).toHaveURL(new RegExp(`/review\\?assignee=me&article=${article}$`));
      await expect(filterOptions(page, "Assignee").filter({ hasText: /^Mine/ })).toHaveText("Mine (1)");
      await expect(filterOptions(page, "Assignee").filter({ hasText: /^Unassigned/ })).toHaveText("Unassigned (2)");
      await expect(summaries).toHaveText([low.summary]);
      await expect(claims.getByRole("row").nth(1).getByRole("cell").nth(ASSIGNEE_CELL)).toHaveText("You");
    });
  });

  test("every filter option's count is the number of claims it shows", async ({ newSession }) => {
    const { reviewer, article, high } = await queueDesk();
    const page = await newSession(reviewer);
    await new Workspace(page, high.slug).open().then((w) => w.takeClaim(reviewer.name));

    // A view with every filter set, so each count must keep the other filters' choices.
    const start = `/review?status=unverified&stage=needs-evidence&assignee=me&article=${article}`;
    await page.goto(start);
    const options: { name: string; count: number; href: string }[] = [];
    for (const [label, param] of [["Status", "status"], ["Stage", "stage"], ["Assignee", "assignee"]] as const) {
      for (const option of await filterOptions(page, label).all()) {
        const name = (await option.innerText()).trim();
        const count = Number(/\((\d[\d,]*)\)$/.exec(name)?.[1]?.replace(/,/g, "") ?? Number.NaN);
        const value = (await option.getAttribute("value")) ?? "";
        const url = new URL(start, "http://queue.test");
        if (value) url.searchParams.set(param, value);
        else url.searchParams.delete(param);
        options.push({ name: `${label}: ${name}`, count, href: `${url.pathname}${url.search}` });
      }
    }
    expect(options.length).toBe(4 + 5 + 3);
    const shown: string[] = [];
    for (const option of options) {
      await page.goto(option.href);
      const total = (await page.getByRole("status").filter({ hasText: /claims?$/ }).innerText()).replace(/,/g, "");
      shown.push(`${option.name} → ${/^(\d+)/.exec(total)?.[1] ?? total}`);
    }
    expect(shown).toEqual(options.map((o) => `${o.name} → ${o.count}`));
  });
});

// ---------------------------------------------------------------- comments (item 3)

test("team comments: add, edit, delete; the history lists the edit and the deletion", async ({ createUser, createClaim, newSession }) => {
  const tag = uniqueTag();
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const claim = await createClaim();
  const workspace = await new Workspace(await newSession(reviewer), claim.slug).open();
  await expect(workspace.comments()).toContainText("No comments yet.");

  const firstText = `Does NATO's statement cover the 8 October strikes? (${tag})`;
  const editedText = `Does NATO's statement of 7 October cover the strikes of the 8th? (${tag})`;
  await workspace.addComment(firstText);
  const comment = workspace.comment(reviewer.name);
  await expect(comment).toContainText(firstText);
  await expect(comment.locator("time").first()).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  // The box is empty for the next comment.
  await expect(workspace.comments().getByLabel("Add a comment", { exact: true })).toHaveValue("");

  await workspace.editComment(firstText, editedText);
  await expect(comment).toContainText(editedText);
  await expect(comment).not.toContainText(firstText);
  await expect(comment).toContainText("(edited");

  // Another member of the desk sees it, but cannot edit someone else's comment.
  const editorWorkspace = await new Workspace(await newSession(editor), claim.slug).open();
  await expect(editorWorkspace.comment(reviewer.name)).toContainText(editedText);
  await expect(editorWorkspace.comment(reviewer.name).getByText("Edit", { exact: true })).toHaveCount(0);

  await workspace.deleteComment(editedText);
  await expect(comment).toContainText("Comment deleted");
  await expect(comment).not.toContainText(editedText);
  await expect(comment.getByRole("button", { name: "Delete comment" })).toHaveCount(0);

  await workspace.page.reload();
  const history = workspace.history();
  const entries = history.getByRole("listitem");
  // Newest first: the deletion, then the edit (with its before and after), then the comment.
  await expect(entries.first()).toContainText(`${reviewer.name} (reviewer) deleted a comment`);
  const edit = entries.filter({ hasText: "edited a comment" });
  await expect(edit).toHaveCount(1);
  await expect(edit).toContainText(reviewer.name);
  await expect(edit.getByRole("listitem").filter({ hasText: /^Comment:/ })).toContainText(firstText);
  await expect(edit.getByRole("listitem").filter({ hasText: /^Comment:/ })).toContainText(editedText);
  await expect(entries.filter({ hasText: `${reviewer.name} (reviewer) commented` })).toHaveCount(1);
});

// ---------------------------------------------------------------- keyboard and small screens (item 8)

test("at 360 px neither the workspace nor the queue scrolls sideways, with a source, a snapshot and a comment with a link", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim({ claimant: "The Hamas-controlled Gaza Health Ministry, via its official Telegram channel" });
  const page = await newSession(reviewer, { viewport: { width: 360, height: 780 } });
  const workspace = await new Workspace(page, claim.slug).open();
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
  await expect.poll(pageWidth).toBeLessThanOrEqual(360 + 1);

  // What a working claim holds: a source (its URL shows in the history), its snapshot with the SHA-256, and a comment with a link.
  await workspace.addEvidence(NATO_SUPPORT);
  await workspace.addComment(`Compare ${NATO_SUPPORT.url} with the Secretary General's speech.`);
  await workspace.evidenceItem(NATO_SUPPORT.title).getByText(/^Quoted passage kept from/).click();
  await expect(workspace.evidenceItem(NATO_SUPPORT.title).getByText(/^SHA-256 [0-9a-f]{64}$/)).toBeVisible();
  await expect.poll(pageWidth).toBeLessThanOrEqual(360 + 1);

  await page.goto("/review");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await expect.poll(pageWidth).toBeLessThanOrEqual(360 + 1);
});

test("the workspace lists its shortcuts and works by keyboard at 360 px: e jumps to the evidence URL, Tab reaches the verdict", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim();
  const page = await newSession(reviewer, { viewport: { width: 360, height: 780 } });
  const workspace = await new Workspace(page, claim.slug).open();

  const shortcuts = page.getByRole("group").filter({ hasText: "Keyboard shortcuts" });
  await shortcuts.getByText("Keyboard shortcuts", { exact: true }).click();
  await expect(shortcuts.getByRole("term")).toHaveText(["v", "d", "e", "c", "a", "h", "q", "Tab"]);
  await expect(shortcuts.getByRole("definition").nth(2)).toHaveText("Add evidence");

  // "e" jumps to the evidence URL field when focus is not in a field…
  await page.keyboard.press("e");
  const url = workspace.form("Add evidence").getByLabel("URL", { exact: true });
  await expect(url).toBeFocused();
  // …and is just a letter inside one.
  await page.keyboard.press("v");
  await expect(url).toHaveValue("v");
  await expect(url).toBeFocused();
  await url.fill("");

  // Tab from the top of a freshly loaded page reaches the verdict form, with a visible focus ring.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Add evidence" })).toBeVisible();
  const verdictStatus = workspace.form("Save verdict").getByLabel("Status", { exact: true });
  let presses = 0;
  while (presses < 60 && !(await verdictStatus.evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press("Tab");
    presses += 1;
  }
  await expect(verdictStatus).toBeFocused();
  const ring = await verdictStatus.evaluate((el) => ({
    focusVisible: el.matches(":focus-visible"),
    outline: getComputedStyle(el).outlineStyle,
    width: getComputedStyle(el).outlineWidth,
  }));
  expect(ring).toEqual({ focusVisible: true, outline: "solid", width: "3px" });
  await page.keyboard.press("Tab");
  await expect(workspace.form("Save verdict").getByLabel("Rationale", { exact: true })).toBeFocused();

  // "q" goes back to the queue.
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
  await page.keyboard.press("q");
  await expect(page).toHaveURL(/\/review$/);
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
});
