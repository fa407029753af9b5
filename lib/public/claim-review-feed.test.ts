import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getConnection, openSnapshot } from "@/db/client";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { expandOffline, SCHEMA } from "@/lib/testing/offline-jsonld";
import { seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";
import { publishClaim } from "@/lib/claims/publication";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { setClaimStatus } from "@/lib/claims/claims";
import { getClaimReviewFeed, publishedClaimsAfter } from "./claim-review-feed";

let db: ReturnType<typeof useTemporaryDatabase>;
let desk: PublicDesk;

beforeAll(async () => {
  process.env.SITE_URL = "https://factcheck.example";
  db = useTemporaryDatabase();
  desk = await seedPublicDesk();
});
afterAll(() => {
  db.cleanup();
  delete process.env.SITE_URL;
});

const FEED = "https://factcheck.example/api/v1/claimreview.json";

async function fetchFeed(headers: Record<string, string> = {}, url = FEED) {
  const response = await getClaimReviewFeed(new Request(url, { headers }));
  return { response, text: response.status === 200 ? await response.text() : "" };
}

const values = (node: unknown, property: string): unknown[] => {
  const parsed = z.record(z.string(), z.unknown()).parse(node);
  return z.array(z.unknown()).parse(parsed[`${SCHEMA}${property}`] ?? []);
};
const types = (node: unknown): string[] => z.object({ "@type": z.array(z.string()) }).parse(node)["@type"];
const value = (node: unknown): unknown => z.object({ "@value": z.unknown() }).parse(node)["@value"];

describe("GET /api/v1/claimreview.json", () => {
  it("is a DataFeed of one ClaimReview per published verdict, read back as JSON-LD", async () => {
    const { response, text } = await fetchFeed();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    expect(response.headers.get("cache-control")).toMatch(/^public, /);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{43}"$/);

    const expanded = await expandOffline(JSON.parse(text));
    expect(expanded).toHaveLength(1);
    const feed = expanded[0];
    expect(types(feed)).toEqual([`${SCHEMA}DataFeed`]);
    const elements = values(feed, "dataFeedElement");
    expect(elements).toHaveLength(desk.published.length);
    const urls: unknown[] = [];
    for (const element of elements) {
      expect(types(element)).toEqual([`${SCHEMA}ClaimReview`]);
      const [claim] = values(element, "itemReviewed");
      expect(types(claim)).toEqual([`${SCHEMA}Claim`]);
      const [rating] = values(element, "reviewRating");
      expect(types(rating)).toEqual([`${SCHEMA}Rating`]);
      expect(values(rating, "ratingValue").map(value)).toEqual([expect.any(Number)]);
      expect(values(rating, "alternateName").map(value)).toEqual([expect.stringMatching(/^(Sourced|Disputed|Unverified)$/)]);
      const [url] = values(element, "url").map(value);
      urls.push(url);
      expect(values(element, "claimReviewed").map(value)).toEqual([expect.any(String)]);
    }
    expect(urls.sort()).toEqual(desk.published.map((slug) => `https://factcheck.example/claims/${slug}`).sort());
    // Nothing unpublished: neither drafts nor the withdrawn claim.
    for (const slug of [...desk.drafts, desk.withdrawn]) expect(text).not.toContain(`/claims/${slug}"`);
    expect(text).not.toContain(desk.unpublishedEvidenceTitle);
  });

  it("answers If-None-Match with a bodiless 304, until the desk changes", async () => {
    const first = await fetchFeed();
    const etag = first.response.headers.get("etag") ?? "";
    const again = await fetchFeed();
    expect(again.response.headers.get("etag")).toBe(etag);
    expect(again.text).toBe(first.text);

    const notModified = await getClaimReviewFeed(new Request(FEED, { headers: { "If-None-Match": `"other", ${etag}` } }));
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    expect(notModified.headers.get("etag")).toBe(etag);

    // A correction changes the feed and its tag.
    const slug = desk.published[0] ?? "";
    const ws = getClaimWorkspace({ by: desk.reviewer, slug });
    if (!ws) throw new Error("no claim");
    const set = setClaimStatus({ by: desk.reviewer, claimId: ws.id, expectedVersion: ws.version, status: "unverified", rationale: "Unclear now." });
    publishClaim({ by: desk.editor, claimId: ws.id, expectedVersion: set.version, reason: "The source was withdrawn." });
    const changed = await getClaimReviewFeed(new Request(FEED, { headers: { "If-None-Match": etag } }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.text()).toContain("Unclear now.");
  });

  it("refuses query parameters with a 400 naming them", async () => {
    const { response } = await fetchFeed({}, `${FEED}?page=2`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { parameter: "page" } });
  });

  it("reads published claims a page at a time in id order, from one snapshot", () => {
    const snapshot = openSnapshot();
    try {
      const seen: string[] = [];
      let after = 0;
      for (;;) {
        const page = publishedClaimsAfter(snapshot, after, 2);
        if (page.claims.length === 0) break;
        expect(page.claims.length).toBeLessThanOrEqual(2);
        seen.push(...page.claims.map((c) => c.slug));
        after = page.lastId;
      }
      expect(seen.sort()).toEqual([...desk.published].sort());
      // A write after the snapshot was taken is not seen by it.
      const before = publishedClaimsAfter(snapshot, 0, 1000).claims.length;
      getConnection().sqlite.prepare("update claims set published_at = null, published_snapshot = null where slug = ?").run(desk.hostile);
      expect(publishedClaimsAfter(snapshot, 0, 1000).claims.length).toBe(before);
    } finally {
      snapshot.close();
    }
  });
});
