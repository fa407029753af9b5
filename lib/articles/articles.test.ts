import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { createClaim } from "@/lib/claims/claims";
import { AppError } from "@/lib/errors";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { ARTICLES_PER_PAGE, createArticle, getReviewArticle, listReviewArticles } from "./articles";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer");
});
afterAll(() => db.cleanup());

describe("the reviewer area's article reads", () => {
  it("lists every article newest first, a page at a time, with its claim count", () => {
    const made = Array.from({ length: ARTICLES_PER_PAGE + 3 }, (_, i) =>
      createArticle({ by: SYSTEM_PRINCIPAL, title: `Listed article ${i}`, body: `Body number ${i} of the list.` }),
    );
    const newest = made.at(-1);
    if (!newest) throw new Error("no articles made");
    createClaim({ by: SYSTEM_PRINCIPAL, articleId: newest.id, spanStart: 0, spanEnd: 4, summary: "Body" });

    const first = listReviewArticles({ by: reviewer });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: ARTICLES_PER_PAGE + 3 });
    expect(first.items).toHaveLength(ARTICLES_PER_PAGE);
    expect(first.items[0]).toMatchObject({ slug: newest.slug, claimCount: 1, openSuggestionCount: 0 });
    const second = listReviewArticles({ by: reviewer, page: "2" });
    expect(second.items.map((a) => a.title)).toEqual(["Listed article 2", "Listed article 1", "Listed article 0"]);
    // A page past the end is the last page; nonsense is the first.
    expect(listReviewArticles({ by: reviewer, page: "99" }).page).toBe(2);
    expect(listReviewArticles({ by: reviewer, page: "-3'" }).page).toBe(1);
    expect(() => listReviewArticles({ by: null })).toThrow(AppError);
  });

  it("shows an article with all its claims, published or not, in text order", () => {
    const article = createArticle({
      by: SYSTEM_PRINCIPAL,
      title: "Claims in order",
      body: "First claim here. Second claim there.",
    });
    const second = createClaim({
      by: SYSTEM_PRINCIPAL,
      articleId: article.id,
      spanStart: 18,
      spanEnd: 37,
      summary: "Second",
    });
    const first = createClaim({
      by: SYSTEM_PRINCIPAL,
      articleId: article.id,
      spanStart: 0,
      spanEnd: 17,
      summary: "First",
    });
    const view = getReviewArticle({ by: reviewer, slug: article.slug });
    expect(view?.claims.map((c) => [c.id, c.status, c.published, c.version])).toEqual([
      [first.id, "unverified", false, 1],
      [second.id, "unverified", false, 1],
    ]);
    expect(view?.body).toBe("First claim here. Second claim there.");
    expect(getReviewArticle({ by: reviewer, slug: "no-such-article" })).toBeNull();
    expect(getReviewArticle({ by: reviewer, slug: "" })).toBeNull();
    expect(() => getReviewArticle({ by: null, slug: article.slug })).toThrow("Please sign in to do that.");
  });
});
