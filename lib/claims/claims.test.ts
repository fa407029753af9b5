import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { verifyAuditChain } from "@/lib/audit/events";
import { ConflictError } from "@/lib/errors";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { addEvidence, removeEvidence } from "./evidence";
import { createClaim, setClaimStatus } from "./claims";
import { getClaimHistory } from "./history";
import { getClaimWorkspace } from "./workspace";
import { getPublishedClaim } from "@/lib/public/published-claim";
import { publishClaim, unpublishClaim } from "./publication";
import { expectAppError } from "@/lib/testing/app-error";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  editor = await makeUser("editor", "Eddie Editor");
  otherEditor = await makeUser("editor", "Olga Editor");
});
afterAll(() => db.cleanup());

function counts() {
  const { sqlite } = getConnection();
  const n = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  return { audit: n("audit_events"), evidence: n("evidence"), publications: n("publications") };
}


function workspace(slug: string) {
  const ws = getClaimWorkspace({ by: reviewer, slug });
  if (!ws) throw new Error("claim vanished");
  return ws;
}

let seeded: ReturnType<typeof makeDemoClaim>;
let counter = 0;

beforeEach(() => {
  // A fresh claim per test on the demo article.
  counter += 1;
  if (!seeded) {
    seeded = makeDemoClaim("death-toll");
    return;
  }
  const s = seeded.sentence;
  const claim = createClaim({
    by: SYSTEM_PRINCIPAL,
    articleId: seeded.article.id,
    spanStart: s.start,
    spanEnd: s.end,
    summary: `Ministry death toll claim ${counter}`,
  });
  seeded = { ...seeded, claim };
});

describe("claims as written", () => {
  it("takes the claim text from the article at its offsets", () => {
    const ws = workspace(seeded.claim.slug);
    expect(ws.text).toBe(seeded.sentence.text);
    expect(ws.status).toBe("unverified");
    expect(ws.version).toBe(1);
  });

  it("refuses a span outside the article and a summary over 75 characters, writing nothing", () => {
    const before = counts();
    expectAppError(
      () => createClaim({ by: reviewer, articleId: seeded.article.id, spanStart: 10, spanEnd: 999_999, summary: "x" }),
      "invalid",
    );
    expectAppError(
      () => createClaim({ by: reviewer, articleId: seeded.article.id, spanStart: 0, spanEnd: 10, summary: "y".repeat(76) }),
      "invalid",
      /75/,
    );
    expect(counts()).toEqual(before);
  });
});

describe("status rules", () => {
  it("refuses sourced without supporting evidence and disputed without contradicting evidence", () => {
    const before = counts();
    expectAppError(
      () => setClaimStatus({ by: reviewer, claimId: seeded.claim.id, expectedVersion: 1, status: "sourced", rationale: "Looks right." }),
      "rule",
      /supports/,
    );
    addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/a", title: "Context piece", stance: "context" });
    expectAppError(
      () => setClaimStatus({ by: reviewer, claimId: seeded.claim.id, expectedVersion: 2, status: "disputed", rationale: "Contested." }),
      "rule",
      /contradicts/,
    );
    expect(workspace(seeded.claim.slug).status).toBe("unverified");
    expect(counts().audit).toBe(before.audit + 1); // only the evidence.added event
  });

  it("needs a rationale for sourced and disputed", () => {
    addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/b", title: "Backing", stance: "supports" });
    expectAppError(
      () => setClaimStatus({ by: reviewer, claimId: seeded.claim.id, expectedVersion: 2, status: "sourced", rationale: "   " }),
      "rule",
      /rationale/,
    );
  });

  it("sets sourced with supporting evidence and a rationale, bumping the version and recording who", () => {
    addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/c", title: "Backing", stance: "supports" });
    const result = setClaimStatus({
      by: reviewer,
      claimId: seeded.claim.id,
      expectedVersion: 2,
      status: "sourced",
      rationale: "The ministry did publish the figure.",
    });
    expect(result).toEqual({ version: 3, status: "sourced" });
    const ws = workspace(seeded.claim.slug);
    expect(ws.statusSetBy?.id).toBe(reviewer.id);
    const history = getClaimHistory({ by: reviewer, claimId: seeded.claim.id });
    expect(history[0]?.action).toBe("claim.status_changed");
    expect(history[0]?.actor.name).toBe("Rita Reviewer");
    expect(history[0]?.changes).toContainEqual({ field: "status", before: "unverified", after: "sourced" });
    expect(history.map((h) => h.action)).toContain("evidence.added");
  });

  it("refuses to remove the evidence a verdict rests on, and records other removals", () => {
    const support = addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/d", title: "Backing", stance: "supports" });
    const extra = addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/e", title: "Aside", stance: "context" });
    setClaimStatus({ by: reviewer, claimId: seeded.claim.id, expectedVersion: 3, status: "sourced", rationale: "Backed." });
    expectAppError(() => removeEvidence({ by: reviewer, evidenceId: support.id, reason: "Wrong link" }), "rule", /Change the status first/);
    expectAppError(() => removeEvidence({ by: reviewer, evidenceId: extra.id, reason: "" }), "invalid");
    removeEvidence({ by: reviewer, evidenceId: extra.id, reason: "Not relevant" });
    const ws = workspace(seeded.claim.slug);
    const removed = ws.evidence.find((e) => e.id === extra.id);
    expect(removed?.removed?.reason).toBe("Not relevant");
    expect(ws.evidence).toHaveLength(2); // recorded, not deleted
  });
});

describe("version check", () => {
  it("refuses a stale change and shows the current state, changing nothing", () => {
    addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/f", title: "Refutation", stance: "contradicts" });
    setClaimStatus({ by: reviewer, claimId: seeded.claim.id, expectedVersion: 2, status: "disputed", rationale: "First take." });
    const before = counts();
    const error = expectAppError(
      () => setClaimStatus({ by: editor, claimId: seeded.claim.id, expectedVersion: 2, status: "unverified", rationale: "Second take." }),
      "conflict",
    );
    expect(error).toBeInstanceOf(ConflictError);
    const current = (error as ConflictError<{ status: string; rationale: string; version: number; lastChangedBy: string | null }>).current;
    expect(current).toMatchObject({ status: "disputed", rationale: "First take.", version: 3, lastChangedBy: "Rita Reviewer" });
    expect(counts()).toEqual(before);
    expect(workspace(seeded.claim.slug).rationale).toBe("First take.");
  });
});

describe("publishing", () => {
  function sourcedBy(user: SessionUser) {
    addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/g", title: "Backing", stance: "supports" });
    return setClaimStatus({ by: user, claimId: seeded.claim.id, expectedVersion: 2, status: "sourced", rationale: "Stated on the record." });
  }

  it("is for editors only", () => {
    const { version } = sourcedBy(editor);
    expectAppError(() => publishClaim({ by: reviewer, claimId: seeded.claim.id, expectedVersion: version }), "forbidden");
    expectAppError(() => publishClaim({ by: null, claimId: seeded.claim.id, expectedVersion: version }), "unauthenticated");
    expect(getPublishedClaim(seeded.claim.slug)).toBeNull();
  });

  it("keeps four eyes: the editor who set the status cannot publish it", () => {
    const { version } = sourcedBy(editor);
    const before = counts();
    expectAppError(() => publishClaim({ by: editor, claimId: seeded.claim.id, expectedVersion: version }), "rule", /another editor/);
    expect(counts()).toEqual(before);
    publishClaim({ by: otherEditor, claimId: seeded.claim.id, expectedVersion: version });
    expect(getPublishedClaim(seeded.claim.slug)?.verdict.status).toBe("sourced");
  });

  it("has the database refuse a four-eyes breach even if the check in lib/ were skipped", () => {
    const { version } = sourcedBy(editor);
    expect(version).toBe(3);
    const raw = new Database(db.file);
    expect(() =>
      raw
        .prepare("update claims set published_at = ?, published_by = ? where id = ?")
        .run(new Date().toISOString(), editor.id, seeded.claim.id),
    ).toThrow(/four-eyes/);
    raw.close();
  });

  it("shows the public only the frozen verdict; later edits wait for the next publication, which is a correction", () => {
    const { version } = sourcedBy(reviewer);
    expectAppError(() => publishClaim({ by: editor, claimId: seeded.claim.id, expectedVersion: version - 1 }), "conflict");
    const first = publishClaim({ by: editor, claimId: seeded.claim.id, expectedVersion: version });
    expect(first.kind).toBe("published");
    expectAppError(() => publishClaim({ by: editor, claimId: seeded.claim.id, expectedVersion: version }), "invalid", /already published/);

    addEvidence({ by: reviewer, claimId: seeded.claim.id, url: "https://example.org/h", title: "Refutation", stance: "contradicts" });
    const changed = setClaimStatus({
      by: reviewer,
      claimId: seeded.claim.id,
      expectedVersion: version + 1,
      status: "disputed",
      rationale: "New figures contradict it.",
    });
    expect(getPublishedClaim(seeded.claim.slug)?.verdict.status).toBe("sourced");

    expectAppError(() => publishClaim({ by: editor, claimId: seeded.claim.id, expectedVersion: changed.version }), "invalid", /correction/);
    const correction = publishClaim({
      by: editor,
      claimId: seeded.claim.id,
      expectedVersion: changed.version,
      reason: "New figures came out.",
    });
    expect(correction.kind).toBe("correction");
    const published = getPublishedClaim(seeded.claim.slug);
    expect(published?.verdict.status).toBe("disputed");
    expect(published?.verdict.evidence.map((e) => e.stance).sort()).toEqual(["contradicts", "supports"]);
    expect(published?.history.map((h) => h.kind)).toEqual(["correction", "published"]);
    expect(published?.history[0]).toMatchObject({ status: "disputed", previousStatus: "sourced", reason: "New figures came out." });
  });

  it("unpublishes with a reason, hiding the claim from the public", () => {
    const { version } = sourcedBy(reviewer);
    publishClaim({ by: editor, claimId: seeded.claim.id, expectedVersion: version });
    expectAppError(() => unpublishClaim({ by: reviewer, claimId: seeded.claim.id, reason: "x" }), "forbidden");
    expectAppError(() => unpublishClaim({ by: editor, claimId: seeded.claim.id, reason: " " }), "invalid");
    unpublishClaim({ by: editor, claimId: seeded.claim.id, reason: "Legal review" });
    expect(getPublishedClaim(seeded.claim.slug)).toBeNull();
    const history = getClaimHistory({ by: reviewer, claimId: seeded.claim.id });
    expect(history[0]).toMatchObject({ action: "claim.unpublished", reason: "Legal review" });
  });
});

describe("authorisation in the data-access layer", () => {
  it("refuses every write and every desk read to someone signed out, changing nothing", () => {
    const before = counts();
    const id = seeded.claim.id;
    const calls: (() => unknown)[] = [
      () => createClaim({ by: null, articleId: seeded.article.id, spanStart: 0, spanEnd: 5, summary: "s" }),
      () => setClaimStatus({ by: null, claimId: id, expectedVersion: 1, status: "unverified", rationale: "r" }),
      () => addEvidence({ by: null, claimId: id, url: "https://example.org", title: "t", stance: "supports" }),
      () => removeEvidence({ by: null, evidenceId: 1, reason: "r" }),
      () => publishClaim({ by: null, claimId: id, expectedVersion: 1 }),
      () => unpublishClaim({ by: null, claimId: id, reason: "r" }),
      () => getClaimWorkspace({ by: null, slug: seeded.claim.slug }),
      () => getClaimHistory({ by: null, claimId: id }),
    ];
    for (const call of calls) expectAppError(call, "unauthenticated");
    expect(counts()).toEqual(before);
  });
});

describe("audit", () => {
  it("keeps the whole chain valid after all of the above", () => {
    const result = verifyAuditChain(getConnection().sqlite);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThan(20);
  });
});
