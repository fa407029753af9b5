import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArticle, type ArticleRef } from "@/lib/articles/articles";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { DEMO_ARTICLE } from "@/lib/demo/demo-article";
import { getConnection } from "@/db/client";
import { CLAIM_STATUSES, REVIEW_STAGES } from "@/db/schema";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { demoSentence, makeUser } from "@/lib/testing/fixtures";
import { assignClaim } from "./assignment";
import { createClaim, setClaimStatus } from "./claims";
import { updateClaimDetails } from "./details";
import { addEvidence } from "./evidence";
import {
  ASSIGNEE_FILTERS,
  countQueueMatches,
  listReviewQueue,
  parseQueueFilters,
  queueHref,
  QUEUE_SORT_COLUMNS,
  QUEUE_SORT_ORDER,
  QUEUE_SORTS,
  sortForColumn,
  type QueueItem,
  type QueueSort,
} from "./queue";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let article: ArticleRef;

/**
 * Nine claims in an article of their own, so each view holds only them:
 * every status, three priorities, claimants with gaps, and one changed twice.
 */
beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Sorting Reviewer");
  article = createArticle({
    by: SYSTEM_PRINCIPAL,
    ...DEMO_ARTICLE,
    title: "The queue's sort test article",
    body: `${DEMO_ARTICLE.body}\n\n(Queue sort test copy.)\n`,
  });
  const sentence = demoSentence("nato-allies");
  const plan: { claimant: string | null; priority: number; status?: "sourced" | "disputed" }[] = [
    { claimant: "Zeta Ministry", priority: 2 },
    { claimant: null, priority: 1, status: "sourced" },
    { claimant: "Alpha Council", priority: 3 },
    { claimant: "Mid Agency", priority: 1, status: "disputed" },
    { claimant: null, priority: 2 },
    { claimant: "Alpha Council", priority: 2, status: "sourced" },
    { claimant: "Beta Office", priority: 3, status: "disputed" },
    { claimant: "Zeta Ministry", priority: 1 },
    { claimant: "Beta Office", priority: 2 },
  ];
  plan.forEach((p, i) => {
    const claim = createClaim({
      by: SYSTEM_PRINCIPAL,
      articleId: article.id,
      spanStart: sentence.start,
      spanEnd: sentence.end,
      summary: `Sort case ${i + 1}`,
      claimant: p.claimant,
    });
    let version = 1;
    if (p.priority !== 2) {
      version = updateClaimDetails({
        by: reviewer,
        claimId: claim.id,
        expectedVersion: version,
        summary: `Sort case ${i + 1}`,
        claimant: p.claimant ?? "",
        reportedBy: "",
        firstAppearedIn: "",
        attributionStatus: "unconfirmed",
        attributionNote: "",
        priority: p.priority,
      }).version;
    }
    if (p.status) {
      addEvidence({
        by: reviewer,
        claimId: claim.id,
        url: `https://example.org/sort-${i}`,
        title: "Sort source",
        stance: p.status === "sourced" ? "supports" : "contradicts",
      });
      setClaimStatus({ by: reviewer, claimId: claim.id, expectedVersion: version + 1, status: p.status, rationale: "Checked." });
    }
  });
});
afterAll(() => db.cleanup());

function view(sort: QueueSort): QueueItem[] {
  return listReviewQueue({ by: reviewer, filters: parseQueueFilters({ article: article.slug, sort }) }).items;
}

type Key = string | number;
const cmp = (a: Key, b: Key) => (a < b ? -1 : a > b ? 1 : 0);

/** The order a sort promises, written out independently of the SQL: a list of keys, then the id. */
function expected(items: QueueItem[], keys: (i: QueueItem) => Key[], direction: 1 | -1): string[] {
  return [...items]
    .sort((a, b) => {
      const ka = [...keys(a), a.id];
      const kb = [...keys(b), b.id];
      for (let n = 0; n < ka.length; n++) {
        const c = cmp(ka[n] ?? "", kb[n] ?? "");
        if (c !== 0) return c * direction;
      }
      return 0;
    })
    .map((i) => i.summary);
}

describe("queue sorts", () => {
  it("holds the nine claims of the sort article, each with its version", () => {
    const items = view("newest");
    expect(items).toHaveLength(9);
    // A claim with a new priority and a verdict moved three versions on (details, evidence, status).
    const changed = items.find((i) => i.summary === "Sort case 4");
    expect(changed?.version).toBe(4);
    expect(items.find((i) => i.summary === "Sort case 1")?.version).toBe(1);
  });

  it("orders each column both ways, ties following the column's own direction", () => {
    const items = view("newest");
    const cases: [QueueSort, (i: QueueItem) => Key[], 1 | -1][] = [
      ["newest", (i) => [i.updatedAt], -1],
      ["updated-asc", (i) => [i.updatedAt], 1],
      ["oldest", (i) => [i.createdAt], 1],
      ["priority", (i) => [i.priority, i.createdAt], 1],
      ["priority-asc", (i) => [i.priority, i.createdAt], -1],
      ["status", (i) => [i.status, i.updatedAt], 1],
      ["status-desc", (i) => [i.status, i.updatedAt], -1],
      ["stage", (i) => [i.stage, i.updatedAt], 1],
      ["stage-desc", (i) => [i.stage, i.updatedAt], -1],
    ];
    expect(cases.map(([sort]) => sort).sort()).toEqual(QUEUE_SORTS.filter((s) => !s.startsWith("claimant")).sort());
    for (const [sort, keys, direction] of cases) {
      expect({ sort, order: view(sort).map((i) => i.summary) }).toEqual({ sort, order: expected(items, keys, direction) });
    }
    // The priority sort puts every High claim first.
    expect(view("priority").slice(0, 3).map((i) => i.priority)).toEqual([1, 1, 1]);
    expect(view("priority-asc").slice(0, 2).map((i) => i.priority)).toEqual([3, 3]);
  });

  it("sorts by claimant A–Z and Z–A with the claims that name nobody last both ways", () => {
    const az = view("claimant").map((i) => i.claimant);
    expect(az).toEqual([
      "Alpha Council",
      "Alpha Council",
      "Beta Office",
      "Beta Office",
      "Mid Agency",
      "Zeta Ministry",
      "Zeta Ministry",
      null,
      null,
    ]);
    const za = view("claimant-desc").map((i) => i.claimant);
    expect(za).toEqual([
      "Zeta Ministry",
      "Zeta Ministry",
      "Mid Agency",
      "Beta Office",
      "Beta Office",
      "Alpha Council",
      "Alpha Council",
      null,
      null,
    ]);
  });

  it("a header links to its column's usual order, and a second click reverses it", () => {
    expect(sortForColumn("updated", "newest")).toBe("updated-asc");
    expect(sortForColumn("updated", "updated-asc")).toBe("newest");
    expect(sortForColumn("priority", "newest")).toBe("priority");
    expect(sortForColumn("priority", "priority")).toBe("priority-asc");
    expect(sortForColumn("status", "priority")).toBe("status");
    expect(sortForColumn("status", "status")).toBe("status-desc");
    expect(sortForColumn("claimant", "claimant-desc")).toBe("claimant");
    expect(sortForColumn("stage", "oldest")).toBe("stage");
    // Every column's two clicks land on both of its sorts, one per direction.
    for (const column of QUEUE_SORT_COLUMNS) {
      const first = sortForColumn(column, "oldest");
      const second = sortForColumn(column, first);
      expect(QUEUE_SORT_ORDER[first].column).toBe(column);
      expect(QUEUE_SORT_ORDER[second].column).toBe(column);
      expect(QUEUE_SORT_ORDER[second].direction).not.toBe(QUEUE_SORT_ORDER[first].direction);
      expect(sortForColumn(column, second)).toBe(first);
    }
  });

  it("every sort survives the URL with the filters beside it; an unknown one falls back to newest", () => {
    for (const sort of QUEUE_SORTS) {
      const filters = parseQueueFilters({ status: "sourced", assignee: "me", article: article.slug, sort, page: "2" });
      const href = queueHref(filters);
      expect(parseQueueFilters(Object.fromEntries(new URL(href, "http://desk.test").searchParams))).toEqual(filters);
    }
    expect(queueHref(parseQueueFilters({ sort: "newest" }))).toBe("/review");
    expect(parseQueueFilters({ sort: "summary" }).sort).toBe("newest");
    expect(parseQueueFilters({ sort: ["claimant-desc", "status"] }).sort).toBe("claimant-desc");
  });
});

describe("queue counts", () => {
  /** The count a view should show, straight from the claims table with SQL written apart from the queue's. */
  function counted(where: { status?: string; stage?: string; assignee?: string; claimant?: string }, meId: number): number {
    const terms: string[] = [];
    const args: (string | number)[] = [];
    const add = (term: string, arg?: string | number) => {
      terms.push(term);
      if (arg !== undefined) args.push(arg);
    };
    add("article_id = ?", article.id);
    if (where.status) add("status = ?", where.status);
    if (where.stage) add("stage = ?", where.stage);
    if (where.assignee === "me") add("assignee_id = ?", meId);
    if (where.assignee === "unassigned") add("assignee_id is null");
    if (where.claimant) add("claimant = ?", where.claimant);
    const row = getConnection()
      .sqlite.prepare(`select count(*) as n from claims where ${terms.join(" and ")}`)
      .get(...args) as { n: number };
    return row.n;
  }

  it("every filter combination counts what SQL counts, before and after a write, and saved views agree", () => {
    const first = view("oldest")[0];
    if (!first) throw new Error("the sort article has no claims");
    assignClaim({ by: reviewer, claimId: first.id, assigneeId: reviewer.id });
    const check = () => {
      for (const status of [undefined, ...CLAIM_STATUSES]) {
        for (const stage of [undefined, ...REVIEW_STAGES]) {
          for (const assignee of [undefined, ...ASSIGNEE_FILTERS]) {
            for (const claimant of [undefined, "Alpha Council"]) {
              const filters = parseQueueFilters({ article: article.slug, status, stage, assignee, claimant });
              const page = listReviewQueue({ by: reviewer, filters });
              const where = { status, stage, assignee, claimant };
              expect(page.matching, JSON.stringify(where)).toBe(counted(where, reviewer.id));
              expect(countQueueMatches({ by: reviewer, filters })).toBe(page.matching);
              expect(page.counts.total).toBe(counted({ claimant }, reviewer.id));
              for (const s of CLAIM_STATUSES) expect(page.counts.status[s]).toBe(counted({ ...where, status: s }, reviewer.id));
              for (const g of REVIEW_STAGES) expect(page.counts.stage[g]).toBe(counted({ ...where, stage: g }, reviewer.id));
              expect(page.counts.assignee.any).toBe(counted({ ...where, assignee: undefined }, reviewer.id));
              expect(page.counts.assignee.me).toBe(counted({ ...where, assignee: "me" }, reviewer.id));
              expect(page.counts.assignee.unassigned).toBe(counted({ ...where, assignee: "unassigned" }, reviewer.id));
            }
          }
        }
      }
    };
    check();
    expect(listReviewQueue({ by: reviewer, filters: parseQueueFilters({ article: article.slug, assignee: "me" }) }).matching).toBe(1);
    // A write moves the desk's revision: the counts are read again, not served from before.
    assignClaim({ by: reviewer, claimId: first.id, assigneeId: null });
    check();
    expect(listReviewQueue({ by: reviewer, filters: parseQueueFilters({ article: article.slug, assignee: "me" }) }).matching).toBe(0);
    expect(listReviewQueue({ by: reviewer, filters: parseQueueFilters({ article: "no-such-article" }) }).matching).toBe(0);
  });
});
