import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match.js";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { NextRequest } from "next/server";
import { config as proxyConfig, proxy } from "@/proxy";

/**
 * Which paths get which Content-Security-Policy, asked of the very patterns
 * Next is given (next.config.ts headers, proxy.ts matcher) with Next's own
 * path matcher. The browser suite checks the headers on a running server
 * (e2e/security-headers.spec.ts).
 */
async function staticPolicySources(): Promise<string[]> {
  const rules = (await nextConfig.headers?.()) ?? [];
  return rules.filter((rule) => rule.headers.some((h) => h.key === "Content-Security-Policy")).map((rule) => rule.source);
}

const matches = (patterns: readonly string[], path: string) =>
  patterns.some((pattern) => getPathMatch(pattern, { removeUnnamedParams: true, strict: true })(path) !== false);

const NONCE_PATHS = ["/review", "/review/claims/x", "/review/admin/audit", "/signin", "/signin/x"];
const STATIC_PATHS = [
  "/",
  "/reviewx",
  "/review-x",
  "/reviews",
  "/signinx",
  "/signin-help",
  "/claims/a-claim",
  "/articles/x",
  "/api/v1/claims",
  "/api/auth/csrf",
  "/feed.xml",
  "/no-such-page",
];

describe("Content-Security-Policy coverage", () => {
  it("gives the reviewer area and sign-in, whole path segments only, a nonce from proxy.ts", async () => {
    const statics = await staticPolicySources();
    for (const path of NONCE_PATHS) {
      expect(matches(proxyConfig.matcher, path), `${path}: proxy.ts`).toBe(true);
      expect(matches(statics, path), `${path}: static policy too`).toBe(false);
    }
  });

  it("gives every other path, look-alikes such as /reviewx included, the static policy", async () => {
    const statics = await staticPolicySources();
    for (const path of STATIC_PATHS) {
      expect(matches(statics, path), `${path}: static policy`).toBe(true);
      // The home page passes through proxy.ts only to send a search to its cached page (below).
      if (path !== "/") expect(matches(proxyConfig.matcher, path), `${path}: proxy.ts`).toBe(false);
    }
  });

  it("sends a search to its cached page and gives the home page no nonce, so it keeps the static policy", () => {
    const home = proxy(new NextRequest("http://localhost/"));
    expect(home.headers.get("Content-Security-Policy")).toBeNull();
    expect(home.headers.get("x-middleware-rewrite")).toBeNull();

    const search = proxy(new NextRequest("http://localhost/?q=water&status=sourced&page=1"));
    expect(search.headers.get("Content-Security-Policy")).toBeNull();
    const target = new URL(search.headers.get("x-middleware-rewrite") ?? "http://localhost/");
    expect(target.pathname).toMatch(/^\/search\/[A-Za-z0-9_-]+$/);
    expect(target.search).toBe("");
    // Spelled another way, the same search goes to the same page.
    const again = proxy(new NextRequest("http://localhost/?status=sourced&q=water&claimant="));
    expect(again.headers.get("x-middleware-rewrite")).toBe(search.headers.get("x-middleware-rewrite"));
  });
});
