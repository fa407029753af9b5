import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { intakeArticle } from "./intake";
import { listArticleSuggestions } from "./suggestions";
import { createClaimFromWords, findWords } from "./words";

const BODY = [
  "Bridge repairs run late",
  "",
  "Officials at the council said the bridge will reopen in May.",
  "Repairs have cost 4.2 million euros so far,",
  "the council said.",
].join("\n");

describe("finding the reviewer's words in the article", () => {
  it("finds words typed or pasted exactly, across a line break copied as a space", () => {
    const at = BODY.indexOf("Repairs have cost");
    expect(findWords(BODY, "Repairs have cost 4.2 million euros")).toEqual({
      ok: true,
      spanStart: at,
      spanEnd: at + "Repairs have cost 4.2 million euros".length,
    });
    const across = findWords(BODY, "  so far, the council\n said. ");
    expect(across.ok && BODY.slice(across.spanStart, across.spanEnd)).toBe("so far,\nthe council said.");
  });

  it("refuses words the article does not have, saying so", () => {
    expect(findWords(BODY, "Repairs have cost 5 million euros")).toEqual({
      ok: false,
      message:
        "Those words are not in the article's text. Copy them from the article exactly as written, or select them in the text.",
    });
    // Case and punctuation count: a claim is the article's own words.
    expect(findWords(BODY, "repairs have cost").ok).toBe(false);
    expect(findWords(BODY, "   ")).toMatchObject({ ok: false, message: expect.stringMatching(/^Type or paste/) });
  });

  it("refuses words found more than once, unless the selection says which", () => {
    expect(findWords(BODY, "the council said")).toEqual({
      ok: false,
      message:
        "Those words appear 2 times in the article. Add a few words before or after them so they match one place.",
    });
    const second = BODY.lastIndexOf("the council said");
    expect(findWords(BODY, "the council said", { spanStart: second, spanEnd: second + 16 })).toEqual({
      ok: true,
      spanStart: second,
      spanEnd: second + 16,
    });
    // A selection that does not hold the words is ignored, not trusted.
    expect(findWords(BODY, "the council said", { spanStart: 0, spanEnd: 16 }).ok).toBe(false);
    expect(findWords(BODY, "the bridge", { spanStart: 0, spanEnd: 10_000 })).toMatchObject({ ok: true });
  });

  it("treats the words as text, not as a pattern", () => {
    expect(findWords(BODY, "4.2 million").ok).toBe(true);
    expect(findWords(BODY, "4x2 million").ok).toBe(false);
    expect(findWords(BODY, "(so far)").ok).toBe(false);
  });
});

describe("a claim from the reviewer's words", () => {
  let db: ReturnType<typeof useTemporaryDatabase>;
  let reviewer: SessionUser;
  beforeAll(async () => {
    db = useTemporaryDatabase();
    reviewer = await makeUser("reviewer", "Rita Reviewer");
  });
  afterAll(() => db.cleanup());

  const claimCount = () =>
    (getConnection().sqlite.prepare("select count(*) as n from claims").get() as { n: number }).n;

  it("makes the claim at the words' place, and settles a suggestion over the same words", () => {
    const { article } = intakeArticle({ by: reviewer, body: BODY });
    const [suggested] = listArticleSuggestions({ by: reviewer, articleId: article.id });
    if (!suggested) throw new Error("nothing suggested");
    const claim = createClaimFromWords({
      by: reviewer,
      articleId: article.id,
      words: suggested.text,
      summary: "Repairs cost",
    });
    const row = getConnection()
      .sqlite.prepare("select span_start, span_end from claims where id = ?")
      .get(claim.id) as { span_start: number; span_end: number };
    expect(row).toEqual({ span_start: suggested.spanStart, span_end: suggested.spanEnd });
    expect(listArticleSuggestions({ by: reviewer, articleId: article.id }).map((s) => s.id)).not.toContain(
      suggested.id,
    );
  });

  it("refuses missing or repeated words and a signed-out caller with a message on the field, making nothing", () => {
    const { article } = intakeArticle({ by: reviewer, body: `${BODY}\nSecond copy.` });
    const before = claimCount();
    const missing = expectAppError(
      () => createClaimFromWords({ by: reviewer, articleId: article.id, words: "the tunnel", summary: "Tunnel" }),
      "invalid",
    );
    expect(missing.fieldErrors.words?.[0]).toMatch(/^Those words are not in the article's text/);
    const twice = expectAppError(
      () => createClaimFromWords({ by: reviewer, articleId: article.id, words: "the council said", summary: "Said" }),
      "invalid",
    );
    expect(twice.fieldErrors.words?.[0]).toMatch(/appear 2 times/);
    const empty = expectAppError(
      () => createClaimFromWords({ by: reviewer, articleId: article.id, words: "", summary: "" }),
      "invalid",
    );
    expect(Object.keys(empty.fieldErrors).sort()).toEqual(["summary", "words"]);
    expectAppError(
      () => createClaimFromWords({ by: null, articleId: article.id, words: "the bridge", summary: "x" }),
      "unauthenticated",
    );
    expect(claimCount()).toBe(before);
  });
});
