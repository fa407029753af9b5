import { isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { claims } from "@/db/schema";
import { getPublishedClaim, type PublishedClaim } from "@/lib/public/published-claim";
import type { SiteConfig } from "@/lib/site";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { seedDemoDesk } from "@/lib/demo/demo-desk";
import { claimReviewJsonLd, personOrOrganization, serializeJsonLd } from "./claim-review";
import { organizationJsonLd } from "./organization";
import { HOSTILE_SUMMARY, seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";

const SITE: SiteConfig = { url: "https://factcheck.example", orgName: "Example Fact Check", orgUrl: "https://example.org" };

let db: ReturnType<typeof useTemporaryDatabase>;

afterAll(() => db.cleanup());

function publishedClaims(): PublishedClaim[] {
  return getDb()
    .select({ slug: claims.slug })
    .from(claims)
    .where(isNotNull(claims.publishedAt))
    .all()
    .map((row) => {
      const claim = getPublishedClaim(row.slug);
      if (!claim) throw new Error(`published claim ${row.slug} did not load`);
      return claim;
    });
}

/** The required and recommended properties of Google's fact-check structured data. */
function expectGoogleClaimReview(claim: PublishedClaim, value: unknown) {
  // Read back as JSON, the way a crawler sees it, not through our types.
  const ld = JSON.parse(serializeJsonLd(value));
  expect(ld["@context"]).toBe("https://schema.org");
  expect(ld["@type"]).toBe("ClaimReview");
  expect(typeof ld.claimReviewed).toBe("string");
  expect(ld.claimReviewed.trim().length).toBeGreaterThan(0);
  expect(Array.from(ld.claimReviewed as string).length).toBeLessThanOrEqual(75);
  expect(ld.url).toBe(`${SITE.url}/claims/${claim.slug}`);
  expect(new URL(ld.url).href).toBe(ld.url);
  expect(ld.author).toEqual(organizationJsonLd(SITE));
  expect(ld.author).toMatchObject({ "@type": "NewsMediaOrganization", name: SITE.orgName, url: SITE.orgUrl });
  expect(ld.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(Number.isNaN(Date.parse(ld.datePublished))).toBe(false);
  expect(ld.reviewRating["@type"]).toBe("Rating");
  expect(["Sourced", "Disputed", "Unverified"]).toContain(ld.reviewRating.alternateName);
  expect(ld.reviewRating.ratingExplanation).toBe(claim.verdict.rationale);
  expect(ld.reviewRating.ratingValue).toBeGreaterThanOrEqual(ld.reviewRating.worstRating);
  expect(ld.reviewRating.ratingValue).toBeLessThanOrEqual(ld.reviewRating.bestRating);
  expect(ld.itemReviewed["@type"]).toBe("Claim");
  const appearance = ld.itemReviewed.appearance ?? ld.itemReviewed.firstAppearance;
  expect(appearance?.["@type"]).toBe("CreativeWork");
  expect(new URL(appearance.url).protocol).toMatch(/^https?:$/);
  if (claim.verdict.claimant) expect(ld.itemReviewed.author.name).toBe(claim.verdict.claimant);
  else expect(ld.itemReviewed.author).toBeUndefined();
}

describe("ClaimReview JSON-LD over the demo desk", () => {
  beforeAll(async () => {
    db = useTemporaryDatabase();
    await seedDemoDesk();
  });

  it("has Google's required fields on every published claim the demo produces", () => {
    const published = publishedClaims();
    expect(published.length).toBeGreaterThanOrEqual(2);
    for (const claim of published) {
      expectGoogleClaimReview(claim, claimReviewJsonLd(claim, SITE));
      expect(claimReviewJsonLd(claim, SITE).reviewRating).toMatchObject({
        alternateName: claim.verdict.status === "disputed" ? "Disputed" : "Sourced",
        ratingValue: claim.verdict.status === "disputed" ? 1 : 3,
        bestRating: 3,
        worstRating: 1,
      });
    }
  });

  it("links the appearance to our article page when the article has no URL of its own", () => {
    const [claim] = publishedClaims();
    if (!claim) throw new Error("no published claim");
    expect(claim.article.url).toBeNull();
    const ld = claimReviewJsonLd(claim, SITE);
    expect(ld.itemReviewed).toMatchObject({
      appearance: { url: `${SITE.url}/articles/${claim.article.slug}`, headline: claim.article.title, datePublished: "2023-11-15" },
    });
    expect(claimReviewJsonLd({ ...claim, article: { ...claim.article, url: "https://news.example/story" } }, SITE).itemReviewed).toMatchObject({
      appearance: { url: "https://news.example/story" },
    });
  });
});

describe("ClaimReview JSON-LD over corrections and hostile text", () => {
  let desk: PublicDesk;
  beforeAll(async () => {
    db.cleanup();
    db = useTemporaryDatabase();
    desk = await seedPublicDesk();
  });

  it("keeps every published claim valid, corrected ones with dateModified", () => {
    for (const claim of publishedClaims()) expectGoogleClaimReview(claim, claimReviewJsonLd(claim, SITE));
    const corrected = getPublishedClaim(desk.corrected);
    if (!corrected) throw new Error("corrected claim missing");
    const ld = claimReviewJsonLd(corrected, SITE);
    expect(ld.dateModified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ld.reviewRating).toMatchObject({ alternateName: "Disputed" });
    expect(ld.correction).toEqual({
      "@type": "CorrectionComment",
      text: "Verdict changed from Sourced to Disputed. The U.N. revised its statement.",
      datePublished: ld.dateModified,
    });
  });

  it("gives a verdict that was never corrected neither dateModified nor a correction", () => {
    const neverCorrected = publishedClaims().filter((c) => !c.history.some((e) => e.kind === "correction"));
    expect(neverCorrected.length).toBeGreaterThan(0);
    for (const claim of neverCorrected) {
      const ld = claimReviewJsonLd(claim, SITE);
      expect(ld.dateModified).toBeUndefined();
      expect(ld.correction).toBeUndefined();
    }
  });

  it("serializes so nothing can close the script element, and parses back to the same object", () => {
    const claim = getPublishedClaim(desk.hostile);
    if (!claim) throw new Error("hostile claim missing");
    const ld = claimReviewJsonLd(claim, SITE);
    expect(ld.claimReviewed).toBe(HOSTILE_SUMMARY);
    const json = serializeJsonLd(ld);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(ld);
    expect(serializeJsonLd({ a: "</script><!--&\u2029" })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2029"}');
  });

  it("shortens a summary over 75 characters rather than break Google's limit", () => {
    const claim = getPublishedClaim(desk.corrected);
    if (!claim) throw new Error("corrected claim missing");
    const long = claimReviewJsonLd({ ...claim, verdict: { ...claim.verdict, summary: "word ".repeat(30) } }, SITE);
    expect(Array.from(String(long.claimReviewed)).length).toBeLessThanOrEqual(75);
    expect(String(long.claimReviewed).endsWith("…")).toBe(true);
  });
});

describe("personOrOrganization", () => {
  it("tells organisations from people by the words in their name", () => {
    for (const name of ["Gaza Health Ministry", "Biden administration", "Fox News Digital", "U.N.", "NATO", "Times of Israel"]) {
      expect(personOrOrganization(name)["@type"], name).toBe("Organization");
    }
    for (const name of ["Recep Tayyip Erdogan", "Lior Haiat", "Stephane Dujarric", "Kim Jong Un"]) {
      expect(personOrOrganization(name)["@type"], name).toBe("Person");
    }
  });
});
