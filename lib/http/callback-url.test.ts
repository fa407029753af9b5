import { describe, expect, it } from "vitest";
import { AFTER_SIGN_IN, safeCallbackPath, signInOrigin } from "./callback-url";

const ORIGIN = "https://desk.claimtrail.test";

/** What the sign-in page hands on: the query string already decoded once, as searchParams gives it. */
const fromQuery = (query: string) => new URLSearchParams(query).get("callbackUrl");

describe("the target after sign-in", () => {
  it.each([
    ["/review", "/review"],
    ["/review/claims/turkey-iran?tab=evidence#history", "/review/claims/turkey-iran?tab=evidence#history"],
    ["/review/articles/a%20b", "/review/articles/a%20b"],
    [`${ORIGIN}/review/admin`, "/review/admin"],
    ["review/corrections", "/review/corrections"],
    // Odd, but a path on this site all the same: what comes back is only ever a path.
    ["https:evil.example", "/evil.example"],
    ["/%", "/%"],
  ])("keeps a place on this site: %s", (raw, expected) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(expected);
  });

  it.each([
    // The review's finding: the tab is stripped by the URL parser, leaving "//evil.example".
    fromQuery("callbackUrl=/%09/evil.example"),
    "/\t/evil.example",
    "/\t/evil",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u0000/evil.example",
    "/\u001f/evil.example",
    "/\u007f/evil.example",
    "\t//evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example",
    "https://evil.example/review",
    "http://desk.claimtrail.test/review",
    `${ORIGIN}.evil.example/review`,
    `${ORIGIN}@evil.example/review`,
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%2509/evil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    fromQuery("callbackUrl=%2F%5Cevil.example"),
    fromQuery("callbackUrl=%2F%2Fevil.example"),
    fromQuery("callbackUrl=https%3A%2F%2Fevil.example"),
    "/.//evil.example",
    "/./\\evil.example",
    "",
    `/${"a".repeat(2001)}`,
  ])("refuses %j and sends the visitor to the queue", (raw) => {
    const target = safeCallbackPath(raw, ORIGIN);
    expect(target).toBe(AFTER_SIGN_IN);
    // Whatever comes back stays on our origin, as a browser would resolve it.
    expect(new URL(target, ORIGIN).origin).toBe(ORIGIN);
  });

  it("refuses what is not a string at all", () => {
    for (const raw of [undefined, null, 42, ["/review", "//evil.example"], { toString: () => "/review" }]) {
      expect(safeCallbackPath(raw, ORIGIN)).toBe(AFTER_SIGN_IN);
    }
  });

  it("resolves against NEXTAUTH_URL's origin", () => {
    expect(signInOrigin({ NEXTAUTH_URL: "https://desk.example.org/" })).toBe("https://desk.example.org");
    expect(signInOrigin({})).toBe("http://localhost");
    expect(signInOrigin({ NEXTAUTH_URL: "not a url" })).toBe("http://localhost");
    expect(safeCallbackPath("https://desk.example.org/review/admin", signInOrigin({ NEXTAUTH_URL: "https://desk.example.org" }))).toBe(
      "/review/admin",
    );
  });
});
