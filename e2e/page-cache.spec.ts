/**
 * Issue #15, item 6: each server process keeps a reader's rendered review
 * queue and serves it again while the database is unchanged
 * (lib/http/page-cache.ts). What it must never do: show one reader another's
 * page, show a page from before a commit, outlive a sign-out, or repeat a CSP
 * nonce.
 *
 * Other specs commit to the same database while these run, and every commit
 * empties the cache, so a test that needs a page served from the cache asks
 * again until one is (`servedFromCache`).
 */
import type { APIRequest, APIRequestContext, APIResponse } from "@playwright/test";
import { createClaim, createUser, expect, test, uniqueTag, type Role, type TestUser } from "./fixtures";
import { sessionCookie, signInOverHttp, signOutOverHttp } from "./support/http-security";

const CACHE_HEADER = "x-claimtrail-page-cache";
const TRIES = 30;

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

test("in a browser, a queue served from the cache runs its scripts under its nonce: the keyboard works, nothing is refused", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer, { viewport: { width: 1440, height: 900 } });
  const refused: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
  });
  let served = "";
  for (let i = 0; i < TRIES && served !== "hit"; i++) {
    const response = await page.goto("/review");
    served = response?.headers()[CACHE_HEADER] ?? "none";
  }
  expect(served).toBe("hit");
  await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await page.keyboard.press("j");
  await expect(page.locator("#queue-claims tbody tr[data-current]")).toHaveCount(1);
  expect(refused).toEqual([]);
});
