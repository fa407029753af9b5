/**
 * Issue #4, item 11: security headers on every response. Pages rendered per
 * request (the reviewer area, sign-in) carry a Content-Security-Policy with a
 * fresh nonce and 'strict-dynamic' (proxy.ts); cached public pages, the API,
 * the feed and next-auth's endpoints carry one static policy (next.config.ts,
 * lib/http/csp.ts). Everywhere: frame-ancestors 'none', X-Frame-Options DENY,
 * nosniff, a Referrer-Policy, and HSTS (next start runs in production).
 *
 * Cookies: next-auth's are HttpOnly and SameSite=Lax. The Secure flag (and the
 * __Secure- cookie names) appear only when NEXTAUTH_URL is https; this server
 * is plain http on 127.0.0.1, so the test asserts that the flag is absent
 * here, not that it would be present behind TLS.
 */
import type { APIRequest, APIRequestContext, APIResponse } from "@playwright/test";
import { z } from "zod";
import { createClaim, createUser, expect, test, uniqueTag, type TestClaim } from "./fixtures";
import { attemptSignIn, serverActions, signOutOverHttp } from "./support/http-security";

const REFERRER_POLICIES = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"];
const ONE_YEAR = 365 * 24 * 60 * 60;

type Policy = "nonce" | "static";

interface RouteCheck {
  name: string;
  path: string;
  method?: "GET" | "POST" | "OPTIONS";
  signedIn?: boolean;
  policy: Policy;
  status: number | number[];
  /** Personal pages must never be stored by a browser or a shared cache. */
  noStore?: boolean;
}

let published: TestClaim | undefined;
let unpublished: TestClaim | undefined;
let adminContext: APIRequestContext | undefined;
let signInCookies: string[] = [];
const seenCookies: { route: string; cookie: string }[] = [];

function setCookies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(60_000);
  const baseURL = process.env.E2E_BASE_URL ?? "";
  const tag = uniqueTag();
  const [admin, reviewer, editor] = await Promise.all([
    createUser({ role: "admin" }),
    createUser({ role: "reviewer" }),
    createUser({ role: "editor" }),
  ]);
  // An article of its own, so publishing outside the server leaves no cached page stale.
  published = await createClaim({
    summary: `Headers check published ${tag}`,
    articleTitle: `Headers article ${tag}`,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });
  unpublished = await createClaim({ summary: `Headers check draft ${tag}`, articleSlug: published.articleSlug });
  adminContext = await playwright.request.newContext({ baseURL });
  // Sign in by hand to keep the answers' Set-Cookie headers.
  const csrf = await adminContext.get("/api/auth/csrf");
  const { csrfToken } = z.object({ csrfToken: z.string() }).parse(await csrf.json());
  const signIn = await adminContext.post("/api/auth/callback/credentials", {
    form: { email: admin.email, password: admin.password, csrfToken, callbackUrl: "/review", json: "true" },
    maxRedirects: 0,
  });
  signInCookies = [...setCookies(csrf), ...setCookies(signIn)];
  expect(signInCookies.some((c) => c.startsWith("next-auth.session-token="))).toBe(true);
});

test.afterAll(async () => {
  await adminContext?.dispose();
});

function routes(): RouteCheck[] {
  if (!published || !unpublished) throw new Error("beforeAll made no claims.");
  const claim = published.slug;
  const article = published.articleSlug;
  return [
    { name: "home", path: "/", policy: "static", status: 200 },
    { name: "home search", path: "/?q=NATO", policy: "static", status: 200 },
    { name: "claim page", path: `/claims/${claim}`, policy: "static", status: 200 },
    { name: "claim page, correction sent", path: `/claims/${claim}?correction=sent`, policy: "static", status: 200 },
    { name: "unpublished claim (404)", path: `/claims/${unpublished.slug}`, policy: "static", status: 404 },
    { name: "article page", path: `/articles/${article}`, policy: "static", status: 200 },
    { name: "methodology", path: "/methodology", policy: "static", status: 200 },
    { name: "corrections log", path: "/corrections", policy: "static", status: 200 },
    { name: "unknown page (404)", path: "/no-such-page", policy: "static", status: 404 },
    // Look-alikes of the nonce paths are ordinary pages: a policy all the same (issue #15).
    { name: "look-alike of /review (404)", path: "/reviewx", policy: "static", status: 404 },
    { name: "look-alike of /review, with a dash (404)", path: "/review-drafts", policy: "static", status: 404 },
    { name: "look-alike of /signin (404)", path: "/signinx", policy: "static", status: 404 },
    { name: "feed", path: "/feed.xml", policy: "static", status: 200 },
    { name: "icon", path: "/icon.svg", policy: "static", status: 200 },
    { name: "API: claims", path: "/api/v1/claims", policy: "static", status: 200 },
    { name: "API: claim", path: `/api/v1/claims/${claim}`, policy: "static", status: 200 },
    { name: "API: unknown claim (404)", path: "/api/v1/claims/no-such-claim", policy: "static", status: 404 },
    { name: "API: article", path: `/api/v1/articles/${article}`, policy: "static", status: 200 },
    { name: "API: OpenAPI", path: "/api/v1/openapi.json", policy: "static", status: 200 },
    { name: "API: preflight", path: "/api/v1/claims", method: "OPTIONS", policy: "static", status: [200, 204] },
    { name: "API: write refused (405)", path: "/api/v1/claims", method: "POST", policy: "static", status: 405 },
    { name: "auth: csrf", path: "/api/auth/csrf", policy: "static", status: 200 },
    { name: "auth: providers", path: "/api/auth/providers", policy: "static", status: 200 },
    { name: "auth: session (signed out)", path: "/api/auth/session", policy: "static", status: 200 },
    { name: "auth: session (signed in)", path: "/api/auth/session", signedIn: true, policy: "static", status: 200 },
    { name: "auth: sign-in page redirect", path: "/api/auth/signin", policy: "static", status: [302, 307] },
    { name: "sign-in page", path: "/signin", policy: "nonce", status: 200, noStore: true },
    { name: "review queue", path: "/review", signedIn: true, policy: "nonce", status: 200, noStore: true },
    {
      name: "claim workspace",
      path: `/review/claims/${unpublished.slug}`,
      signedIn: true,
      policy: "nonce",
      status: 200,
      noStore: true,
    },
    {
      name: "correction requests",
      path: "/review/corrections",
      signedIn: true,
      policy: "nonce",
      status: 200,
      noStore: true,
    },
    { name: "admin: users", path: "/review/admin", signedIn: true, policy: "nonce", status: 200, noStore: true },
    {
      name: "admin: audit log",
      path: "/review/admin/audit",
      signedIn: true,
      policy: "nonce",
      status: 200,
      noStore: true,
    },
    {
      name: "admin: chain check",
      path: "/review/admin/chain",
      signedIn: true,
      policy: "nonce",
      status: 200,
      noStore: true,
    },
    {
      name: "admin: audit export",
      path: "/review/admin/audit/export?format=csv",
      signedIn: true,
      policy: "nonce",
      status: 200,
      noStore: true,
    },
    {
      name: "reviewer area 404",
      path: "/review/claims/no-such-claim",
      signedIn: true,
      policy: "nonce",
      status: 404,
      noStore: true,
    },
  ];
}

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = "", ...values]) => [name.toLowerCase(), values]),
  );
}

function nonceOf(policy: string): string | null {
  return /'nonce-([^']+)'/.exec(directives(policy).get("script-src")?.join(" ") ?? "")?.[1] ?? null;
}

async function fetchRoute(route: RouteCheck, request: APIRequest): Promise<{ response: APIResponse; body: string }> {
  const context = route.signedIn ? adminContext : await request.newContext({ baseURL: process.env.E2E_BASE_URL });
  if (!context) throw new Error("No signed-in context.");
  try {
    const response = await context.fetch(route.path, {
      method: route.method ?? "GET",
      headers:
        route.method === "OPTIONS" ? { Origin: "https://reader.example", "Access-Control-Request-Method": "GET" } : {},
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    for (const cookie of setCookies(response)) seenCookies.push({ route: route.name, cookie });
    return { response, body: route.method === "OPTIONS" ? "" : await response.text() };
  } finally {
    if (!route.signedIn) await context.dispose();
  }
}

test("every route answers with the security headers, and the right Content-Security-Policy", async ({ playwright }) => {
  test.setTimeout(90_000);
  const staticPolicies = new Set<string>();
  for (const route of routes()) {
    const first = await fetchRoute(route, playwright.request);
    const second = await fetchRoute(route, playwright.request);
    for (const { response, body } of [first, second]) {
      const where = `${route.name} (${route.method ?? "GET"} ${route.path}): ${response.status()}`;
      const headers = response.headers();
      expect(Array.isArray(route.status) ? route.status : [route.status], where).toContain(response.status());

      expect(headers["x-content-type-options"], where).toBe("nosniff");
      expect(headers["x-frame-options"], where).toBe("DENY");
      expect(REFERRER_POLICIES, where).toContain(headers["referrer-policy"]);
      expect(headers["x-powered-by"], where).toBeUndefined();
      // next start runs with NODE_ENV=production, so HSTS is on (browsers ignore it over http; it matters behind TLS).
      const hsts = /max-age=(\d+)/.exec(headers["strict-transport-security"] ?? "");
      expect(Number(hsts?.[1] ?? 0), `${where}: HSTS max-age`).toBeGreaterThanOrEqual(ONE_YEAR);
      expect(headers["strict-transport-security"], where).toContain("includeSubDomains");

      const policy = headers["content-security-policy"] ?? "";
      const csp = directives(policy);
      expect(policy, `${where}: no Content-Security-Policy`).not.toBe("");
      expect(csp.get("frame-ancestors"), where).toEqual(["'none'"]);
      expect(csp.get("object-src"), where).toEqual(["'none'"]);
      expect(csp.get("default-src"), where).toEqual(["'self'"]);
      expect(["'self'", "'none'"], where).toContain(csp.get("base-uri")?.join(" "));
      expect(csp.get("form-action"), where).toEqual(["'self'"]);
      const script = csp.get("script-src") ?? [];
      expect(script, where).not.toContain("'unsafe-eval'");
      if (route.policy === "nonce") {
        const nonce = nonceOf(policy);
        expect(nonce, `${where}: no nonce`).not.toBeNull();
        expect(script, where).toContain("'strict-dynamic'");
        expect(script, where).not.toContain("'unsafe-inline'");
        // Next puts the nonce on every script it writes into the page: none runs without it.
        if ((headers["content-type"] ?? "").startsWith("text/html")) {
          const scripts = [...body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
          expect(scripts.length, where).toBeGreaterThan(0);
          for (const tag of scripts) expect(tag, where).toContain(`nonce="${nonce}"`);
        }
      } else {
        expect(nonceOf(policy), `${where}: a cached page must not carry a per-request nonce`).toBeNull();
        staticPolicies.add(policy);
      }
      if (route.noStore) expect(headers["cache-control"] ?? "", where).toMatch(/no-store/);
    }
    if (route.policy === "nonce") {
      // A fresh nonce on every request: one seen before is worth nothing to an attacker.
      const a = nonceOf(first.response.headers()["content-security-policy"] ?? "");
      const b = nonceOf(second.response.headers()["content-security-policy"] ?? "");
      expect(a, route.name).not.toBe(b);
      expect((a ?? "").length, route.name).toBeGreaterThanOrEqual(16);
    }
  }
  // One static policy for everything cached: the same text on every route and every request.
  expect([...staticPolicies]).toHaveLength(1);
});

test("the redirect that sends a signed-out visitor to sign in carries the headers too", async ({ request }) => {
  for (const path of ["/review", "/review/admin", "/review/claims/anything"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    const headers = response.headers();
    const where = `GET ${path} signed out: ${response.status()} → ${headers["location"] ?? ""}`;
    expect(response.status(), where).toBe(307);
    expect(headers["x-content-type-options"], where).toBe("nosniff");
    expect(headers["x-frame-options"], where).toBe("DENY");
    expect(REFERRER_POLICIES, where).toContain(headers["referrer-policy"]);
    expect(headers["strict-transport-security"] ?? "", where).toMatch(/max-age=\d+/);
    // proxy.ts answers these itself (NextResponse.redirect) and next.config.ts leaves /review to proxy.ts's policy.
    expect(headers["content-security-policy"] ?? "", `${where}: no Content-Security-Policy`).toContain(
      "frame-ancestors 'none'",
    );
  }
});

test("static files carry the headers too", async ({ request }) => {
  const home = await (await request.get("/")).text();
  const asset = /(?:href|src)="(\/_next\/static\/[^"]+)"/.exec(home)?.[1];
  expect(asset, "no /_next/static asset linked from the home page").toBeTruthy();
  const response = await request.get(asset ?? "/");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(headers["content-security-policy"] ?? "").toContain("frame-ancestors 'none'");
});

/** A cookie's attributes, lower-cased, by name ("httponly" has the value ""). */
function attributes(cookie: string): { name: string; attrs: Map<string, string> } {
  const [pair = "", ...rest] = cookie.split(";").map((p) => p.trim());
  return {
    name: pair.slice(0, pair.indexOf("=")),
    attrs: new Map(rest.map((a) => [a.split("=")[0]?.toLowerCase() ?? "", a.slice(a.indexOf("=") + 1).toLowerCase()])),
  };
}

test("session cookies are HttpOnly and SameSite=Lax (Secure only behind https)", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const user = await createUser({ role: "reviewer" });
  const context = await playwright.request.newContext({ baseURL });
  try {
    // The sign-in from beforeAll, a failed and a successful one, and a sign-out: every cookie any of them sets.
    const failed = await attemptSignIn(
      context,
      { email: user.email, password: `${user.password}-wrong` },
      "192.0.2.77",
    );
    expect(failed.signedIn).toBe(false);
    expect((await attemptSignIn(context, user)).signedIn).toBe(true);
    const signOut = await signOutOverHttp(context);
    const cookies = [...signInCookies, ...setCookies(signOut), ...seenCookies.map((c) => c.cookie)];
    const names = new Set(cookies.map((c) => attributes(c).name));
    expect([...names]).toEqual(
      expect.arrayContaining(["next-auth.session-token", "next-auth.csrf-token", "next-auth.callback-url"]),
    );

    for (const cookie of cookies) {
      const { name, attrs } = attributes(cookie);
      expect(attrs.has("httponly"), `${name} is not HttpOnly: ${cookie}`).toBe(true);
      expect(attrs.get("samesite"), `${name} SameSite: ${cookie}`).toBe("lax");
      expect(attrs.get("path"), `${name} Path: ${cookie}`).toBe("/");
      // Over plain http next-auth neither sets Secure nor uses the __Secure- names (NEXTAUTH_URL decides).
      expect(attrs.has("secure"), `${name}: Secure over http`).toBe(false);
      expect(name.startsWith("__Secure-") || name.startsWith("__Host-"), name).toBe(false);
    }
    // The session cookie of a sign-in expires with the idle lifetime (lib/auth/options.ts), never "session" (until the browser closes).
    const session = signInCookies.map(attributes).find((c) => c.name === "next-auth.session-token");
    expect(session?.attrs.has("expires")).toBe(true);
  } finally {
    await context.dispose();
  }
});

test("a server action posted to a public page is answered no-store, never with the public cache header", async ({
  playwright,
  baseURL,
}) => {
  if (!published) throw new Error("beforeAll made no claims.");
  const action = serverActions().find((a) => a.key.endsWith("#requestCorrectionAction"));
  if (!action) throw new Error("No requestCorrectionAction in the build.");
  const context = await playwright.request.newContext({ baseURL });
  try {
    const path = `/claims/${published.slug}`;
    // The page itself is public and cacheable: the rule below must not leak onto it.
    expect((await context.get(path)).headers()["cache-control"]).toMatch(/public/);
    for (const shape of ["js-with-state", "no-js"] as const) {
      // Too short a message: refused, nothing stored, so the test leaves no correction request behind.
      const response = await context.post(path, {
        headers: {
          Origin: new URL(baseURL ?? "").origin,
          ...(shape === "no-js" ? {} : { "Next-Action": action.id, Accept: "text/x-component" }),
          "X-Forwarded-For": "192.0.2.201",
        },
        multipart: (() => {
          const form = new FormData();
          const fields = { slug: published.slug, message: "short" };
          for (const [name, value] of Object.entries(fields)) form.append(shape === "no-js" ? name : `_1_${name}`, value);
          if (shape === "no-js") form.append(`$ACTION_ID_${action.id}`, "");
          else form.append("0", JSON.stringify([null, "$K1"]));
          return form;
        })(),
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      const cacheControl = response.headers()["cache-control"] ?? "";
      expect(cacheControl, `${shape}: ${response.status()}`).toMatch(/no-store/);
      expect(cacheControl, shape).not.toMatch(/public|s-maxage/);
    }
  } finally {
    await context.dispose();
  }
});
