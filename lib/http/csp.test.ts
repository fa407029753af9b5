import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match.js";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { config as proxyConfig } from "@/proxy";

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
      expect(matches(proxyConfig.matcher, path), `${path}: proxy.ts`).toBe(false);
    }
  });
});
