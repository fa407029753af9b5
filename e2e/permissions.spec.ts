import type { Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";
import { NATO_SUPPORT, Workspace } from "./support/workspace";

const WRONG_LOGIN = "Email or password is incorrect.";

/** The form's alert; Next's route announcer is an empty role=alert on every page. */
function loginAlert(page: Page) {
  return page.getByRole("alert").filter({ hasText: /\S/ });
}

async function signInExpectingFailure(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(loginAlert(page)).toHaveText(WRONG_LOGIN);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

test("a reviewer sees no publish button", async ({ createUser, createClaim, newSession }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim();
  const workspace = await new Workspace(await newSession(reviewer), claim.slug).open();
  await workspace.addEvidence(NATO_SUPPORT);
  await workspace.setVerdict("sourced", "NATO's own statement backs the sentence.");
  await workspace.page.reload();

  await expect(workspace.page.getByText("An editor publishes verdicts.")).toBeVisible();
  await expect(workspace.publishButton()).toHaveCount(0);
});

test("an editor cannot publish a verdict they set themselves (four eyes)", async ({ createUser, createClaim, newSession }) => {
  const editor = await createUser({ role: "editor" });
  const claim = await createClaim();
  const workspace = await new Workspace(await newSession(editor), claim.slug).open();
  await workspace.addEvidence(NATO_SUPPORT);
  await workspace.setVerdict("sourced", "NATO's own statement backs the sentence.");
  await workspace.page.reload();

  await expect(workspace.page.getByText("You set this verdict; another editor must publish it.")).toBeVisible();
  await expect(workspace.publishButton()).toHaveCount(0);
});

test("a wrong password and an unknown email get the same message", async ({ createUser, page }) => {
  const reviewer = await createUser({ role: "reviewer" });

  await signInExpectingFailure(page, reviewer.email, `${reviewer.password}-wrong`);
  const wrongPasswordText = await loginAlert(page).innerText();

  await signInExpectingFailure(page, `nobody.${reviewer.email}`, reviewer.password);
  const unknownEmailText = await loginAlert(page).innerText();

  expect(unknownEmailText).toBe(wrongPasswordText);

  // The right password still works afterwards.
  await signIn(page, reviewer);
  await expect(page).toHaveURL(/\/review$/);
});

test("a signed-out visit to /review goes to the sign-in page", async ({ page, request }) => {
  const response = await request.get("/review", { maxRedirects: 0 });
  expect([302, 303, 307, 308]).toContain(response.status());
  expect(new URL(response.headers()["location"] ?? "", "http://x").pathname).toBe("/signin");

  await page.goto("/review");
  await expect(page).toHaveURL(/\/signin(\?|$)/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("signing in after the redirect returns to the page that was asked for", async ({ createUser, createClaim, page }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim();

  await page.goto(`/review/claims/${claim.slug}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email", { exact: true }).fill(reviewer.email);
  await page.getByLabel("Password", { exact: true }).fill(reviewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(new RegExp(`/review/claims/${claim.slug}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(claim.summary);
});
