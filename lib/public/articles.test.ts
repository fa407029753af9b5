import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { createArticle } from "@/lib/articles/articles";
import { createClaim } from "@/lib/claims/claims";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { DEMO_ARTICLE } from "@/lib/demo/demo-article";
import { articleSegments, getPublicArticle, type ArticleSegment } from "./articles";
import { seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";

type Span = { id: string; spanStart: number; spanEnd: number };
const span = (id: string, spanStart: number, spanEnd: number): Span => ({ id, spanStart, spanEnd });
/** Segments as [text, claim id or null] pairs, easy to read in an assertion. */
const pairs = (segments: ArticleSegment<Span>[]) => segments.map((s) => [s.text, "claim" in s ? s.claim.id : null]);
const joined = (segments: ArticleSegment<Span>[]) => segments.map((s) => s.text).join("");

describe("articleSegments", () => {
  const body = "One two three four five.";

  it("splits the body into plain text and claims, keeping every character once", () => {
    const segments = articleSegments(body, [span("b", 8, 13), span("a", 0, 3)]);
    expect(pairs(segments)).toEqual([
      ["One", "a"],
      [" two ", null],
      ["three", "b"],
      [" four five.", null],
    ]);
    expect(joined(segments)).toBe(body);
  });

  it("handles no claims, an empty body and a span over the whole body", () => {
    expect(pairs(articleSegments(body, []))).toEqual([[body, null]]);
    expect(articleSegments("", [span("a", 0, 3)])).toEqual([]);
    expect(pairs(articleSegments(body, [span("a", 0, body.length)]))).toEqual([[body, "a"]]);
  });

  it("keeps adjacent spans apart with nothing between them", () => {
    expect(pairs(articleSegments(body, [span("a", 0, 4), span("b", 4, 8)]))).toEqual([
      ["One ", "a"],
      ["two ", "b"],
      ["three four five.", null],
    ]);
  });

  it("clips a span that overlaps an earlier one, and drops one inside it", () => {
    const segments = articleSegments(body, [span("a", 0, 8), span("b", 4, 13), span("c", 2, 6)]);
    expect(pairs(segments)).toEqual([
      ["One two ", "a"],
      ["three", "b"],
      [" four five.", null],
    ]);
    expect(joined(segments)).toBe(body);
  });

  it("clips spans past the end and ignores empty, inverted or broken ones without throwing", () => {
    const segments = articleSegments(body, [
      span("past", 19, 999),
      span("outside", 500, 600),
      span("empty", 3, 3),
      span("inverted", 8, 4),
      span("nan", Number.NaN, 4),
      span("negative", -5, 3),
    ]);
    expect(pairs(segments)).toEqual([
      ["One", "negative"],
      [" two three four ", null],
      ["five.", "past"],
    ]);
  });

  it("counts UTF-16 units, so an emoji before a span does not shift it", () => {
    const text = "😀 Ministry said 11,000. 👩‍👩‍👧 Done.";
    const start = text.indexOf("Ministry");
    const segments = articleSegments(text, [span("a", start, start + "Ministry said 11,000.".length)]);
    expect(pairs(segments)).toEqual([
      ["😀 ", null],
      ["Ministry said 11,000.", "a"],
      [" 👩‍👩‍👧 Done.", null],
    ]);
  });

  it("never cuts an emoji in half when an offset falls inside one", () => {
    const text = "ab😀cd";
    // 2..3 is the first half of the emoji's surrogate pair.
    const segments = articleSegments(text, [span("a", 3, 5)]);
    expect(pairs(segments)).toEqual([
      ["ab", null],
      ["😀c", "a"],
      ["d", null],
    ]);
    for (const s of segments) expect(s.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe("getPublicArticle", () => {
  let db: ReturnType<typeof useTemporaryDatabase>;
  let desk: PublicDesk;
  beforeAll(async () => {
    db = useTemporaryDatabase();
    desk = await seedPublicDesk();
  });
  afterAll(() => db.cleanup());

  it("returns the article with its published claims only, by position, with the published verdict", () => {
    const article = getPublicArticle(desk.articleSlug);
    if (!article) throw new Error("article missing");
    expect(article).toMatchObject({ title: DEMO_ARTICLE.title, body: DEMO_ARTICLE.body, publishedAt: "2023-11-15", url: null });
    const slugs = article.claims.map((c) => c.slug);
    expect([...slugs].sort()).toEqual([...desk.published].sort());
    for (const hidden of [...desk.drafts, desk.withdrawn]) expect(slugs).not.toContain(hidden);
    const starts = article.claims.map((c) => c.spanStart);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(article.claims.find((c) => c.slug === desk.corrected)?.status).toBe("disputed");
    expect(Object.keys(article).sort()).toEqual(["author", "body", "claims", "outlet", "publishedAt", "slug", "title", "url"]);
    const segments = articleSegments(article.body, article.claims);
    expect(segments.map((s) => s.text).join("")).toBe(article.body);
    for (const segment of segments) {
      if ("claim" in segment) expect(article.body.slice(segment.claim.spanStart, segment.claim.spanEnd)).toBe(segment.text);
    }
  });

  it("is null for unknown slugs and for articles with nothing published", () => {
    expect(getPublicArticle("no-such-article")).toBeNull();
    expect(getPublicArticle("")).toBeNull();
    const draft = createArticle({ by: SYSTEM_PRINCIPAL, title: "Draft only", body: "A sentence we are still checking." });
    createClaim({ by: SYSTEM_PRINCIPAL, articleId: draft.id, spanStart: 0, spanEnd: 10, summary: "Still checking" });
    expect(getPublicArticle(draft.slug)).toBeNull();
  });
});
