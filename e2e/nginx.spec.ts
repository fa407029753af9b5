// Debian's nginx in front of the app, with deploy/nginx/claimtrail.conf
// (lib/testing/nginx.ts), over https with a self-signed certificate: public
// pages cached and tagged, the desk never, a publish in the app showing
// through the proxy on the next request (PURGE_ADAPTER=nginx), and next-auth's
// secure cookies when NEXTAUTH_URL is https, and the sign-in throttle
// counting the address nginx saw (TRUST_PROXY=1), not nginx's own or one the
// client wrote. The app is a server of this spec's own (the suite's one is
// plain http), from the same build.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { z } from "zod";
import { freePort } from "@/lib/testing/free-port";
import { fetchThrough, startNginx, type RunningNginx } from "@/lib/testing/nginx";
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
      // One proxy in front: the last X-Forwarded-For hop, nginx's, is the client.
      TRUST_PROXY: "1",
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

/** Whether `through` (by default the spec's nginx) has logged a finished purge of `path` (the refetched page is stored by then). */
function purged(path: string, through: RunningNginx = proxy): boolean {
  return through.accessLog().some((line) => line.includes(`"GET ${path} HTTP/1.1" 200 cache=BYPASS purge=1`));
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

/** A sign-in posted through the proxy from `from` (a loopback address of this machine), naming `spoofed` in X-Forwarded-For. */
async function signInThroughProxy(credentials: { email: string; password: string }, from: string, spoofed: string): Promise<boolean> {
  const headers = { "x-forwarded-for": spoofed };
  const csrf = await fetchThrough(proxy, "/api/auth/csrf", { headers, localAddress: from });
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(JSON.parse(csrf.body));
  const cookie = ([csrf.headers["set-cookie"]].flat().filter(Boolean) as string[]).map((c) => c.split(";")[0]).join("; ");
  const answer = await fetchThrough(proxy, "/api/auth/callback/credentials", {
    method: "POST",
    localAddress: from,
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...credentials, csrfToken, callbackUrl: "/review", json: "true" }).toString(),
  });
  const setCookies = [answer.headers["set-cookie"]].flat().filter(Boolean) as string[];
  return setCookies.some((c) => c.startsWith("__Secure-next-auth.session-token=") && !/Max-Age=0/i.test(c));
}

test("behind nginx with TRUST_PROXY=1 the throttle counts the address nginx saw, never one the client wrote", async () => {
  test.setTimeout(120_000);
  const user = await userOn(server, "reviewer");
  const wrong = { email: user.email, password: `${user.password}-wrong` };
  const spoofed = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  // From 127.0.0.2, past the account-and-address pair's 5 free failures, each naming a new address:
  // 1 s block, then 2 s, then 4 s (lib/auth/login-throttle.ts).
  for (let i = 0; i < 6; i += 1) expect(await signInThroughProxy(wrong, "127.0.0.2", spoofed())).toBe(false);
  for (const block of [1_000, 2_000]) {
    await new Promise((resolve) => setTimeout(resolve, block + 300));
    expect(await signInThroughProxy(wrong, "127.0.0.2", spoofed())).toBe(false);
  }
  // Inside the 4 s block: 127.0.0.2 is refused even the right password, whatever it claims to be.
  expect(await signInThroughProxy(user, "127.0.0.2", spoofed())).toBe(false);
  // Another client of the same nginx is another address: the account is only slowed, so it gets in.
  expect(await signInThroughProxy(user, "127.0.0.3", spoofed())).toBe(true);

  // nginx saw the two clients as themselves; the app was told by the hop nginx appended.
  // (nginx logs a request once it is done, a moment after the client has its answer.)
  const signIns = () => proxy.accessLog().filter((line) => line.includes("/api/auth/callback/credentials"));
  await expect.poll(() => signIns().map((line) => line.split(" ")[0])).toContain("127.0.0.3");
  expect(signIns().filter((line) => line.startsWith("127.0.0.2 "))).toHaveLength(9);
});

test.describe("two app instances, one database, one nginx upstream", () => {
  let second: OwnServer;
  let front: RunningNginx;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const [httpsPort, purgePort, secondPort] = [await freePort(), await freePort(), await freePort()];
    const purgeToken = randomBytes(24).toString("base64url");
    const env = {
      NEXTAUTH_URL: `https://127.0.0.1:${httpsPort}`,
      PURGE_ADAPTER: "nginx",
      PURGE_NGINX_URL: `http://127.0.0.1:${purgePort}`,
      PURGE_TOKEN: purgeToken,
      TRUST_PROXY: "1",
    };
    // The first instance is the spec's server again, restarted to purge this nginx; the second shares its database.
    await server.close();
    server = await startOwnServer({ env });
    second = await startOwnServer({ env, port: secondPort, shared: { databaseUrl: server.databaseUrl, secret: server.secret } });
    front = await startNginx({ upstreamPorts: [new URL(server.baseURL).port, secondPort].map(Number), httpsPort, purgePort, purgeToken });
    reviewer = await userOn(server, "reviewer");
    editor = await userOn(server, "editor");
  });

  test.afterAll(async () => {
    await front?.stop();
    await second?.close();
  });

  test("a publish through one instance is seen through the other, and through nginx, on the next request", async ({ browser }) => {
    const claim = await claimOn(server, { publish: false });
    const instances = [server.baseURL, second.baseURL];
    // Both instances have the home page in their own cache, and nginx has it too; none shows the claim.
    for (const base of instances) {
      await fetch(`${base}/`);
      expect(await (await fetch(`${base}/`)).text()).not.toContain(claim.summary);
    }
    const context = await browser.newContext({ baseURL: front.url, ignoreHTTPSErrors: true });
    contexts.push(context);
    await context.request.get("/");
    expect((await context.request.get("/")).headers()["x-cache-status"]).toBe("HIT");

    const page = await context.newPage();
    await signIn(page, editor);
    await new Workspace(page, claim.slug).open();
    await new Workspace(page, claim.slug).publish();

    // nginx's log names the instance that answered the publish (a server action POST).
    const publishedBy = front
      .accessLog()
      .filter((line) => line.includes(`"POST /review/claims/${claim.slug} `))
      .map((line) => /upstream=(\S+)/.exec(line)?.[1])
      .at(-1);
    expect(publishedBy).toMatch(/^127\.0\.0\.1:\d+$/);
    const other = instances.find((base) => !base.endsWith(`:${publishedBy!.split(":")[1]}`));
    expect(other).toBeDefined();

    // The other instance never saw the publish, yet its next answers show it.
    const home = await fetch(`${other}/`);
    expect(await home.text()).toContain(claim.summary);
    const claimPage = await fetch(`${other}/claims/${claim.slug}`);
    expect(claimPage.status).toBe(200);
    expect(await claimPage.text()).toContain(claim.summary);

    // Through nginx: purged and stored again, whichever instance refetched it.
    await expect.poll(() => purged("/", front) && purged(`/claims/${claim.slug}`, front), { timeout: 15_000 }).toBe(true);
    const throughFront = await context.request.get("/");
    expect(throughFront.headers()["x-cache-status"]).toBe("HIT");
    expect(await throughFront.text()).toContain(claim.summary);
  });
});
