/**
 * Issue #14, part 4: a reader's correction request they can follow. The reader
 * sends it and lands on a private page keyed by an unguessable token; an
 * editor marks it under review, publishes a correction and answers it linking
 * that correction; the reader's link then shows the answer and the
 * correction. A wrong token is a plain 404 like any other missing page.
 */
import type { Page } from "@playwright/test";
import { expect, test, uniqueTag } from "./fixtures";
import { Workspace } from "./support/workspace";

const TOKEN_PATH = /\/requests\/crq_[A-Za-z0-9_-]{43}$/;

async function stateHeading(page: Page) {
  return page.getByRole("heading", { name: /^State:/ });
}

test("a reader follows their correction request from sent to answered, with the correction it led to", async ({
  createUser,
  createClaim,
  newSession,
  request,
}) => {
  const [reviewer, editor, secondEditor] = await Promise.all([
    createUser({ role: "reviewer" }),
    createUser({ role: "editor" }),
    createUser({ role: "editor" }),
  ]);
  const tag = uniqueTag();
  const claim = await createClaim({
    sentence: "ceasefire",
    summary: `Turkey pressed for a ceasefire in Gaza (${tag})`,
    articleTitle: `Trackable request check ${tag}`,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });
  const message = `The statement was made a week later than the page says (request ${tag}).`;
  const email = `reader.${tag}@example.net`;
  const answer = `Thank you: the date was wrong and we corrected the verdict (${tag}).`;
  const reason = `The statement's date was corrected after a reader's request (${tag}).`;

  const reader = await newSession(null);
  let link = "";

  await test.step("the reader sends a request and gets a private link, shown once, with the advice to keep it", async () => {
    await reader.goto(`/claims/${claim.slug}`);
    await reader.getByLabel("Your message").fill(message);
    await reader.getByLabel("Your email (optional)").fill(email);
    await reader.getByRole("button", { name: "Send correction request" }).click();
    await expect(reader).toHaveURL(TOKEN_PATH);
    link = reader.url();
    await expect(reader.getByRole("heading", { name: "Keep this link" })).toBeVisible();
    await expect(reader.getByLabel("Your private link")).toHaveValue(new RegExp(`${new URL(link).pathname}$`));
    await expect(await stateHeading(reader)).toHaveText("State: Received");
    await expect(reader.getByText(message)).toBeVisible();
    // The token is not an account: nothing but the request, not even the email given.
    await expect(reader.getByText(email)).toHaveCount(0);
    await expect(reader.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  });

  await test.step("the page is never cached, indexed or leaked as a Referer", async () => {
    const response = await request.get(new URL(link).pathname);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers["cache-control"]).toBe("private, no-store");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-robots-tag"]).toContain("noindex");
    expect(await response.text()).not.toContain(email);
  });

  const editorPage = await newSession(editor);
  const item = editorPage.getByRole("listitem").filter({ hasText: message });

  await test.step("an editor marks it under review, and the reader's page says so", async () => {
    await editorPage.goto("/review/corrections");
    await expect(item).toHaveCount(1);
    await item.getByRole("button", { name: "Mark under review" }).click();
    await expect(editorPage.getByRole("status").filter({ hasText: "Marked under review" })).toBeVisible();
    await expect(item).toContainText("Under review");
    await reader.reload();
    await expect(await stateHeading(reader)).toHaveText("State: Under review");
  });

  await test.step("the desk publishes a correction of the claim", async () => {
    const reviewerPage = await newSession(reviewer);
    const workspace = await new Workspace(reviewerPage, claim.slug).open();
    await workspace.addEvidence({
      url: "https://example.org/dated-statement",
      title: `Dated statement (${tag})`,
      publisher: "Example Wire",
      stance: "contradicts",
    });
    await workspace.setVerdict("disputed", `The date given was a week early (${tag}).`);
    const second = await newSession(secondEditor);
    await new Workspace(second, claim.slug).open().then((w) => w.publishCorrection(reason));
  });

  await test.step("the editor answers it, linking the correction", async () => {
    await editorPage.goto("/review/corrections");
    await item.getByText("Answer the reader").click();
    // Refused without an answer, and says why, in this request's form.
    await item.getByRole("button", { name: "Send answer" }).click();
    await expect(editorPage.getByRole("alert").filter({ hasText: /\S/ }).first()).toBeVisible();
    await expect(item.getByLabel("Public answer")).toHaveAttribute("aria-invalid", "true");

    await item.getByLabel("Public answer").fill(answer);
    await item.getByLabel("Resolved: we acted on it").check();
    const select = item.getByLabel("Correction it led to (optional)");
    const correction = select.locator("option", { hasText: reason.slice(0, 40) });
    await select.selectOption({ value: (await correction.getAttribute("value")) ?? "" });
    await item.getByRole("button", { name: "Send answer" }).click();
    await expect(editorPage.getByRole("status").filter({ hasText: "Answered and resolved" })).toBeVisible();
    await expect(item).toHaveCount(0);
    await editorPage.getByRole("navigation", { name: "Filter by state" }).getByRole("link", { name: "Resolved", exact: true }).click();
    const resolved = editorPage.getByRole("listitem").filter({ hasText: message });
    await expect(resolved).toContainText(answer);
    await expect(resolved).toContainText(editor.name);
  });

  await test.step("the reader's link shows the answer and the correction, and still nothing about who answered", async () => {
    await reader.reload();
    await expect(await stateHeading(reader)).toHaveText("State: Answered");
    const answered = reader.getByRole("region", { name: "Our answer" });
    await expect(answered).toContainText("We acted on your request.");
    await expect(answered).toContainText(answer);
    const correctionLink = answered.getByRole("link", { name: /^Read the correction of / });
    await expect(correctionLink).toBeVisible();
    await expect(answered).toContainText(reason);
    await expect(reader.locator("body")).not.toContainText(editor.name);
    await expect(reader.locator("body")).not.toContainText(email);
    await correctionLink.click();
    await expect(reader).toHaveURL(new RegExp(`/claims/${claim.slug}#history-heading$`));
    await expect(reader.getByRole("region", { name: "Our verdict" }).getByText("Disputed", { exact: true })).toBeVisible();
  });
});

test("a wrong, altered or malformed token gets the same plain 404", async ({ newSession, request }) => {
  const reader = await newSession(null);
  await reader.goto("/");
  const made = `crq_${"A".repeat(43)}`;
  for (const token of [made, `crq_${"b".repeat(42)}`, "not-a-token", `crq_${"c".repeat(300)}`]) {
    const response = await request.get(`/requests/${token}`);
    expect(response.status(), token).toBe(404);
    expect(response.headers()["cache-control"], token).toBe("private, no-store");
    expect(response.headers()["referrer-policy"], token).toBe("no-referrer");
    const text = await response.text();
    expect(text, token).not.toContain("Keep this link");
  }
  const page = await reader.goto(`/requests/${made}`);
  expect(page?.status()).toBe(404);
  await expect(reader.getByRole("heading", { level: 1 })).toHaveText(/not found/i);
});
