import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { setClaimStatus } from "@/lib/claims/claims";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";

// Every server action, called the way Next calls it, as each kind of visitor.
// The session is the one thing faked: currentUser() answers as the test says.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, updateTag: () => undefined }));

const actions = await import("@/app/(review)/review/claims/[slug]/actions");

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;
let claim: ReturnType<typeof makeDemoClaim>["claim"];
let evidenceId: number;
let version: number;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer");
  editor = await makeUser("editor");
  otherEditor = await makeUser("editor");
  claim = makeDemoClaim("un-reliable").claim;
  evidenceId = addEvidence({
    by: reviewer,
    claimId: claim.id,
    url: "https://example.org/un",
    title: "U.N. briefing",
    stance: "supports",
  }).id;
  addEvidence({ by: reviewer, claimId: claim.id, url: "https://example.org/aside", title: "Aside", stance: "context" });
  version = setClaimStatus({
    by: reviewer,
    claimId: claim.id,
    expectedVersion: 3,
    status: "sourced",
    rationale: "On the record.",
  }).version;
});
afterAll(() => db.cleanup());
beforeEach(() => {
  session.user = null;
});

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

function snapshot() {
  const { sqlite } = getConnection();
  return {
    audit: sqlite.prepare("select count(*) as n from audit_events").get(),
    claim: sqlite
      .prepare(
        "select status, rationale, version, published_at, summary, priority, assignee_id from claims where id = ?",
      )
      .get(claim.id),
    evidence: sqlite
      .prepare("select count(*) as n, count(removed_at) as removed, count(last_checked_at) as checked from evidence")
      .get(),
    comments: sqlite
      .prepare("select count(*) as n, count(edited_at) as edited, count(deleted_at) as deleted from comments")
      .get(),
  };
}

const IDLE = { status: "idle" } as const;

const calls = () => ({
  saveVerdictAction: form({
    claimId: claim.id,
    expectedVersion: version,
    status: "unverified",
    rationale: "Reopened.",
  }),
  addEvidenceAction: form({ claimId: claim.id, url: "https://example.org/x", title: "X", stance: "context" }),
  removeEvidenceAction: form({ evidenceId: evidenceId + 1, reason: "Off topic" }),
  publishAction: form({ claimId: claim.id, expectedVersion: version }),
  unpublishAction: form({ claimId: claim.id, reason: "Pulled" }),
  saveDetailsAction: form({
    claimId: claim.id,
    expectedVersion: version,
    summary: "A new summary",
    attributionStatus: "unconfirmed",
    priority: 1,
  }),
  recheckEvidenceAction: form({ evidenceId }),
  assignAction: form({ claimId: claim.id, assigneeId: reviewer.id }),
  addCommentAction: form({ claimId: claim.id, body: "Who has the ministry's own release?" }),
  editCommentAction: form({ commentId: 1, body: "Edited" }),
  deleteCommentAction: form({ commentId: 1 }),
});

type ActionName = keyof ReturnType<typeof calls>;

describe("server actions check authorisation themselves", () => {
  it("covers every exported action", () => {
    expect(Object.keys(actions).sort()).toEqual(Object.keys(calls()).sort());
  });

  it("refuse a signed-out caller on every action and change nothing", async () => {
    const before = snapshot();
    for (const [name, data] of Object.entries(calls())) {
      const state = await actions[name as ActionName](IDLE, data);
      expect(state, name).toMatchObject({ status: "error", message: "Please sign in to do that." });
    }
    expect(snapshot()).toEqual(before);
  });

  it("refuse publishing and unpublishing to a reviewer, changing nothing", async () => {
    session.user = reviewer;
    const before = snapshot();
    const c = calls();
    for (const name of ["publishAction", "unpublishAction"] as const) {
      expect(await actions[name](IDLE, c[name]), name).toMatchObject({
        status: "error",
        message: "Your role does not allow that.",
      });
    }
    expect(snapshot()).toEqual(before);
  });

  it("refuse a publish by the editor who set the verdict, then let another editor publish", async () => {
    session.user = editor;
    const reopened = await actions.saveVerdictAction(
      IDLE,
      form({ claimId: claim.id, expectedVersion: version, status: "sourced", rationale: "Confirmed on the record." }),
    );
    expect(reopened).toMatchObject({ status: "ok", message: "Verdict saved." });
    version += 1;
    const before = snapshot();
    expect(await actions.publishAction(IDLE, calls().publishAction)).toMatchObject({
      status: "error",
      message: expect.stringMatching(/another editor/),
    });
    expect(snapshot()).toEqual(before);

    session.user = otherEditor;
    expect(await actions.publishAction(IDLE, calls().publishAction)).toMatchObject({
      status: "ok",
      message: "Published.",
    });
    expect(snapshot().claim).toMatchObject({ published_at: expect.any(String) });
  });

  it("let a reviewer add and remove evidence and save a verdict, and hand back typed text on a stale save", async () => {
    session.user = reviewer;
    expect(await actions.addEvidenceAction(IDLE, calls().addEvidenceAction)).toMatchObject({
      status: "ok",
      message: "Evidence added.",
    });
    expect(await actions.removeEvidenceAction(IDLE, calls().removeEvidenceAction)).toMatchObject({
      status: "ok",
      message: "Evidence removed.",
    });
    const stale = await actions.saveVerdictAction(
      IDLE,
      form({ claimId: claim.id, expectedVersion: 1, status: "unverified", rationale: "My careful notes" }),
    );
    expect(stale).toMatchObject({
      status: "error",
      current: { status: "sourced", rationale: "Confirmed on the record." },
      values: { rationale: "My careful notes", status: "unverified" },
    });
  });

  it("answer hostile input with a message, never a crash or a write", async () => {
    session.user = otherEditor;
    const before = snapshot();
    const hostile = [
      form({
        claimId: "1 OR 1=1",
        expectedVersion: "x",
        status: "sourced'; DROP TABLE claims;--",
        rationale: "\u0000".repeat(10),
      }),
      form({ claimId: claim.id, expectedVersion: version + 1, status: "published", rationale: "x".repeat(6000) }),
      form({}),
    ];
    for (const data of hostile) {
      expect(await actions.saveVerdictAction(IDLE, data)).toMatchObject({ status: "error" });
    }
    expect(
      await actions.addEvidenceAction(
        IDLE,
        form({ claimId: claim.id, url: "javascript:alert(1)", title: "t", stance: "supports" }),
      ),
    ).toMatchObject({
      status: "error",
      fieldErrors: { url: [expect.any(String)] },
    });
    expect(snapshot()).toEqual(before);
  });
});
