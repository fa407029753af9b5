import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { ClaimStatus } from "@/db/schema";
import { createArticle } from "@/lib/articles/articles";
import type { SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { createClaim, setClaimStatus } from "@/lib/claims/claims";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { searchPublished } from "./search";

/*
 * The search ranks and pages in SQLite (lib/public/search.ts rankedPage). The
 * order it must give is worked out here another way: every match's bm25 score
 * read straight from claims_fts, sorted in JavaScript by score, then newest
 * publication, then newest claim.
 */

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let editor: SessionUser;

// Five identical sentences make five claims with identical columns, so their
// bm25 scores tie and only the tie-breaks order them.
const TWIN = "Ferry crossings to Calder Vale doubled this spring.";
const SENTENCES = [
  ...Array.from({ length: 5 }, () => TWIN),
  "The harbour ferry timetable was cut to two ferry sailings a day, the ferry operator said.",
  "Residents said the bridge, not the ferry, carried most of the traffic into the town last winter.",
  "Ferry fares rose by a third.",
  "A new footpath opened along the river.",
];
const SUMMARIES = [
  ...Array.from({ length: 5 }, () => "Ferry crossings to Calder Vale doubled"),
  "Ferry timetable cut to two ferry sailings a day",
  "Bridge carried most traffic into town",
  "Ferry fares rose by a third",
  "New footpath opened along the river",
];
// The twins are published in this order, which is neither their id order nor its reverse.
const TWIN_PUBLICATION_ORDER = [3, 1, 4, 0, 2];
const STATUSES: ClaimStatus[] = [
  "sourced",
  "disputed",
  "sourced",
  "disputed",
  "sourced",
  "disputed",
  "sourced",
  "sourced",
  "sourced",
];

const claimIds: number[] = [];
const claimSlugs: string[] = [];
let clock = Date.UTC(2025, 2, 1, 9, 0, 0);

function publishAt(index: number): void {
  const id = claimIds[index];
  const status = STATUSES[index];
  if (id === undefined || !status) throw new Error(`no claim ${index}`);
  const added = addEvidence({
    by: reviewer,
    claimId: id,
    url: `https://example.org/ferry/${index}`,
    title: `Ferry records ${index}`,
    stance: status === "sourced" ? "supports" : "contradicts",
  });
  const set = setClaimStatus({
    by: reviewer,
    claimId: id,
    expectedVersion: added.version,
    status,
    rationale: `Checked (${index}).`,
  });
  clock += 60_000;
  vi.setSystemTime(clock);
  publishClaim({ by: editor, claimId: id, expectedVersion: set.version });
}

interface Expected {
  slug: string;
  score: number;
  status: ClaimStatus;
}

/** Every match for `word` in the order the search must give, computed without the search's SQL. */
function expectedOrder(word: string): Expected[] {
  const rows = getConnection()
    .sqlite.prepare(
      `select c.id, c.slug, c.published_status as status, c.published_at as publishedAt,
              bm25(claims_fts, 3.0, 1.0, 2.0, 1.0) as score
       from claims_fts join claims c on c.id = claims_fts.rowid
       where claims_fts match ?`,
    )
    .all(`"${word}"*`) as (Expected & { id: number; publishedAt: string })[];
  return rows
    .sort(
      (a, b) =>
        a.score - b.score ||
        (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0) ||
        b.id - a.id,
    )
    .map(({ slug, score, status }) => ({ slug, score, status }));
}

/** Every page of a search, fetched one by one and put end to end. */
function allPages(input: { q: string; status?: ClaimStatus; pageSize: number }): string[] {
  const first = searchPublished({ ...input, pageSize: String(input.pageSize) });
  const slugs = first.items.map((i) => i.slug);
  for (let page = 2; page <= first.pageCount; page += 1) {
    const next = searchPublished({ ...input, pageSize: String(input.pageSize), page: String(page) });
    expect(next.items.length, `page ${page} of ${first.pageCount}`).toBeGreaterThan(0);
    slugs.push(...next.items.map((i) => i.slug));
  }
  return slugs;
}

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Ranking Reviewer");
  editor = await makeUser("editor", "Ranking Editor");
  const body = SENTENCES.join("\n\n");
  const article = createArticle({
    by: reviewer,
    title: "Harbour towns count their crossings",
    outlet: "Valley Post",
    body,
  });
  let offset = 0;
  SENTENCES.forEach((sentence, i) => {
    const start = body.indexOf(sentence, offset);
    offset = start + sentence.length;
    const claim = createClaim({
      by: reviewer,
      articleId: article.id,
      spanStart: start,
      spanEnd: start + sentence.length,
      summary: SUMMARIES[i] ?? "",
      claimant: "Harbour Authority",
    });
    claimIds.push(claim.id);
    claimSlugs.push(claim.slug);
  });
  vi.useFakeTimers({ toFake: ["Date"] });
  for (const index of TWIN_PUBLICATION_ORDER) publishAt(index);
  for (const index of [5, 6, 7, 8]) publishAt(index);
  vi.useRealTimers();
});
afterAll(() => db.cleanup());

describe("search ranking in SQL", () => {
  it("orders by bm25, then newest publication, then newest claim", () => {
    const expected = expectedOrder("ferry");
    // Guards on the fixture itself: scores differ between some matches and tie between the twins.
    expect(expected.length).toBe(8);
    expect(new Set(expected.map((e) => e.score)).size).toBeGreaterThan(2);
    const twins = new Set(TWIN_PUBLICATION_ORDER.map((i) => claimSlugs[i]));
    expect(new Set(expected.filter((e) => twins.has(e.slug)).map((e) => e.score)).size).toBe(1);

    const result = searchPublished({ q: "ferry", pageSize: "50" });
    expect(result.items.map((i) => i.slug)).toEqual(expected.map((e) => e.slug));
    // The twins come newest publication first: the reverse of the order they were published in.
    const twinOrder = result.items.filter((i) => twins.has(i.slug)).map((i) => i.slug);
    expect(twinOrder).toEqual([...TWIN_PUBLICATION_ORDER].reverse().map((i) => claimSlugs[i]));
    expect(result.items.map((i) => i.slug)).not.toContain(claimSlugs[8]);
  });

  it("pages through every match exactly once, whatever the page size, ties split across pages included", () => {
    const expected = expectedOrder("ferry").map((e) => e.slug);
    for (const pageSize of [1, 2, 3, 5, 7]) {
      expect(allPages({ q: "ferry", pageSize }), `page size ${pageSize}`).toEqual(expected);
    }
  });

  it("pages a status filter in the same order", () => {
    for (const status of ["sourced", "disputed"] as const) {
      const expected = expectedOrder("ferry")
        .filter((e) => e.status === status)
        .map((e) => e.slug);
      expect(expected.length).toBeGreaterThan(1);
      expect(allPages({ q: "ferry", status, pageSize: 2 }), status).toEqual(expected);
    }
  });

  it("counts every match while paging, and gives an empty page past the end", () => {
    const page = searchPublished({ q: "ferry", pageSize: "3", page: "2" });
    expect(page.total).toBe(8);
    expect(page.pageCount).toBe(3);
    expect(page.items).toHaveLength(3);
    expect(page.counts).toEqual({ sourced: 5, disputed: 3, unverified: 0 });
    const past = searchPublished({ q: "ferry", pageSize: "3", page: "4" });
    expect(past.items).toEqual([]);
    expect(past.total).toBe(8);
  });

  it("counts a new publication and a withdrawal at once, though counts are kept between searches", () => {
    const before = searchPublished({ q: "footpath" });
    expect(before.total).toBe(1);
    const extra = claimIds[8];
    if (extra === undefined) throw new Error("no footpath claim");
    unpublishClaim({ by: editor, claimId: extra, reason: "Checked again." });
    const withdrawn = searchPublished({ q: "footpath" });
    expect(withdrawn.total).toBe(0);
    expect(withdrawn.counts.sourced).toBe(0);
  });
});

describe("article suggestions", () => {
  it("lists the articles with the newest publications first", () => {
    expect(searchPublished({}).articles.map((a) => a.title)).toEqual(["Harbour towns count their crossings"]);
    const body = "The lighthouse keeper counted forty ships in one night.";
    const article = createArticle({ by: reviewer, title: "A night at the lighthouse", outlet: "Valley Post", body });
    const claim = createClaim({
      by: reviewer,
      articleId: article.id,
      spanStart: 0,
      spanEnd: body.length,
      summary: "Forty ships in one night",
    });
    claimIds.push(claim.id);
    claimSlugs.push(claim.slug);
    STATUSES.push("sourced");
    vi.useFakeTimers({ toFake: ["Date"] });
    publishAt(claimIds.length - 1);
    vi.useRealTimers();
    expect(searchPublished({}).articles.map((a) => a.title)).toEqual([
      "A night at the lighthouse",
      "Harbour towns count their crossings",
    ]);
  });
});
