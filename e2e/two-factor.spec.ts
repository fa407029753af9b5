/**
 * Issue #14, part 2: two-factor sign-in in the browser. The test is the
 * authenticator app: it reads the set-up key shown beside the QR code and
 * computes codes from it with otpauth.
 */
import type { Page } from "@playwright/test";
import { expect, signIn, test, type TestUser } from "./fixtures";
import { auditEventsAfter, countRows, snapshotDatabase, userId } from "./support/http-security";
import { totpFor, untilNextStep } from "./support/two-factor";

/** Waits out the last seconds of a 30-second step, so a code typed now is still current when the server checks it. */
async function awayFromStepEdge(page: Page): Promise<void> {
  const left = untilNextStep();
  if (left < 4_000) await page.waitForTimeout(left + 250);
}

/** Sets up two-factor sign-in from the account page; returns the key and the recovery codes shown once. */
async function setUp(page: Page): Promise<{ secret: string; codes: string[] }> {
  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const shown = (await page.getByTestId("totp-secret").textContent()) ?? "";
  const secret = shown.replace(/\s+/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await awayFromStepEdge(page);
  // The previous step's code (accepted: clocks drift), leaving the current one for the sign-in that follows.
  await page.getByLabel("Code from the app").fill(totpFor(secret, -1));
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
  await expect(page.getByText(/On since/)).toBeVisible();
  return { secret, codes };
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

async function passwordStep(page: Page, user: TestUser): Promise<void> {
  await page.goto("/signin?callbackUrl=%2Freview%2Faccount");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Code", { exact: true })).toBeFocused();
}

test("a reviewer sets up two-factor sign-in, then signs in with a code and with a recovery code, which is then spent", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  const before = snapshotDatabase().lastAuditId;
  const { secret, codes } = await setUp(page);
  const id = userId(reviewer.email);
  expect(countRows("recovery_codes", "user_id = ? and used_at is null", id)).toBe(10);
  // Stored sealed, never as the key the page showed.
  expect(countRows("users", "id = ? and totp_secret like 'v1.%' and instr(totp_secret, ?) = 0", id, secret)).toBe(1);
  await signOut(page);

  // The password alone is not enough now; a wrong code is refused, the right one gets in.
  await passwordStep(page, reviewer);
  const wrong = String((Number(totpFor(secret)) + 500_000) % 1_000_000).padStart(6, "0");
  await page.getByLabel("Code", { exact: true }).fill(wrong);
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code did not work" })).toBeVisible();
  await awayFromStepEdge(page);
  await page.getByLabel("Code", { exact: true }).fill(totpFor(secret));
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByText("Password and code")).toBeVisible();
  await signOut(page);

  // A recovery code signs in once...
  const [recovery = ""] = codes;
  await passwordStep(page, reviewer);
  await page.getByLabel("Code", { exact: true }).fill(recovery);
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.getByText("9 of 10 recovery codes left")).toBeVisible();
  await expect(page.getByText("Password and recovery code")).toBeVisible();
  expect(countRows("recovery_codes", "user_id = ? and used_at is not null", id)).toBe(1);
  await signOut(page);

  // ...and never again.
  await passwordStep(page, reviewer);
  await page.getByLabel("Code", { exact: true }).fill(recovery);
  await page.getByRole("button", { name: "Verify code" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code did not work" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  const actions = auditEventsAfter(before).map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining([
      "user.two_factor_setup_started",
      "user.two_factor_enabled",
      "user.recovery_code_used",
      "user.login_failed",
    ]),
  );
});

test("a recovery code ends the user's other sessions", async ({ createUser, newSession }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const first = await newSession(reviewer);
  const { codes } = await setUp(first);
  const second = await newSession(null);
  await passwordStep(second, reviewer);
  await second.getByLabel("Code", { exact: true }).fill(codes[1] ?? "");
  await second.getByRole("button", { name: "Verify code" }).click();
  await expect(second.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  // The first browser's session ended: its next page is the sign-in.
  await first.goto("/review");
  await expect(first).toHaveURL(/\/signin/);
});

test("an editor whose role must use two-factor sign-in is sent to set it up before anything else", async ({
  createUser,
  newSession,
}) => {
  const admin = await createUser({ role: "admin" });
  const editor = await createUser({ role: "editor" });
  const adminPage = await newSession(admin);
  await adminPage.goto("/review/admin/two-factor");
  const editorBox = adminPage.getByRole("checkbox", { name: "Editor" });
  const save = async () => {
    await adminPage.getByRole("button", { name: "Save" }).click();
    await expect(adminPage.getByRole("status")).toBeVisible();
  };
  await editorBox.check();
  await save();
  try {
    expect(countRows("desk_settings", "key = 'two_factor_roles' and value = ?", '["editor"]')).toBe(1);
    await expect(adminPage.getByRole("row", { name: new RegExp(editor.name) })).toContainText("must set it up");

    const page = await newSession(null);
    await signIn(page, editor, "/review/articles");
    await expect(page).toHaveURL(/\/review\/account\?setup=required$/);
    await expect(page.getByText("Set up two-factor sign-in first.")).toBeVisible();
    // Every other page of the desk sends them back here.
    for (const path of ["/review", "/review/articles/new", "/review/corrections"]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/review\/account\?setup=required$/);
    }
    await setUp(page);
    await page.goto("/review/articles");
    await expect(page.getByRole("heading", { level: 1, name: "Articles" })).toBeVisible();
    // While the role requires it, it cannot be turned off.
    await page.goto("/review/account");
    await expect(page.getByRole("button", { name: "Turn off two-factor sign-in" })).toHaveCount(0);
  } finally {
    await adminPage.goto("/review/admin/two-factor");
    await editorBox.uncheck();
    await save();
  }
  expect(countRows("desk_settings", "key = 'two_factor_roles' and value = '[]'")).toBe(1);
});

test("the account page changes the password and ends another sign-in", async ({ createUser, newSession }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const here = await newSession(reviewer);
  const there = await newSession(reviewer);
  await here.goto("/review/account");
  const sessions = here.getByRole("list", { name: "Active sign-ins" }).getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "(this sign-in)" })).toHaveCount(1);
  await sessions.getByRole("button", { name: /^End the sign-in/ }).click();
  await expect(here.getByRole("status")).toHaveText("That sign-in has ended.");
  await expect(sessions).toHaveCount(1);
  await there.goto("/review");
  await expect(there).toHaveURL(/\/signin/);

  await here.getByLabel("Current password").fill("not the password at all");
  await here.getByLabel("New password", { exact: true }).fill("a fresh passphrase for the test");
  await here.getByLabel("New password again").fill("a fresh passphrase for the test");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("alert").filter({ hasText: "Your current password is not right." })).toBeVisible();
  await here.getByLabel("Current password").fill(reviewer.password);
  await here.getByLabel("New password", { exact: true }).fill("a fresh passphrase for the test");
  await here.getByLabel("New password again").fill("a fresh passphrase for the test");
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
  await signOut(here);
  await signIn(here, { ...reviewer, password: "a fresh passphrase for the test" });
});
