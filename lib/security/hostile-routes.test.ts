import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { seedPublicDesk } from "@/lib/testing/public-desk";
import { searchPublished } from "@/lib/public/search";
import { submitCorrectionRequest } from "@/lib/public/correction-requests";
import { isAppError } from "@/lib/errors";
import * as articleRoute from "@/app/api/v1/articles/[slug]/route";
import * as claimRoute from "@/app/api/v1/claims/[slug]/route";
import * as claimsRoute from "@/app/api/v1/claims/route";
import * as feedRoute from "@/app/feed.xml/route";

// Issue #4, bad input everywhere: random and hostile query strings, slugs and
// form fields at every public route handler and public entry point. The answer
// is a 2xx/3xx/4xx with a clear body, never a 500, and nothing is written.

const BASE = "http://localhost:3000";
let db: ReturnType<typeof useTemporaryDatabase>;
let publishedSlug: string;

beforeAll(async () => {
  db = useTemporaryDatabase();
  const desk = await seedPublicDesk();
  publishedSlug = desk.published[0] ?? "";
});
afterAll(() => db.cleanup());

const nasty = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("", "%", "%00", "\u0000", "'", '"', "NEAR(", "*", "-", "AND OR NOT", "a:b", "../..", "<script>", "9".repeat(40), "1e999", "-1", "null", "[object Object]", "x".repeat(5_000)),
);
const paramNames = fc.constantFrom("status", "claimant", "article", "q", "updatedSince", "limit", "cursor", "page", "pageSize", "__proto__", "constructor", "", "Q");

function counts() {
  const { sqlite } = getConnection();
  const n = (t: string) => (sqlite.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
  return { audit: n("audit_events"), requests: n("correction_requests"), claims: n("claims") };
}

async function expectClean(response: Response) {
  expect(response.status).toBeLessThan(500);
  const body = await response.text();
  expect(body).not.toMatch(/SQLITE_|at \w+ \(\/|node_modules|TypeError|SyntaxError: /);
  if (response.status >= 400 && response.headers.get("content-type")?.includes("json")) {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    expect(typeof parsed.error?.message).toBe("string");
  }
}

describe("hostile requests to public route handlers", () => {
  it("/api/v1/claims answers every query string with 200, 304 or a 400 naming the problem", async () => {
    const before = counts();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(paramNames, nasty), { maxLength: 4 }), async (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        await expectClean(await claimsRoute.GET(new Request(`${BASE}/api/v1/claims?${query}`)));
      }),
      { numRuns: 300 },
    );
    expect(counts()).toEqual(before);
  });

  it("slug routes answer any slug with 200 or a JSON 404", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nasty, fc.constant(publishedSlug)), async (slug) => {
        const url = `${BASE}/api/v1/claims/${encodeURIComponent(slug)}`;
        await expectClean(await claimRoute.GET(new Request(url), { params: Promise.resolve({ slug }) }));
        await expectClean(await articleRoute.GET(new Request(url), { params: Promise.resolve({ slug }) }));
      }),
      { numRuns: 200 },
    );
  });

  it("the feed ignores whatever query and headers come with it", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (q, etag) => {
        const headers = new Headers();
        try {
          headers.set("If-None-Match", etag);
        } catch {
          // Not a legal header value: a browser could not send it either.
        }
        const response = await feedRoute.GET(new Request(`${BASE}/feed.xml?${new URLSearchParams({ q })}`, { headers }));
        expect([200, 304]).toContain(response.status);
      }),
      { numRuns: 100 },
    );
  });
});

describe("hostile input to public entry points", () => {
  it("search takes anything a reader types", () => {
    fc.assert(
      fc.property(fc.record({ q: nasty, status: nasty, claimant: nasty, article: nasty, page: nasty, pageSize: nasty }), (input) => {
        const result = searchPublished(input);
        expect(result.items.length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 300 },
    );
  });

  it("correction requests refuse bad fields with a message and store nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ slug: fc.oneof(nasty, fc.constant(publishedSlug)), message: nasty, email: nasty }), async (input) => {
        const before = counts();
        try {
          await submitCorrectionRequest({ ...input, address: "198.51.100.7" });
        } catch (error) {
          if (!isAppError(error)) throw error;
          expect(counts()).toEqual(before);
        }
      }),
      { numRuns: 200 },
    );
  });
});
