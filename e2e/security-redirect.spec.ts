/**
 * Issue #15, the review's open redirect: a link to our own sign-in page with
 * `callbackUrl=/%09/evil.example` sent Chromium to http://evil.example/ after a
 * correct sign-in (the query decodes to "/<tab>/evil.example", which passed a
 * "starts with one slash" check; the URL parser then drops the tab and reads
 * "//evil.example" as another host). Here a real browser signs in through such
 * links and must end on our origin, in the queue. The evil host is answered by
 * the browser's router, so nothing leaves this machine whatever the app does.
 */
import type { Page } from "@playwright/test";
import { z } from "zod";
import { expect, test, type TestUser } from "./fixtures";
import { attemptSignIn } from "./support/http-security";

const EVIL = "evil.example";

// Written as an attacker would put them in a link: the query string exactly as typed.
const HOSTILE_QUERIES = [
  "callbackUrl=/%09/evil.example",
  "callbackUrl=/%0A/evil.example",
  "callbackUrl=//evil.example",
  "callbackUrl=/%5Cevil.example",
  "callbackUrl=https://evil.example/review",
  "callbackUrl=javascript:alert(document.domain)",
];

async function signInThrough(page: Page, query: string, user: TestUser): Promise<void> {
  await page.goto(`/signin?${query}`);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

for (const query of HOSTILE_QUERIES) {
  test(`signing in through /signin?${query} ends on our own origin`, async ({ browser, baseURL, createUser }) => {
    const user = await createUser({ role: "reviewer" });
    const context = await browser.newContext();
    const visitedEvil: string[] = [];
    // By host: a glob over the whole URL would also catch our sign-in page, whose query names the evil host.
    await context.route((url) => url.hostname === EVIL, async (route) => {
      visitedEvil.push(route.request().url());
      await route.fulfill({ status: 200, contentType: "text/html", body: "<title>Evil</title><h1>Not the desk</h1>" });
    });
    const page = await context.newPage();
    try {
      await signInThrough(page, query, user);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      await expect(page).toHaveURL((url) => url.pathname === "/review");
      expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? "").origin);
      expect(visitedEvil).toEqual([]);
    } finally {
      await context.close();
    }
  });
}

test("a safe callbackUrl is still followed after sign-in", async ({ browser, createUser }) => {
  const user = await createUser({ role: "reviewer" });
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await signInThrough(page, `callbackUrl=${encodeURIComponent("/review/corrections")}`, user);
    await expect(page).toHaveURL((url) => url.pathname === "/review/corrections");
  } finally {
    await context.close();
  }
});

test("next-auth's own answer never points off the site either", async ({ playwright, baseURL, createUser }) => {
  const user = await createUser({ role: "reviewer" });
  const context = await playwright.request.newContext({ baseURL });
  try {
    for (const callbackUrl of ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"]) {
      const csrf = z.object({ csrfToken: z.string() }).parse(await (await context.get("/api/auth/csrf")).json());
      const response = await context.post("/api/auth/callback/credentials", {
        form: { email: user.email, password: user.password, csrfToken: csrf.csrfToken, callbackUrl, json: "true" },
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      const { url } = z.object({ url: z.string() }).parse(await response.json());
      const target = new URL(url, baseURL);
      expect(target.origin, `${JSON.stringify(callbackUrl)} → ${url}`).toBe(new URL(baseURL ?? "").origin);
      expect(target.pathname, `${JSON.stringify(callbackUrl)} → ${url}`).toBe("/review");
    }
    // The same account still signs in normally afterwards: none of this counted as a failure.
    expect((await attemptSignIn(context, user)).signedIn).toBe(true);
  } finally {
    await context.dispose();
  }
});
