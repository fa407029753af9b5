/**
 * Issue #15, item 6: each server process keeps a reader's rendered review
 * queue and serves it again while the database is unchanged
 * (lib/http/page-cache.ts). What it must never do: show one reader another's
 * page, show a page from before a commit, outlive a sign-out, or repeat a CSP
 * nonce.
 *
 * Other specs commit to the same database while these run, and every commit
 * empties the cache, so a test that needs a page served from the cache asks
 * again until one is (`servedFromCache`). The browser test, whose page loads
 * are slower, runs on a server and database of its own.
 */
import type { APIRequest, APIRequestContext, APIResponse } from "@playwright/test";
import { createClaim, createUser, expect, signIn, test, uniqueTag, type Role, type TestUser } from "./fixtures";
import { sessionCookie, signInOverHttp, signOutOverHttp } from "./support/http-security";
import { startOwnServer, type OwnServer } from "./support/own-server";

const CACHE_HEADER = "x-claimtrail-page-cache";
// Each try is one fast GET; other specs' commits land between some of them.
const TRIES = 100;
// Page loads in a browser on a server nobody else writes to: the second or third is kept.
const BROWSER_TRIES = 10;

function nonceOf(response: APIResponse): string {
  const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
  if (!nonce) throw new Error(`No nonce in the CSP of ${response.url()}.`);
  return nonce;
}

/** A new account of `role`, and a request context signed in as it. */
async function signedIn(request: APIRequest, baseURL: string | undefined, role: Role = "reviewer") {
  const user: TestUser = await createUser({ role });
  return { user, context: await signInOverHttp(request, baseURL ?? "", user) };
}

/** The name the desk's header shows as signed in (an editor's page also lists others, for assignment). */
function signedInAs(body: string): string | undefined {
  return /<span class="[\w-]*_who"><span class="[\w-]*_name">([^<]+)<\/span>/.exec(body)?.[1];
}

/** GETs `path` until the answer comes from the cache; fails the test after TRIES answers that did not. */
async function servedFromCache(context: APIRequestContext, path: string, headers: Record<string, string> = {}) {
  const seen: string[] = [];
  for (let i = 0; i < TRIES; i++) {
    const response = await context.get(path, { headers, maxRedirects: 0 });
    expect(response.status()).toBe(200);
    const served = response.headers()[CACHE_HEADER] ?? "none";
    if (served === "hit") return response;
    seen.push(served);
  }
  throw new Error(`${path} never came from the cache in ${TRIES} tries: ${seen.join(", ")}`);
}

test("a page served from the cache is the page Next rendered, with a nonce of its own in the body and the headers", async ({ playwright, baseURL }) => {
  const { context } = await signedIn(playwright.request, baseURL);
  const rendered = await context.get("/review");
  expect(rendered.headers()[CACHE_HEADER]).toBe("miss");
  const cached = await servedFromCache(context, "/review");
  const again = await servedFromCache(context, "/review");

  const nonces = [nonceOf(rendered), nonceOf(cached), nonceOf(again)];
  expect(new Set(nonces).size).toBe(3);
  const bodies = await Promise.all([rendered, cached, again].map((r) => r.text()));
  bodies.forEach((body, i) => {
    const nonce = nonces[i] ?? "";
    expect(body).toContain(`nonce="${nonce}"`);
    for (const other of nonces.filter((n) => n !== nonce)) expect(body).not.toContain(other);
  });
  expect(cached.headers()["cache-control"]).toBe("private, no-store");
  // A hard reload asks for a page rendered now.
  const hard = await context.get("/review", { headers: { "cache-control": "no-cache" } });
  expect(hard.headers()[CACHE_HEADER]).toBe("miss");
  expect(cached.headers()["link"] ?? "").toContain(`nonce="${nonces[1] ?? ""}"`);
  await context.dispose();
});

test("a client that takes gzip gets the cached page gzipped", async ({ playwright, baseURL }) => {
  const { user: reviewer, context } = await signedIn(playwright.request, baseURL);
  const cached = await servedFromCache(context, "/review", { "accept-encoding": "gzip" });
  expect(cached.headers()["content-encoding"]).toBe("gzip");
  // Playwright decodes it: the page is whole.
  expect(await cached.text()).toContain(reviewer.name);
  await context.dispose();
});

test("each reader gets their own page: two readers asking by turns never see the other's", async ({ playwright, baseURL }) => {
  const signedInReaders = [await signedIn(playwright.request, baseURL), await signedIn(playwright.request, baseURL, "editor")];
  const readers = signedInReaders.map((r) => r.user);
  const contexts = signedInReaders.map((r) => r.context);
  // Both kept, then asked by turns: every answer, kept or rendered, is its reader's own.
  for (const [i, context] of contexts.entries()) {
    expect(signedInAs(await (await servedFromCache(context, "/review")).text())).toBe(readers[i]?.name);
  }
  for (let round = 0; round < 10; round++) {
    for (const [i, context] of contexts.entries()) {
      const response = await context.get("/review", { maxRedirects: 0 });
      expect(signedInAs(await response.text())).toBe(readers[i]?.name);
    }
  }
  for (const context of contexts) await context.dispose();
});

test("a commit from another process shows on the very next request after a cached page", async ({ playwright, baseURL }) => {
  const { context } = await signedIn(playwright.request, baseURL);
  const summary = `Cached queue claim ${uniqueTag()}`;
  const cached = await servedFromCache(context, "/review");
  expect(await cached.text()).not.toContain(summary);
  // scripts/ in a process of its own, as the CLI or a second server would commit.
  await createClaim({ summary, articleTitle: `Cache invalidation ${uniqueTag()}` });
  const next = await context.get("/review");
  expect(next.headers()[CACHE_HEADER]).toBe("miss");
  expect(await next.text()).toContain(summary);
  await context.dispose();
});

test("after sign-out the old session cookie gets no cached page, only the way to sign in", async ({ playwright, baseURL }) => {
  const { user: reviewer, context } = await signedIn(playwright.request, baseURL);
  const cookie = await sessionCookie(context);
  await servedFromCache(context, "/review");
  expect((await signOutOverHttp(context)).status()).toBeLessThan(400);

  const replay = await playwright.request.newContext({ baseURL });
  const answer = await replay.get("/review", { headers: { cookie }, maxRedirects: 0 });
  expect(answer.status()).toBe(307);
  expect(answer.headers()["location"]).toContain("/signin");
  expect(await answer.text()).not.toContain(reviewer.name);
  await replay.dispose();
  await context.dispose();
});

test.describe("in a browser, on a server of its own", () => {
  // Nothing else writes to its database, so the page stays kept between one load and the next.
  test.describe.configure({ timeout: 180_000 });
  let server: OwnServer | undefined;
  test.afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test("a queue served from the cache runs its scripts under its nonce: the keyboard works, nothing is refused", async ({
    browser,
  }) => {
    server = await startOwnServer();
    const on = { databaseUrl: server.databaseUrl };
    const reviewer = await createUser({ role: "reviewer" }, on);
    await createClaim({ summary: `Kept queue claim ${uniqueTag()}`, articleTitle: `Kept queue ${uniqueTag()}` }, on);
    const context = await browser.newContext({ baseURL: server.baseURL, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    // Playwright's init script runs outside the page's CSP, so it hears every refusal.
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { cspRefusals: seen });
      document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await signIn(page, reviewer);
    // The keep-alive asks for the session (re-issuing the cookie, so a new key) once in five minutes, not per load.
    let sessionAsks = 0;
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/auth/session") sessionAsks += 1;
    });
    const served: string[] = [];
    for (let i = 0; i < BROWSER_TRIES && served.at(-1) !== "hit"; i++) {
      const response = await page.goto("/review");
      served.push(response?.headers()[CACHE_HEADER] ?? "none");
    }
    expect(served.at(-1), `answers: ${served.join(", ")}`).toBe("hit");
    expect(sessionAsks).toBeLessThanOrEqual(1);
    await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
    // The inline scripts ran: they carry the nonce, and Next's payload queue exists only if they did.
    expect(await page.evaluate(() => Array.isArray((window as { __next_f?: unknown }).__next_f))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { cspRefusals: string[] }).cspRefusals)).toEqual([]);
    // Hydrated (the select-all box is drawn only in the browser), and the keyboard shortcuts answer.
    await expect(page.getByRole("checkbox", { name: "Select all claims on this page" })).toBeVisible();
    const current = page.locator("#queue-claims tbody tr[data-current]");
    await expect(async () => {
      await page.keyboard.press("j");
      await expect(current).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await context.close();
  });
});
