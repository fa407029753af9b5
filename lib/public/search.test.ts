import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { addEvidence } from "@/lib/claims/evidence";
import { getClaimWorkspace } from "@/lib/claims/workspace";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { setClaimStatus } from "@/lib/claims/claims";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { searchParamsSchema, searchPublished, type SearchItem } from "./search";
import { HOSTILE_CLAIMANT, HOSTILE_SUMMARY, seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";
import { HOSTILE_QUERIES } from "@/lib/testing/hostile-queries";

let db: ReturnType<typeof useTemporaryDatabase>;
let desk: PublicDesk;

beforeAll(async () => {
  db = useTemporaryDatabase();
  desk = await seedPublicDesk();
});
afterAll(() => db.cleanup());

const slugs = (items: SearchItem[]) => items.map((i) => i.slug);
const matched = (item: SearchItem | undefined) =>
  [...(item?.highlights.summary ?? []), ...(item?.highlights.text ?? [])]
    .filter((s) => s.match)
    .map((s) => s.text.toLowerCase());

describe("searchPublished", () => {
  it("lists every published verdict, newest first, and nothing else", () => {
    const result = searchPublished({ pageSize: 50 });
    expect(result.total).toBe(desk.published.length);
    expect(slugs(result.items).sort()).toEqual([...desk.published].sort());
    const times = result.items.map((i) => i.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
    for (const hidden of [...desk.drafts, desk.withdrawn]) expect(slugs(result.items)).not.toContain(hidden);
    expect(result.counts.sourced + result.counts.disputed + result.counts.unverified).toBe(result.total);
    expect(result.query).toEqual({ q: "", status: null, claimant: null, article: null, page: 1, pageSize: 50 });
  });

  it("finds by summary, claim text, claimant and article title, with highlights", () => {
    const byClaimant = searchPublished({ q: "erdogan" });
    expect(byClaimant.total).toBeGreaterThan(0);
    for (const item of byClaimant.items) expect(item.claimant ?? item.summary).toMatch(/Erdogan/);
    expect(matched(byClaimant.items[0])).toContain("erdogan");

    const byText = searchPublished({ q: "mujahideen" });
    expect(slugs(byText.items)).toHaveLength(1);
    expect(matched(byText.items[0])).toContain("mujahideen");
    const joined = byText.items[0]?.highlights.summary.map((s) => s.text).join("");
    expect(joined).toBe(byText.items[0]?.summary);

    const byTitle = searchPublished({ q: "NATO allies apart Ankara" });
    expect(byTitle.total).toBeGreaterThan(0);
    const titleMatches = byTitle.items[0]?.highlights.articleTitle
      .filter((s) => s.match)
      .map((s) => s.text.toLowerCase());
    expect(titleMatches).toContain("ankara");
    expect(byTitle.items[0]?.highlights.articleTitle.map((s) => s.text).join("")).toBe(byTitle.items[0]?.article.title);

    const claimantMatches = byClaimant.items.flatMap((i) =>
      i.highlights.claimant.filter((s) => s.match).map((s) => s.text),
    );
    expect(claimantMatches).toContain("Erdogan");
  });

  it("matches the last word as a prefix and ranks summary matches first", () => {
    const result = searchPublished({ q: "ceasef" });
    expect(result.items[0]?.summary).toMatch(/ceasefire/);
  });

  it("never fails on what readers type", () => {
    for (const q of HOSTILE_QUERIES) {
      const result = searchPublished({ q });
      expect(result.items.length, JSON.stringify(q)).toBeLessThanOrEqual(20);
      expect(result.query.q).not.toContain("\u0000");
    }
    expect(searchPublished({ q: "O'Brien" }).items.map((i) => i.slug)).toEqual([desk.hostile]);
  });

  it("searches what is published, not what was edited since", () => {
    expect(searchPublished({ q: "Evidence added after publication" }).total).toBe(0);
    expect(searchPublished({ q: "Times of Israel" }).items.map((i) => i.slug)).not.toContain(desk.withdrawn);
  });

  it("filters by status, claimant and article, with counts that ignore the status filter", () => {
    const all = searchPublished({});
    const disputed = searchPublished({ status: "disputed" });
    expect(disputed.total).toBe(all.counts.disputed);
    expect(disputed.counts).toEqual(all.counts);
    for (const item of disputed.items) expect(item.status).toBe("disputed");

    const erdogan = searchPublished({ claimant: "Recep Tayyip Erdogan" });
    expect(erdogan.total).toBe(3);
    expect(erdogan.items.every((i) => i.claimant === "Recep Tayyip Erdogan")).toBe(true);
    expect(searchPublished({ claimant: "recep tayyip erdogan" }).total).toBe(0);
    expect(searchPublished({ claimant: HOSTILE_CLAIMANT }).items[0]?.summary).toBe(HOSTILE_SUMMARY);

    expect(searchPublished({ article: desk.articleSlug }).total).toBe(all.total);
    expect(searchPublished({ article: "no-such-article" }).total).toBe(0);
    expect(
      searchPublished({ article: desk.articleSlug, status: "sourced", q: "erdogan" }).items.every(
        (i) => i.status === "sourced",
      ),
    ).toBe(true);
  });

  it("offers claimants and articles of published verdicts only", () => {
    const result = searchPublished({});
    expect(result.claimants).toContain("Recep Tayyip Erdogan");
    expect(result.claimants).toContain(HOSTILE_CLAIMANT);
    // Lior Haiat's claim was withdrawn; the ministry's claim is published.
    expect(result.claimants).not.toContain("Lior Haiat");
    expect(result.claimants).toContain("Gaza Health Ministry");
    expect(new Set(result.claimants).size).toBe(result.claimants.length);
    expect(result.articles).toEqual([{ slug: desk.articleSlug, title: expect.stringContaining("Turkey") }]);
  });

  it("takes the article filter as a slug or as the article's address, and names the article", () => {
    const bySlug = searchPublished({ article: desk.articleSlug });
    expect(bySlug.article).toEqual({ slug: desk.articleSlug, title: expect.stringContaining("Turkey") });
    const byAddress = searchPublished({ article: `https://claimtrail.example/articles/${desk.articleSlug}#claim-x` });
    expect(byAddress.query.article).toBe(desk.articleSlug);
    expect(byAddress.total).toBe(bySlug.total);
    expect(searchPublished({ article: ` /articles/${desk.articleSlug.toUpperCase()}?x=1` }).query.article).toBe(
      desk.articleSlug,
    );
    expect(searchPublished({ article: "no-such-article" }).article).toBeNull();
    expect(searchPublished({}).article).toBeNull();
  });

  it("pages through the results", () => {
    const first = searchPublished({ pageSize: 3 });
    expect(first.pageCount).toBe(Math.ceil(first.total / 3));
    const seen: string[] = [];
    for (let page = 1; page <= first.pageCount; page += 1)
      seen.push(...slugs(searchPublished({ pageSize: "3", page: String(page) }).items));
    expect(seen.sort()).toEqual([...desk.published].sort());
    expect(searchPublished({ page: 999 }).items).toEqual([]);
  });

  it("falls back to defaults for bad parameters instead of failing", () => {
    const result = searchPublished({
      status: "true",
      page: "-1",
      pageSize: "1000",
      claimant: ["Recep Tayyip Erdogan", "x"],
      article: "../etc",
      q: ["erdogan"],
    });
    expect(result.query).toEqual({
      q: "erdogan",
      status: null,
      claimant: "Recep Tayyip Erdogan",
      article: null,
      page: 1,
      pageSize: 20,
    });
    expect(searchPublished({ q: "x".repeat(1000) }).query.q).toHaveLength(200);
    expect(searchPublished({ status: "", claimant: "", article: "" }).query).toMatchObject({
      status: null,
      claimant: null,
      article: null,
    });
  });

  it("counts with search text over the same rows it pages", () => {
    const all = searchPublished({ q: "erdogan", pageSize: 50 });
    expect(all.total).toBe(all.counts.sourced + all.counts.disputed + all.counts.unverified);
    expect(all.items).toHaveLength(all.total);
    const sourced = searchPublished({ q: "erdogan", status: "sourced" });
    expect(sourced.total).toBe(all.counts.sourced);
    expect(sourced.counts).toEqual(all.counts);
    expect(sourced.items.map((i) => i.slug)).toEqual(
      all.items.filter((i) => i.status === "sourced").map((i) => i.slug),
    );
  });

  it("shows a publication and a withdrawal in counts and filter options at once", () => {
    const before = searchPublished({});
    const ws = getClaimWorkspace({ by: desk.reviewer, slug: desk.drafts[0] ?? "" });
    if (!ws) throw new Error("no draft");
    const added = addEvidence({
      by: desk.reviewer,
      claimId: ws.id,
      url: "https://example.org/x",
      title: "x",
      stance: "contradicts",
    });
    const set = setClaimStatus({
      by: desk.reviewer,
      claimId: ws.id,
      expectedVersion: added.version,
      status: "disputed",
      rationale: "Contested.",
    });
    publishClaim({ by: desk.editor, claimId: ws.id, expectedVersion: set.version });
    const after = searchPublished({});
    expect(after.counts.disputed).toBe(before.counts.disputed + 1);
    expect(after.items[0]?.slug).toBe(ws.slug);
    if (ws.claimant) expect(after.claimants).toContain(ws.claimant);

    unpublishClaim({ by: desk.editor, claimId: ws.id, reason: "Back to the desk." });
    const withdrawn = searchPublished({});
    expect(withdrawn.counts).toEqual(before.counts);
    expect(withdrawn.claimants).toEqual(before.claimants);
    expect(withdrawn.items.map((i) => i.slug)).not.toContain(ws.slug);
  });

  it("shows a publication and a withdrawal in a search's kept pages and counts at once", () => {
    const ws = getClaimWorkspace({ by: desk.reviewer, slug: desk.drafts[1] ?? "" });
    if (!ws) throw new Error("no draft");
    const search = { q: ws.summary };
    // Read twice first: the second read is served from what the first kept.
    searchPublished(search);
    const before = searchPublished(search);
    expect(slugs(before.items)).not.toContain(ws.slug);

    const added = addEvidence({
      by: desk.reviewer,
      claimId: ws.id,
      url: "https://example.org/y",
      title: "y",
      stance: "supports",
    });
    const set = setClaimStatus({
      by: desk.reviewer,
      claimId: ws.id,
      expectedVersion: added.version,
      status: "sourced",
      rationale: "Shown.",
    });
    publishClaim({ by: desk.editor, claimId: ws.id, expectedVersion: set.version });
    const after = searchPublished(search);
    expect(slugs(after.items)).toContain(ws.slug);
    expect(after.total).toBe(before.total + 1);

    unpublishClaim({ by: desk.editor, claimId: ws.id, reason: "Back to the desk." });
    const withdrawn = searchPublished(search);
    expect(slugs(withdrawn.items)).not.toContain(ws.slug);
    expect(withdrawn.total).toBe(before.total);
  });

  it("uses the claims_fts index and the claimant index", () => {
    const { sqlite } = getConnection();
    const plan = (statement: string) =>
      (sqlite.prepare(`explain query plan ${statement}`).all() as { detail: string }[]).map((r) => r.detail).join("\n");
    expect(
      plan(
        "select id from claims where json_extract(published_snapshot, '$.claimant') = 'x' and published_at is not null",
      ),
    ).toMatch(/claims_published_claimant_idx/);
    expect(
      plan("select claims.id from claims join claims_fts on claims_fts.rowid = claims.id where claims_fts match 'x'"),
    ).toMatch(/VIRTUAL TABLE INDEX/);
  });
});

describe("searchParamsSchema (strict, for the API)", () => {
  it("accepts good parameters and blanks", () => {
    expect(
      searchParamsSchema.parse({
        q: "x",
        status: "sourced",
        page: "2",
        pageSize: "50",
        article: "a-b-1",
        claimant: "",
      }),
    ).toEqual({
      q: "x",
      status: "sourced",
      page: 2,
      pageSize: 50,
      article: "a-b-1",
      claimant: undefined,
    });
  });

  it("refuses bad values and unknown keys, naming them", () => {
    const issue = (input: Record<string, string>) => searchParamsSchema.safeParse(input).error?.issues[0];
    expect(issue({ status: "false" })?.path).toEqual(["status"]);
    expect(issue({ page: "0" })?.path).toEqual(["page"]);
    expect(issue({ page: "1e2" })?.path).toEqual(["page"]);
    expect(issue({ pageSize: "51" })?.path).toEqual(["pageSize"]);
    expect(issue({ article: "Not A Slug" })?.path).toEqual(["article"]);
    expect(issue({ q: "x".repeat(201) })?.path).toEqual(["q"]);
    expect(issue({ sort: "x" })?.code).toBe("unrecognized_keys");
  });
});
