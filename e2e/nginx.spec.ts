// Debian's nginx in front of the app, with deploy/nginx/claimtrail.conf
// (lib/testing/nginx.ts), over https with a self-signed certificate: public
// pages cached and tagged, the desk never, a publish in the app showing
// through the proxy on the next request (PURGE_ADAPTER=nginx), and next-auth's
// secure cookies when NEXTAUTH_URL is https. The app is a server of this
// spec's own (the suite's one is plain http), from the same build.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { z } from "zod";
import { freePort } from "@/lib/testing/free-port";
import { startNginx, type RunningNginx } from "@/lib/testing/nginx";
import { expect, test, uniqueTag, type TestUser } from "./fixtures";
import { startOwnServer, type OwnServer } from "./support/own-server";
import { Workspace } from "./support/workspace";

test.describe.configure({ mode: "serial" });

let server: OwnServer;
let proxy: RunningNginx;
let reviewer: TestUser;
let editor: TestUser;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const [httpsPort, purgePort, appPort] = [await freePort(), await freePort(), await freePort()];
  const purgeToken = randomBytes(24).toString("base64url");
  server = await startOwnServer({
    port: appPort,
    env: {
      NEXTAUTH_URL: `https://127.0.0.1:${httpsPort}`,
      PURGE_ADAPTER: "nginx",
      PURGE_NGINX_URL: `http://127.0.0.1:${purgePort}`,
      PURGE_TOKEN: purgeToken,
    },
  });
  proxy = await startNginx({ upstreamPorts: [appPort], httpsPort, purgePort, purgeToken });
  reviewer = await userOn(server, "reviewer");
  editor = await userOn(server, "editor");
});

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

test.afterAll(async () => {
  await proxy?.stop();
  await server?.close();
});

async function userOn(own: OwnServer, role: TestUser["role"]): Promise<TestUser> {
  const tag = uniqueTag();
  const user: TestUser = { email: `${role}.${tag}@example.org`, name: `Proxy ${role} ${tag}`, password: `pw-${tag}-${uniqueTag()}-long`, role };
  await own.script("scripts/user.ts", ["create", "--email", user.email, "--name", user.name, "--role", role], `${user.password}\n`);
  return user;
}

const claimSchema = z.object({ slug: z.string(), articleSlug: z.string(), summary: z.string() });

/** A claim with a sourced verdict on a new article of its own; published outside the server when `publish` is set. */
async function claimOn(own: OwnServer, options: { publish: boolean }): Promise<z.infer<typeof claimSchema>> {
  const tag = uniqueTag();
  const args = ["--summary", `Proxy check ${tag}`, "--article-title", `Proxy article ${tag}`, "--verdict-by", reviewer.email, "--status", "sourced"];
  if (options.publish) args.push("--publish-by", editor.email);
  const out = await own.script("e2e/support/make-claim.ts", args);
  return claimSchema.parse(JSON.parse(out.split("\n").find((line) => line.startsWith("{")) ?? ""));
}

/** A browser context on the proxy's https side; its certificate is self-signed. */
async function throughProxy(browser: Browser): Promise<{ context: BrowserContext; page: Page; request: APIRequestContext }> {
  const context = await browser.newContext({ baseURL: proxy.url, ignoreHTTPSErrors: true });
  contexts.push(context);
  const page = await context.newPage();
  return { context, page, request: context.request };
}

async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Whether nginx has logged a finished purge of `path` (the refetched page is stored by then). */
function purged(path: string): boolean {
  return proxy.accessLog().some((line) => line.includes(`"GET ${path} HTTP/1.1" 200 cache=BYPASS purge=1`));
}

test("public pages are cached by nginx and carry their surrogate keys; the desk never is", async ({ browser }) => {
  const claim = await claimOn(server, { publish: true });
  const { page, request } = await throughProxy(browser);

  const first = await request.get(`/claims/${claim.slug}`);
  const second = await request.get(`/claims/${claim.slug}`);
  expect(first.status()).toBe(200);
  expect(first.headers()["x-cache-status"]).toBe("MISS");
  expect(second.headers()["x-cache-status"]).toBe("HIT");
  expect(await second.text()).toContain(claim.summary);
  expect(second.headers()["cache-tag"]).toBe(`claim-${claim.slug},public`);
  expect(second.headers()["surrogate-key"]).toBe(`claim-${claim.slug} public`);

  const article = await request.get(`/articles/${claim.articleSlug}`);
  expect(article.headers()["surrogate-key"]).toBe(`article-${claim.articleSlug} public`);
  const home = await request.get("/");
  expect(home.headers()["cache-tag"]).toBe("lists,public");

  await signIn(page, editor);
  for (const path of ["/review", `/review/claims/${claim.slug}`, "/review", `/review/claims/${claim.slug}`]) {
    const desk = await page.request.get(path);
    expect(desk.status(), path).toBe(200);
    expect(desk.headers()["cache-control"], path).toBe("private, no-store");
    expect(desk.headers()["x-cache-status"], path).toBeUndefined();
    expect(desk.headers()["surrogate-key"], path).toBeUndefined();
  }
});

test("a publish in the app shows through the proxy on the next request", async ({ browser }) => {
  const claim = await claimOn(server, { publish: false });
  const { page, request } = await throughProxy(browser);

  // The home page is in nginx's cache, without the claim.
  await request.get("/");
  const before = await request.get("/");
  expect(before.headers()["x-cache-status"]).toBe("HIT");
  expect(await before.text()).not.toContain(claim.summary);
  expect((await request.get(`/claims/${claim.slug}`)).status()).toBe(404);

  await signIn(page, editor);
  await new Workspace(page, claim.slug).open();
  await new Workspace(page, claim.slug).publish();

  // The app purges after its response; nginx logs each purge once it has stored the new page.
  await expect.poll(() => purged("/") && purged(`/claims/${claim.slug}`), { timeout: 15_000 }).toBe(true);
  const home = await request.get("/");
  expect(home.headers()["x-cache-status"]).toBe("HIT");
  expect(await home.text()).toContain(claim.summary);
  const claimPage = await request.get(`/claims/${claim.slug}`);
  expect(claimPage.status()).toBe(200);
  expect(claimPage.headers()["x-cache-status"]).toBe("HIT");
  expect(await claimPage.text()).toContain(claim.summary);
});

test("over https, next-auth's cookies are __Secure- / __Host- and Secure", async ({ browser }) => {
  const { context, page } = await throughProxy(browser);
  await signIn(page, reviewer);
  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === "__Secure-next-auth.session-token");
  expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax" });
  const csrf = cookies.find((cookie) => cookie.name === "__Host-next-auth.csrf-token");
  expect(csrf).toMatchObject({ secure: true, httpOnly: true, path: "/" });
  expect(cookies.filter((cookie) => cookie.name.startsWith("next-auth."))).toEqual([]);
  expect(cookies.every((cookie) => cookie.secure)).toBe(true);
});
