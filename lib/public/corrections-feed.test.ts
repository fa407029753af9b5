import { parseFeed } from "@rowanmanning/feed-parser";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { claims } from "@/db/schema";
import { getPublishedClaim } from "@/lib/public/published-claim";
import { unpublishClaim } from "@/lib/claims/publication";
import type { SiteConfig } from "@/lib/site";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { seedDemoDesk } from "@/lib/demo/demo-desk";
import { GET as feedRoute } from "@/app/feed.xml/route";
import { listCorrections } from "./corrections";
import { buildAtomFeed, escapeXml } from "./feed";
import { HOSTILE_SUMMARY, seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";

const SITE: SiteConfig = { url: "https://factcheck.example", orgName: "Example Fact Check", orgUrl: "https://example.org" };

describe("an empty desk", () => {
  let db: ReturnType<typeof useTemporaryDatabase>;
  beforeAll(() => {
    db = useTemporaryDatabase();
  });
  afterAll(() => db.cleanup());

  it("has an empty corrections log and a valid, empty feed", () => {
    expect(listCorrections({})).toEqual([]);
    const feed = parseFeed(buildAtomFeed(SITE));
    expect(feed.meta.type).toBe("atom");
    expect(feed.items).toHaveLength(0);
    expect(feed.updated?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
  });

  it("gives the demo desk's two verdicts as feed entries", async () => {
    await seedDemoDesk();
    const feed = parseFeed(buildAtomFeed(SITE));
    expect(feed.items).toHaveLength(2);
    expect(feed.items.map((i) => i.title?.split(":")[0]).sort()).toEqual(["Disputed", "Sourced"]);
    expect(listCorrections({})).toEqual([]);
  });
});

describe("with corrections and withdrawals", () => {
  let db: ReturnType<typeof useTemporaryDatabase>;
  let desk: PublicDesk;
  beforeAll(async () => {
    db = useTemporaryDatabase();
    desk = await seedPublicDesk();
  });
  afterAll(() => db.cleanup());

  describe("listCorrections", () => {
    it("lists corrections and withdrawals newest first, with reasons and verdicts", () => {
      const log = listCorrections({});
      expect(log.map((e) => e.kind)).toEqual(["unpublished", "correction"]);
      const [withdrawal, correction] = log;
      expect(correction).toMatchObject({
        claimSlug: desk.corrected,
        kind: "correction",
        previousStatus: "sourced",
        status: "disputed",
        reason: "The U.N. revised its statement.",
        claimIsPublic: true,
        summary: getPublishedClaim(desk.corrected)?.verdict.summary,
      });
      expect(withdrawal).toMatchObject({
        claimSlug: desk.withdrawn,
        kind: "unpublished",
        previousStatus: "sourced",
        status: null,
        reason: "Published by mistake before review.",
        claimIsPublic: false,
        summary: "Israel's Foreign Ministry condemned Erdogan's remarks",
      });
      expect(Date.parse(withdrawal?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(correction?.at ?? ""));
    });

    it("pages with limit and before, and shrugs off bad values", () => {
      const [first, second] = listCorrections({});
      expect(listCorrections({ limit: 1 })).toEqual([first]);
      expect(listCorrections({ limit: "1", before: first?.at })).toEqual([second]);
      expect(listCorrections({ before: "2000-01-01T00:00:00Z" })).toEqual([]);
      expect(listCorrections({ limit: "lots", before: "yesterday" })).toHaveLength(2);
      expect(listCorrections({ limit: ["1"] })).toHaveLength(1);
    });
  });

  describe("buildAtomFeed", () => {
    it("parses as Atom with one entry per publication and correction, newest first", () => {
      const feed = parseFeed(buildAtomFeed(SITE));
      expect(feed.meta.type).toBe("atom");
      expect(feed.title).toBe("Example Fact Check: verdicts and corrections");
      expect(feed.self).toBe(`${SITE.url}/feed.xml`);
      expect(feed.url).toBe(`${SITE.url}/`);
      expect(feed.authors[0]?.name).toBe(SITE.orgName);

      const published = desk.published.length;
      // Every current verdict once, plus the correction; the withdrawn claim not at all.
      expect(feed.items).toHaveLength(published + 1);
      const times = feed.items.map((i) => i.updated?.getTime() ?? 0);
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(feed.updated?.getTime()).toBe(times[0]);
      expect(new Set(feed.items.map((i) => i.id)).size).toBe(feed.items.length);

      for (const item of feed.items) {
        const slug = item.url?.replace(`${SITE.url}/claims/`, "");
        expect(desk.published).toContain(slug);
        expect(item.id).toMatch(new RegExp(`^${SITE.url}/claims/${slug}#publication-\\d+$`));
        expect(item.title).toMatch(/^(Sourced|Disputed|Unverified|Correction — now (Sourced|Disputed|Unverified)): ./);
        expect(item.description?.length).toBeGreaterThan(0);
        expect(item.authors[0]?.name).toBe(SITE.orgName);
      }
      expect(feed.items.map((i) => i.url)).not.toContain(`${SITE.url}/claims/${desk.withdrawn}`);
    });

    it("shows the correction with its reason, and the original publication as it was", () => {
      const feed = parseFeed(buildAtomFeed(SITE));
      const entries = feed.items.filter((i) => i.url === `${SITE.url}/claims/${desk.corrected}`);
      expect(entries.map((i) => i.title)).toEqual([
        `Correction — now Disputed: U.N. has found ministry figures "reliable" before; verification must wait`,
        `Sourced: U.N. has found ministry figures "reliable" before; verification must wait`,
      ]);
      expect(entries[0]?.description).toContain("The U.N. revised its statement.");
      expect(entries[0]?.description).toContain("was Sourced, now Disputed");
      expect(entries[1]?.description).toMatch(/on the record/);
    });

    it("escapes text that looks like markup", () => {
      const xml = buildAtomFeed(SITE);
      const feed = parseFeed(xml);
      // The parser decodes entities in titles once more than Atom's type="text" asks, so check the XML itself too.
      expect(feed.items.find((i) => i.url?.endsWith(desk.hostile))?.title).toContain(`Disputed: O'Brien: "</script><b>`);
      expect(xml).toContain(`<title type="text">Disputed: ${escapeXml(HOSTILE_SUMMARY)}</title>`);
      expect(escapeXml(HOSTILE_SUMMARY)).toContain("&amp;amp;");
      expect(xml).not.toContain("</script>");
      expect(xml).not.toContain("<!--");
      expect(escapeXml(`a\u0000b\uFFFE<&>"'\uD800`)).toBe("ab&lt;&amp;&gt;&quot;&apos;");
    });

    it("drops a verdict's entries once it is withdrawn", () => {
      expect(getPublishedClaim(desk.hostile)).not.toBeNull();
      unpublishClaim({ by: desk.editor, claimId: idOf(desk.hostile), reason: "Test withdrawal." });
      const feed = parseFeed(buildAtomFeed(SITE));
      expect(feed.items.map((i) => i.url)).not.toContain(`${SITE.url}/claims/${desk.hostile}`);
      expect(listCorrections({})[0]).toMatchObject({ claimSlug: desk.hostile, kind: "unpublished", summary: HOSTILE_SUMMARY });
    });
  });

  describe("GET /feed.xml", () => {
    it("serves Atom with its content type, caching headers and a 304 for a matching ETag", async () => {
      const response = await feedRoute(new Request("http://localhost/feed.xml"));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("public, max-age=60, s-maxage=300, stale-while-revalidate=600");
      const etag = response.headers.get("etag");
      expect(parseFeed(await response.text()).items.length).toBeGreaterThan(0);
      const again = await feedRoute(new Request("http://localhost/feed.xml", { headers: { "If-None-Match": etag ?? "" } }));
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    });
  });
});

function idOf(slug: string): number {
  const row = getDb().select({ id: claims.id }).from(claims).where(eq(claims.slug, slug)).get();
  if (!row) throw new Error(`no claim ${slug}`);
  return row.id;
}
