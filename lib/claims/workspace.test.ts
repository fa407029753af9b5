import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { verifyAuditChain } from "@/lib/audit/events";
import { DEMO_ARTICLE, type DemoClaimKey } from "@/lib/demo/demo-article";
import { page, startTestServer, type TestServer } from "@/lib/evidence/test-server";
import { AppError, type ConflictError } from "@/lib/errors";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { assignClaim, listAssignableUsers } from "./assignment";
import { addEvidence } from "./evidence";
import { createClaim, setClaimStatus, type ClaimState } from "./claims";
import { getClaimHistory } from "./history";
import { getClaimWorkspace } from "./workspace";
import { getPublishedClaim } from "@/lib/public/published-claim";
import { publishClaim } from "./publication";
import { addComment, deleteComment, editComment, listComments } from "./comments";
import { updateClaimDetails } from "./details";
import { listReviewQueue, parseQueueFilters, queueHref, QUEUE_PAGE_SIZE } from "./queue";
import { addEvidenceWithSnapshot, recheckEvidence } from "./evidence";
import { expectAppError } from "@/lib/testing/app-error";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let otherReviewer: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  otherReviewer = await makeUser("reviewer", "Ravi Reviewer");
  editor = await makeUser("editor", "Eddie Editor");
  otherEditor = await makeUser("editor", "Olga Editor");
});
afterAll(() => db.cleanup());

function dbState() {
  const { sqlite } = getConnection();
  const all = (sql: string) => sqlite.prepare(sql).all();
  return {
    claims: all(
      "select id, version, summary, claimant, priority, assignee_id, attribution_status, updated_at from claims order by id",
    ),
    comments: all("select * from comments order by id"),
    evidence: all("select * from evidence order by id"),
    audit: all("select count(*) as n from audit_events"),
  };
}


function workspace(slug: string) {
  const ws = getClaimWorkspace({ by: reviewer, slug });
  if (!ws) throw new Error("claim vanished");
  return ws;
}

/** A fresh claim on the demo article's sentence for `key`, so tests do not share state. */
function freshClaim(key: DemoClaimKey, summary: string) {
  return makeDemoClaim(key, { summary, claimant: null, reportedBy: null }).claim;
}

function details(claimId: number, expectedVersion: number, overrides: Record<string, unknown> = {}) {
  const ws = getClaimWorkspace({ by: reviewer, slug: slugOf(claimId) });
  if (!ws) throw new Error("no claim");
  return {
    claimId,
    expectedVersion,
    summary: ws.summary,
    claimant: ws.claimant,
    reportedBy: ws.reportedBy,
    firstAppearedIn: ws.firstAppearedIn,
    attributionStatus: ws.attributionStatus,
    attributionNote: ws.attributionNote,
    priority: ws.priority,
    ...overrides,
  };
}

function slugOf(claimId: number): string {
  const row = getConnection().sqlite.prepare("select slug from claims where id = ?").get(claimId) as { slug: string };
  return row.slug;
}

describe("queue filters from the URL", () => {
  it("keeps known values and drops malformed ones instead of failing", () => {
    expect(
      parseQueueFilters({
        status: "disputed",
        stage: "awaiting-publication",
        assignee: "me",
        sort: "priority",
        page: "3",
        claimant: " Taleblu ",
      }),
    ).toEqual({
      status: "disputed",
      stage: "awaiting-publication",
      assignee: "me",
      sort: "priority",
      page: 3,
      claimant: "Taleblu",
      article: undefined,
    });
    expect(
      parseQueueFilters({ status: "published", stage: "done", assignee: "42", sort: "random", page: "-1" }),
    ).toEqual({
      status: undefined,
      stage: undefined,
      assignee: undefined,
      article: undefined,
      claimant: undefined,
      sort: "newest",
      page: 1,
    });
    expect(parseQueueFilters({ status: ["sourced", "disputed"] }).status).toBe("sourced");
  });

  it("writes a shareable URL that parses back to the same view", () => {
    const filters = parseQueueFilters({
      status: "disputed",
      assignee: "unassigned",
      article: "gaza-figures",
      claimant: "U.N. & partners",
      sort: "oldest",
      page: "2",
    });
    const href = queueHref(filters);
    expect(href).toBe(
      "/review?status=disputed&assignee=unassigned&article=gaza-figures&claimant=U.N.+%26+partners&sort=oldest&page=2",
    );
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseQueueFilters(params)).toEqual(filters);
    expect(queueHref(parseQueueFilters({}))).toBe("/review");
  });
});

describe("review queue", () => {
  it("derives each claim's stage from its verdict and publication", () => {
    const claim = freshClaim("turkey-sided", "Stage walk");
    const stageOf = () => workspace(claim.slug).stage;
    expect(stageOf()).toBe("needs-evidence");
    addEvidence({
      by: reviewer,
      claimId: claim.id,
      url: "https://example.org/stage",
      title: "Stage source",
      stance: "supports",
    });
    expect(stageOf()).toBe("needs-evidence");
    const { version } = setClaimStatus({
      by: reviewer,
      claimId: claim.id,
      expectedVersion: 2,
      status: "sourced",
      rationale: "Checked.",
    });
    expect(stageOf()).toBe("awaiting-publication");
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: version });
    expect(stageOf()).toBe("published");
    updateClaimDetails({ by: reviewer, ...details(claim.id, version, { priority: 1 }) });
    expect(stageOf()).toBe("published-changed");
  });

  it("filters by status, stage, assignee, article and claimant, with counts for every option", () => {
    const a = freshClaim("nato-allies", "Queue filter A");
    const b = freshClaim("turkey-sided", "Queue filter B");
    updateClaimDetails({ by: reviewer, ...details(b.id, 1, { claimant: "Behnam Ben Taleblu" }) });
    assignClaim({ by: editor, claimId: a.id, assigneeId: otherReviewer.id });

    const mine = listReviewQueue({ by: otherReviewer, filters: parseQueueFilters({ assignee: "me" }) });
    expect(mine.items.map((i) => i.slug)).toEqual([a.slug]);
    expect(mine.items[0]?.assignee).toEqual({ id: otherReviewer.id, name: "Ravi Reviewer" });
    expect(mine.counts.assignee.me).toBe(1);

    const byClaimant = listReviewQueue({
      by: reviewer,
      filters: parseQueueFilters({ claimant: "Behnam Ben Taleblu" }),
    });
    expect(byClaimant.items.map((i) => i.slug)).toEqual([b.slug]);

    const all = listReviewQueue({ by: reviewer, filters: parseQueueFilters({}) });
    const total = all.matching;
    expect(all.counts.total).toBe(total);
    expect(Object.values(all.counts.status).reduce((x, y) => x + y, 0)).toBe(total);
    expect(Object.values(all.counts.stage).reduce((x, y) => x + y, 0)).toBe(total);
    expect(all.counts.assignee.unassigned).toBe(total - 1);

    // Counts for one dimension keep the other filters: the status counts under "mine" cover one claim.
    expect(Object.values(mine.counts.status).reduce((x, y) => x + y, 0)).toBe(1);

    const needsEvidence = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ stage: "needs-evidence" }) });
    expect(needsEvidence.items.every((i) => i.stage === "needs-evidence")).toBe(true);
    expect(needsEvidence.matching).toBe(all.counts.stage["needs-evidence"]);

    const article = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ article: "no-such-article" }) });
    expect(article.matching).toBe(0);
    expect(article.article).toBeNull();
  });

  it("sorts by priority then age, by age, and by latest change", () => {
    const urgent = freshClaim("mujahideen", "Urgent claim");
    updateClaimDetails({ by: reviewer, ...details(urgent.id, 1, { priority: 1 }) });
    const byPriority = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ sort: "priority" }) }).items;
    const priorities = byPriority.map((i) => i.priority);
    expect(priorities).toEqual([...priorities].sort((x, y) => x - y));
    expect(byPriority.filter((i) => i.priority === 1).map((i) => i.slug)).toContain(urgent.slug);

    const oldest = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ sort: "oldest" }) }).items.map(
      (i) => i.createdAt,
    );
    expect(oldest).toEqual([...oldest].sort());
    const newest = listReviewQueue({ by: reviewer, filters: parseQueueFilters({}) }).items;
    expect(newest[0]?.slug).toBe(urgent.slug);
  });

  it("pages 50 rows at a time and clamps a page past the end", () => {
    const { article, sentence } = makeDemoClaim("haiat");
    for (let i = 0; i < 60; i++) {
      createClaim({ by: SYSTEM_PRINCIPAL, articleId: article.id, spanStart: sentence.start, spanEnd: sentence.end, summary: `Paging ${i}` });
    }
    const first = listReviewQueue({ by: reviewer, filters: parseQueueFilters({}) });
    expect(first.items).toHaveLength(QUEUE_PAGE_SIZE);
    expect(first.pageCount).toBe(Math.ceil(first.matching / QUEUE_PAGE_SIZE));
    const last = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ page: "999" }) });
    expect(last.filters.page).toBe(first.pageCount);
    expect(last.items.length).toBe(first.matching - QUEUE_PAGE_SIZE * (first.pageCount - 1));
    const seen = new Set([...first.items, ...last.items].map((i) => i.id));
    expect(seen.size).toBe(first.items.length + last.items.length);
  });

  it("keeps counts per view only until the desk changes", () => {
    const view = parseQueueFilters({ stage: "needs-evidence", assignee: "unassigned" });
    const before = listReviewQueue({ by: reviewer, filters: view });
    expect(listReviewQueue({ by: reviewer, filters: view }).counts).toEqual(before.counts);
    // "Anyone" keeps the stage filter: it is the view without its assignee filter.
    const anyone = listReviewQueue({ by: reviewer, filters: parseQueueFilters({ stage: "needs-evidence" }) });
    expect(before.counts.assignee.any).toBe(anyone.matching);
    expect(before.counts.assignee.any).toBeLessThan(before.counts.total);
    const claim = freshClaim("haniyeh", "Counts move");
    const after = listReviewQueue({ by: reviewer, filters: view });
    expect(after.matching).toBe(before.matching + 1);
    expect(after.counts.status.unverified).toBe(before.counts.status.unverified + 1);
    assignClaim({ by: editor, claimId: claim.id, assigneeId: reviewer.id });
    const assigned = listReviewQueue({ by: reviewer, filters: view });
    expect(assigned.matching).toBe(before.matching);
    expect(assigned.counts.assignee.unassigned).toBe(before.counts.assignee.unassigned);
  });

  it("is closed to signed-out callers", () => {
    expectAppError(() => listReviewQueue({ by: null, filters: parseQueueFilters({}) }), "unauthenticated");
  });
});

describe("assignment", () => {
  it("lets an editor assign and reassign, audited, and shows the assignee", () => {
    const claim = freshClaim("ceasefire", "Assignment walk");
    assignClaim({ by: editor, claimId: claim.id, assigneeId: reviewer.id });
    expect(workspace(claim.slug).assignee).toEqual({ id: reviewer.id, name: "Rita Reviewer" });
    assignClaim({ by: editor, claimId: claim.id, assigneeId: otherReviewer.id, expectedAssigneeId: reviewer.id });
    expect(workspace(claim.slug).assignee?.name).toBe("Ravi Reviewer");
    const events = getClaimHistory({ by: reviewer, claimId: claim.id }).filter((e) => e.action === "claim.assigned");
    expect(events).toHaveLength(2);
    expect(events[0]?.changes).toContainEqual({ field: "assignee", before: "Rita Reviewer", after: "Ravi Reviewer" });
    expect(events[0]?.actor).toEqual({ name: "Eddie Editor", role: "editor" });
  });

  it("lets a reviewer take a free claim and hand it back, but not take or give away someone else's", () => {
    const claim = freshClaim("haiat", "Take and hand back");
    assignClaim({ by: reviewer, claimId: claim.id, assigneeId: reviewer.id, expectedAssigneeId: "" });
    expect(workspace(claim.slug).assignee?.id).toBe(reviewer.id);
    const before = dbState();
    expectAppError(
      () => assignClaim({ by: otherReviewer, claimId: claim.id, assigneeId: otherReviewer.id }),
      "forbidden",
      /editor can reassign/,
    );
    expectAppError(() => assignClaim({ by: reviewer, claimId: claim.id, assigneeId: otherReviewer.id }), "forbidden");
    expect(dbState()).toEqual(before);
    assignClaim({ by: reviewer, claimId: claim.id, assigneeId: "" });
    expect(workspace(claim.slug).assignee).toBeNull();
  });

  it("refuses an assignment that crossed another one, and unknown people, changing nothing", async () => {
    const claim = freshClaim("rapprochement", "Crossed assignments");
    assignClaim({ by: editor, claimId: claim.id, assigneeId: reviewer.id, expectedAssigneeId: "" });
    const before = dbState();
    expectAppError(
      () => assignClaim({ by: otherEditor, claimId: claim.id, assigneeId: otherReviewer.id, expectedAssigneeId: "" }),
      "conflict",
      /now with Rita Reviewer/,
    );
    expectAppError(() => assignClaim({ by: editor, claimId: claim.id, assigneeId: 999_999 }), "invalid");
    expectAppError(() => assignClaim({ by: editor, claimId: claim.id, assigneeId: "abc" }), "invalid");
    expect(dbState()).toEqual(before);
    expect(listAssignableUsers({ by: reviewer }).map((u) => u.name)).toContain("Ravi Reviewer");
  });
});

describe("comments", () => {
  it("adds, edits and deletes with an audit event each, keeping the team's record", () => {
    const claim = freshClaim("rapprochement", "Discussion");
    const { id } = addComment({ by: reviewer, claimId: claim.id, body: "  Who has the ministry's own release?  " });
    expect(listComments({ by: editor, claimId: claim.id })).toMatchObject([
      {
        id,
        author: { name: "Rita Reviewer" },
        body: "Who has the ministry's own release?",
        canEdit: false,
        canDelete: true,
      },
    ]);
    expect(listComments({ by: reviewer, claimId: claim.id })[0]).toMatchObject({ canEdit: true, canDelete: true });
    expect(listComments({ by: otherReviewer, claimId: claim.id })[0]).toMatchObject({
      canEdit: false,
      canDelete: false,
    });

    editComment({ by: reviewer, commentId: id, body: "Found it: the release of 15 November." });
    const before = dbState();
    expectAppError(() => editComment({ by: otherReviewer, commentId: id, body: "Hijack" }), "forbidden");
    expectAppError(() => deleteComment({ by: otherReviewer, commentId: id }), "forbidden");
    expectAppError(() => addComment({ by: reviewer, claimId: claim.id, body: "   " }), "invalid");
    expect(dbState()).toEqual(before);

    deleteComment({ by: editor, commentId: id });
    expect(listComments({ by: reviewer, claimId: claim.id })[0]).toMatchObject({
      body: null,
      deletedAt: expect.any(String),
      canEdit: false,
    });
    const actions = getClaimHistory({ by: reviewer, claimId: claim.id }).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(["comment.deleted", "comment.edited", "comment.added"]);
    const edit = getClaimHistory({ by: reviewer, claimId: claim.id }).find((e) => e.action === "comment.edited");
    expect(edit?.changes).toContainEqual({
      field: "body",
      before: "Who has the ministry's own release?",
      after: "Found it: the release of 15 November.",
    });
    expect(verifyAuditChain(getConnection().sqlite).ok).toBe(true);
  });
});

describe("details and the attribution chain", () => {
  it("records claimant, first appearance, reporter and a confirmed attribution, and publishes them", () => {
    const { outlet } = DEMO_ARTICLE;
    const claim = freshClaim("death-toll", "Gaza ministry casualty figure");
    const { version } = updateClaimDetails({
      by: reviewer,
      ...details(claim.id, 1, {
        claimant: "the Hamas-controlled Gaza Health Ministry",
        firstAppearedIn: "Gaza Health Ministry daily statement",
        reportedBy: outlet,
        attributionStatus: "confirmed",
        attributionNote: "The ministry's statement of the same day gives the figure.",
      }),
    });
    const ws = workspace(claim.slug);
    expect(ws).toMatchObject({
      claimant: "the Hamas-controlled Gaza Health Ministry",
      firstAppearedIn: "Gaza Health Ministry daily statement",
      reportedBy: outlet,
      attributionStatus: "confirmed",
      version,
    });
    const event = getClaimHistory({ by: reviewer, claimId: claim.id })[0];
    expect(event?.action).toBe("claim.details_changed");
    expect(event?.version).toBe(version);
    expect(event?.changes.map((c) => c.field).sort()).toEqual(
      ["attributionNote", "attributionStatus", "claimant", "firstAppearedIn", "reportedBy", "version"].sort(),
    );

    addEvidence({
      by: reviewer,
      claimId: claim.id,
      url: "https://example.org/ministry",
      title: "Ministry statement",
      stance: "supports",
    });
    const set = setClaimStatus({
      by: reviewer,
      claimId: claim.id,
      expectedVersion: version + 1,
      status: "sourced",
      rationale: "The ministry said so.",
    });
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: set.version });
    expect(getPublishedClaim(claim.slug)?.verdict).toMatchObject({
      claimant: "the Hamas-controlled Gaza Health Ministry",
      firstAppearedIn: "Gaza Health Ministry daily statement",
      attributionStatus: "confirmed",
    });
  });

  it("requires a note and a claimant before an attribution is called confirmed", () => {
    const claim = freshClaim("parliament", "Attribution rules");
    const before = dbState();
    const error = expectAppError(
      () =>
        updateClaimDetails({
          by: reviewer,
          ...details(claim.id, 1, { attributionStatus: "confirmed", attributionNote: "" }),
        }),
      "invalid",
    );
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["attributionNote", "claimant"]);
    expectAppError(
      () => updateClaimDetails({ by: reviewer, ...details(claim.id, 1, { summary: "x".repeat(76) }) }),
      "invalid",
    );
    expectAppError(() => updateClaimDetails({ by: reviewer, ...details(claim.id, 1, { priority: 7 }) }), "invalid");
    expectAppError(() => updateClaimDetails({ by: reviewer, ...details(claim.id, 1) }), "invalid", /Nothing changed/);
    expect(dbState()).toEqual(before);
  });
});

describe("conflict-safe editing", () => {
  it("refuses every kind of stale edit and reports what changed since, and by whom", () => {
    const claim = freshClaim("biden-doubts", "Two reviewers at once");
    // Rita and Ravi both open version 1. Rita saves first.
    const rita = updateClaimDetails({ by: reviewer, ...details(claim.id, 1, { claimant: "Stephan Dujarric" }) });
    const before = dbState();

    const attempts: (() => unknown)[] = [
      () => updateClaimDetails({ by: otherReviewer, ...details(claim.id, 1, { summary: "Ravi's summary" }) }),
      () =>
        setClaimStatus({
          by: otherReviewer,
          claimId: claim.id,
          expectedVersion: 1,
          status: "unverified",
          rationale: "Ravi's notes",
        }),
      () =>
        addEvidence({
          by: otherReviewer,
          claimId: claim.id,
          expectedVersion: 1,
          url: "https://example.org/r",
          title: "R",
          stance: "context",
        }),
    ];
    for (const attempt of attempts) {
      const error = expectAppError(attempt, "conflict", /Rita Reviewer/);
      const current = (error as ConflictError<ClaimState>).current;
      expect(current).toMatchObject({
        version: rita.version,
        claimant: "Stephan Dujarric",
        lastChangedBy: "Rita Reviewer",
      });
      expect(current.changesSince).toHaveLength(1);
      expect(current.changesSince[0]).toMatchObject({
        action: "claim.details_changed",
        actor: { name: "Rita Reviewer", role: "reviewer" },
      });
      expect(current.changesSince[0]?.changes).toContainEqual({
        field: "claimant",
        before: null,
        after: "Stephan Dujarric",
      });
    }
    expect(dbState()).toEqual(before);

    // With the current version, Ravi's edit goes through.
    const ravi = updateClaimDetails({
      by: otherReviewer,
      ...details(claim.id, rita.version, { summary: "Ravi's summary" }),
    });
    expect(ravi.version).toBe(rita.version + 1);
  });
});

describe("evidence that lasts", () => {
  let server: TestServer;
  let body = "";
  const previous = process.env.EVIDENCE_FETCH_ALLOW_PRIVATE;
  const previousPorts = process.env.EVIDENCE_FETCH_PORTS;

  beforeAll(async () => {
    process.env.EVIDENCE_FETCH_ALLOW_PRIVATE = "1";
    // The page is served on a free port, not 80 or 443.
    process.env.EVIDENCE_FETCH_PORTS = "any";
    server = await startTestServer((path) => (path === "/report" ? (req, res) => page(body)(req, res) : undefined));
  });
  afterAll(async () => {
    await server.close();
    process.env.EVIDENCE_FETCH_ALLOW_PRIVATE = previous;
    if (previousPorts === undefined) delete process.env.EVIDENCE_FETCH_PORTS;
    else process.env.EVIDENCE_FETCH_PORTS = previousPorts;
  });
  afterEach(() => {
    body = "";
  });

  it("keeps the page's text and hash when cited, then shows when the source drifts", async () => {
    const claim = freshClaim("un-reliable", "Snapshot drift");
    body = "<html><body><nav>Menu</nav><p>The agency counted <b>1,200</b> cases in October.</p></body></html>";
    const added = await addEvidenceWithSnapshot({
      by: reviewer,
      claimId: claim.id,
      expectedVersion: 1,
      url: `${server.origin}/report`,
      title: "Agency report",
      quotedPassage: "counted 1,200 cases in October",
      stance: "supports",
      fetchPage: true,
    });
    expect(added).toMatchObject({ snapshot: "fetched", snapshotError: null, version: 2 });
    const item = workspace(claim.slug).evidence[0];
    expect(item?.snapshot).toMatchObject({ source: "fetched", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(item?.snapshot?.text).toContain("The agency counted 1,200 cases in October.");
    expect(item?.snapshot?.text).not.toContain("<b>");

    expect(await recheckEvidence({ by: reviewer, evidenceId: added.id })).toMatchObject({ result: "match" });
    body = "<html><body><p>The agency counted 1,200 cases in October, it said on Monday.</p></body></html>";
    expect(await recheckEvidence({ by: reviewer, evidenceId: added.id })).toMatchObject({ result: "changed" });
    body = "<html><body><p>The agency revised its count to 900 cases.</p></body></html>";
    expect(await recheckEvidence({ by: reviewer, evidenceId: added.id })).toMatchObject({ result: "passage-missing" });
    expect(workspace(claim.slug).evidence[0]?.lastCheck).toMatchObject({ result: "passage-missing" });
    // Re-checking observes the source; it does not edit the claim.
    expect(workspace(claim.slug).version).toBe(2);
    const checks = getClaimHistory({ by: reviewer, claimId: claim.id }).filter((e) => e.action === "evidence.checked");
    expect(checks).toHaveLength(3);
  });

  it("keeps a pasted passage when the page cannot be fetched, and says why", async () => {
    const claim = freshClaim("ceasefire", "Unfetchable source");
    const added = await addEvidenceWithSnapshot({
      by: reviewer,
      claimId: claim.id,
      url: `${server.origin}/gone`,
      title: "Deleted post",
      quotedPassage: "We never said that.",
      stance: "contradicts",
      fetchPage: true,
    });
    expect(added.snapshot).toBe("manual");
    expect(added.snapshotError).toMatch(/404/);
    const item = workspace(claim.slug).evidence[0];
    expect(item?.snapshot).toMatchObject({ source: "manual", text: "We never said that." });
    expect(await recheckEvidence({ by: reviewer, evidenceId: added.id })).toMatchObject({ result: "unreachable" });
  });

  it("limits how many pages one person has the server fetch in a minute, still adding the evidence", async () => {
    const busy = await makeUser("reviewer", "Busy Reviewer");
    const claim = freshClaim("parliament", "Fetch budget");
    body = "<p>The agency counted 1,200 cases.</p>";
    const added = await addEvidenceWithSnapshot({
      by: busy,
      claimId: claim.id,
      url: `${server.origin}/report`,
      title: "Agency report",
      stance: "supports",
      fetchPage: true,
    });
    for (let i = 0; i < 29; i++) await recheckEvidence({ by: busy, evidenceId: added.id });
    const asked = server.requests.length;
    await expect(recheckEvidence({ by: busy, evidenceId: added.id })).rejects.toMatchObject({
      code: "rule",
      message: expect.stringMatching(/try again in \d+ s/),
    });
    const late = await addEvidenceWithSnapshot({
      by: busy,
      claimId: claim.id,
      url: `${server.origin}/report`,
      title: "Agency report, again",
      quotedPassage: "counted 1,200 cases",
      stance: "supports",
      fetchPage: true,
    });
    expect(late).toMatchObject({ snapshot: "manual", snapshotError: expect.stringMatching(/try again/) });
    expect(server.requests.length).toBe(asked);
    // Someone else's budget is their own.
    expect(await recheckEvidence({ by: reviewer, evidenceId: added.id })).toMatchObject({ result: "match" });
  });

  it("refuses private addresses unless the setting allows them, and never fetches for bad input", async () => {
    process.env.EVIDENCE_FETCH_ALLOW_PRIVATE = "0";
    try {
      const claim = freshClaim("haniyeh", "Private address");
      const added = await addEvidenceWithSnapshot({
        by: reviewer,
        claimId: claim.id,
        url: `${server.origin}/report`,
        title: "Internal",
        stance: "context",
        fetchPage: true,
      });
      expect(added.snapshot).toBeNull();
      expect(added.snapshotError).toMatch(/not on the public internet/);
      const asked = server.requests.length;
      const before = dbState();
      await expect(
        addEvidenceWithSnapshot({
          by: reviewer,
          claimId: claim.id,
          url: "file:///etc/passwd",
          title: "x",
          stance: "context",
          fetchPage: true,
        }),
      ).rejects.toBeInstanceOf(AppError);
      await expect(
        addEvidenceWithSnapshot({
          by: null,
          claimId: claim.id,
          url: `${server.origin}/report`,
          title: "x",
          stance: "context",
          fetchPage: true,
        }),
      ).rejects.toMatchObject({ code: "unauthenticated" });
      expect(server.requests.length).toBe(asked);
      expect(dbState()).toEqual(before);
    } finally {
      process.env.EVIDENCE_FETCH_ALLOW_PRIVATE = "1";
    }
  });
});
