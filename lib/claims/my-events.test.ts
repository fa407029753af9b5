import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { page, startTestServer, type TestServer } from "@/lib/evidence/test-server";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { assignClaim } from "./assignment";
import { setClaimStatus } from "./claims";
import { addComment } from "./comments";
import { addEvidence, addEvidenceWithSnapshot, recheckEvidence } from "./evidence";
import { lastMineVisit, listMyEvents, openMyEvents } from "./my-events";
import { publishClaim } from "./publication";

let db: ReturnType<typeof useTemporaryDatabase>;
let server: TestServer;
let body = "";
let rita: SessionUser;
let ravi: SessionUser;
let editor: SessionUser;
let assigned: { id: number; slug: string };
let commented: { id: number; slug: string };
let elsewhere: { id: number; slug: string };

const auditCount = () =>
  (getConnection().sqlite.prepare("select count(*) as n from audit_events").get() as { n: number }).n;

beforeAll(async () => {
  db = useTemporaryDatabase();
  // The source is served from this machine, on a port of its own.
  vi.stubEnv("EVIDENCE_FETCH_ALLOW_PRIVATE", "1");
  vi.stubEnv("EVIDENCE_FETCH_PORTS", "any");
  server = await startTestServer((path) => (path === "/source" ? (req, res) => page(body)(req, res) : undefined));
  rita = await makeUser("reviewer", "Rita Reviewer");
  ravi = await makeUser("reviewer", "Ravi Reviewer");
  editor = await makeUser("editor", "Eddie Editor");
  assigned = makeDemoClaim("death-toll", { summary: "Assigned to Rita" }).claim;
  commented = makeDemoClaim("ceasefire", { summary: "Rita commented here" }).claim;
  elsewhere = makeDemoClaim("haniyeh", { summary: "Not Rita's" }).claim;
  assignClaim({ by: editor, claimId: assigned.id, assigneeId: rita.id, expectedAssigneeId: "" });
  addComment({ by: rita, claimId: commented.id, body: "I will look for the agency's report." });
});
afterAll(async () => {
  await server.close();
  vi.unstubAllEnvs();
  db.cleanup();
});

describe("what changed on my claims", () => {
  it("lists others' verdicts, publications, comments and assignments on my claims only, newest first", () => {
    addEvidence({
      by: ravi,
      claimId: assigned.id,
      url: "https://example.org/figures",
      title: "Ministry figures",
      stance: "supports",
    });
    setClaimStatus({
      by: ravi,
      claimId: assigned.id,
      expectedVersion: 2,
      status: "sourced",
      rationale: "The ministry published it.",
    });
    publishClaim({ by: editor, claimId: assigned.id, expectedVersion: 3 });
    addComment({ by: ravi, claimId: commented.id, body: "Found it:\n the report   is on page 4." });
    // Nothing on a claim Rita has no part in reaches her.
    addComment({ by: ravi, claimId: elsewhere.id, body: "Someone else's claim." });
    assignClaim({ by: editor, claimId: elsewhere.id, assigneeId: ravi.id, expectedAssigneeId: "" });

    const { events } = listMyEvents({ by: rita });
    expect(events.map((e) => [e.kind, e.claim.slug, e.actor.name])).toEqual([
      ["comment", commented.slug, "Ravi Reviewer"],
      ["published", assigned.slug, "Eddie Editor"],
      ["verdict", assigned.slug, "Ravi Reviewer"],
      ["assigned", assigned.slug, "Eddie Editor"],
    ]);
    expect(events[0]?.excerpt).toBe("Found it: the report is on page 4.");
    expect(events[1]?.status).toBe("sourced");
    expect(events[2]?.status).toBe("sourced");
    expect(events[3]?.assignee).toEqual({ name: "Rita Reviewer", isReader: true });
    // Evidence added is not on the list: it is the work, the verdict is the news.
    expect(events.some((e) => e.claim.id === elsewhere.id)).toBe(false);
    expect(events.every((e) => !e.own)).toBe(true);
  });

  it("leaves out my own events unless asked, and marks them as mine when included", () => {
    expect(listMyEvents({ by: rita }).events.some((e) => e.actor.id === rita.id)).toBe(false);
    const withOwn = listMyEvents({ by: rita, includeOwn: true }).events;
    const mine = withOwn.filter((e) => e.own);
    expect(mine.map((e) => [e.kind, e.claim.slug, e.actor.name])).toEqual([
      ["comment", commented.slug, "Rita Reviewer"],
    ]);
  });

  it("shows a re-check that found the source changed, and not one that found it the same", async () => {
    body = "<html><body><p>The agency counted 1,200 cases in October.</p></body></html>";
    const added = await addEvidenceWithSnapshot({
      by: ravi,
      claimId: assigned.id,
      url: `${server.origin}/source`,
      title: "Agency report",
      quotedPassage: "counted 1,200 cases",
      stance: "context",
      fetchPage: true,
    });
    await recheckEvidence({ by: ravi, evidenceId: added.id });
    expect(listMyEvents({ by: rita }).events[0]?.kind).toBe("comment");
    body = "<html><body><p>The agency revised its count to 900 cases.</p></body></html>";
    await recheckEvidence({ by: ravi, evidenceId: added.id });
    const [latest] = listMyEvents({ by: rita }).events;
    expect(latest).toMatchObject({
      kind: "drift",
      claim: { slug: assigned.slug },
      drift: { result: "passage-missing", title: "Agency report" },
    });
  });

  it("pages back through older events without repeating one", () => {
    const all = listMyEvents({ by: rita, limit: 100 }).events.map((e) => e.id);
    const first = listMyEvents({ by: rita, limit: 2 });
    expect(first.events.map((e) => e.id)).toEqual(all.slice(0, 2));
    expect(first.olderBefore).toBe(all[1]);
    const second = listMyEvents({ by: rita, limit: 2, before: first.olderBefore ?? 0 });
    expect(second.events.map((e) => e.id)).toEqual(all.slice(2, 4));
    const last = listMyEvents({ by: rita, limit: 100, before: all[all.length - 2] });
    expect(last.olderBefore).toBeNull();
    expect(last.events.map((e) => e.id)).toEqual(all.slice(-1));
  });

  it("remembers the last visit without writing an audit event, and only the first page moves it", () => {
    const before = auditCount();
    expect(lastMineVisit({ by: rita })).toBeNull();
    const first = openMyEvents({ by: rita });
    expect(first.lastVisit).toBeNull();
    const seen = lastMineVisit({ by: rita });
    expect(seen).not.toBeNull();
    addComment({ by: ravi, claimId: commented.id, body: "One more thing." });
    openMyEvents({ by: rita, before: first.events[0]?.id ?? 1 });
    expect(lastMineVisit({ by: rita })).toBe(seen);
    const second = openMyEvents({ by: rita });
    expect(second.lastVisit).toBe(seen);
    // Only the comment is newer than the visit.
    expect(second.events.filter((e) => e.at > (seen ?? "")).map((e) => e.excerpt)).toEqual(["One more thing."]);
    expect(auditCount()).toBe(before + 1);
    expect(() => openMyEvents({ by: null })).toThrow(/sign in/);
  });
});
