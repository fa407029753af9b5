import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { addEvidence } from "@/lib/claims/evidence";
import { setClaimStatus } from "@/lib/claims/claims";
import { AppError } from "@/lib/errors";
import { readCorrectionRequest } from "@/lib/public/correction-requests";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";

// Every server action, called the way Next calls it, as each kind of visitor.
// The session is the one thing faked: currentUser() answers as the test says.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, updateTag: () => undefined }));
// Work scheduled after the response (the front-cache purge) is kept, not run.
const afterResponse = vi.hoisted(() => ({ tasks: [] as unknown[] }));
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  after: (task: unknown) => void afterResponse.tasks.push(task),
}));
// The public action reads the caller's address and, once accepted, redirects: both stand in here.
const redirects = vi.hoisted(() => ({ to: [] as string[] }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-claimtrail-client-address": "203.0.113.7" }) }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    redirects.to.push(url);
    throw new Error(`redirected to ${url}`);
  },
}));

const actions = await import("@/app/(review)/review/claims/[slug]/actions");
const publicActions = await import("@/app/(public)/claims/[slug]/actions");
const { formFields, runAction } = await import("@/lib/actions");

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
    correctionRequests: sqlite.prepare("select count(*) as n from correction_requests").get(),
  };
}

const IDLE = null;

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
      expect(state, name).toMatchObject({ ok: false, message: "Please sign in to do that." });
    }
    expect(snapshot()).toEqual(before);
  });

  it("refuse publishing and unpublishing to a reviewer, changing nothing", async () => {
    session.user = reviewer;
    const before = snapshot();
    const c = calls();
    for (const name of ["publishAction", "unpublishAction"] as const) {
      expect(await actions[name](IDLE, c[name]), name).toMatchObject({
        ok: false,
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
    expect(reopened).toMatchObject({ ok: true, message: "Verdict saved." });
    version += 1;
    const before = snapshot();
    expect(await actions.publishAction(IDLE, calls().publishAction)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/another editor/),
    });
    expect(snapshot()).toEqual(before);
    expect(afterResponse.tasks).toHaveLength(0);

    session.user = otherEditor;
    expect(await actions.publishAction(IDLE, calls().publishAction)).toMatchObject({
      ok: true,
      message: "Published.",
    });
    expect(snapshot().claim).toMatchObject({ published_at: expect.any(String) });
    // The purge of the cache in front waits for the response.
    expect(afterResponse.tasks).toHaveLength(1);
  });

  it("let a reviewer add and remove evidence and save a verdict, and hand back typed text on a stale save", async () => {
    session.user = reviewer;
    expect(await actions.addEvidenceAction(IDLE, calls().addEvidenceAction)).toMatchObject({
      ok: true,
      message: "Evidence added.",
    });
    expect(await actions.removeEvidenceAction(IDLE, calls().removeEvidenceAction)).toMatchObject({
      ok: true,
      message: "Evidence removed.",
    });
    const stale = await actions.saveVerdictAction(
      IDLE,
      form({ claimId: claim.id, expectedVersion: 1, status: "unverified", rationale: "My careful notes" }),
    );
    expect(stale).toMatchObject({
      ok: false,
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
      expect(await actions.saveVerdictAction(IDLE, data)).toMatchObject({ ok: false });
    }
    expect(
      await actions.addEvidenceAction(
        IDLE,
        form({ claimId: claim.id, url: "javascript:alert(1)", title: "t", stance: "supports" }),
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { url: [expect.any(String)] },
    });
    expect(snapshot()).toEqual(before);
  });
});

describe("the action wrapper", () => {
  it("reads a form once into strings, an array where a name repeats, leaving out files and Next's own keys", () => {
    const data = new FormData();
    data.set("summary", "Fares up");
    data.append("tag", "rail");
    data.append("tag", "fares");
    data.set("upload", new Blob(["x"]), "x.txt");
    data.set("$ACTION_ID_abc", "");
    expect(formFields(data)).toEqual({ summary: "Fares up", tag: ["rail", "fares"] });
  });

  it("hands the work's message and data back as a success, and an AppError as a refusal with what was typed", async () => {
    session.user = reviewer;
    const done = await runAction(form({ n: 2 }), ({ by, fields }) => ({
      message: `Seen by ${by?.name ?? "nobody"}.`,
      data: { n: fields.n },
    }));
    expect(done).toMatchObject({
      ok: true,
      message: `Seen by ${reviewer.name}.`,
      data: { n: "2" },
      at: expect.any(Number),
    });
    const refused = await runAction(form({ url: "x" }), () => {
      throw new AppError("invalid", "Enter a URL.", { url: ["Enter a URL."] });
    });
    expect(refused).toEqual({
      ok: false,
      message: "Enter a URL.",
      fieldErrors: { url: ["Enter a URL."] },
      values: { url: "x" },
      current: undefined,
      details: undefined,
    });
  });

  it("throws anything but an AppError on to the error page", async () => {
    await expect(
      runAction(form({}), () => {
        throw new TypeError("a bug");
      }),
    ).rejects.toThrow("a bug");
  });

  it("refuses anything but a form, and a field sent twice where one is expected, changing nothing", async () => {
    session.user = otherEditor;
    const before = snapshot();
    expect(await actions.saveVerdictAction(IDLE, "status=sourced" as unknown as FormData)).toMatchObject({
      ok: false,
      message: "Send this with the form.",
    });
    const twice = form({ claimId: claim.id, expectedVersion: version, rationale: "Twice." });
    twice.append("status", "sourced");
    twice.append("status", "disputed");
    expect(await actions.saveVerdictAction(IDLE, twice)).toMatchObject({
      ok: false,
      fieldErrors: { status: [expect.any(String)] },
      values: { status: ["sourced", "disputed"], rationale: "Twice." },
    });
    expect(snapshot()).toEqual(before);
  });
});

describe("the public correction request goes through the same wrapper", () => {
  it("refuses a short message with the field's error and what was typed, sending nothing", async () => {
    session.user = null;
    const before = snapshot();
    const state = await publicActions.requestCorrectionAction(
      null,
      form({ slug: claim.slug, message: "Wrong", email: "reader@example.org" }),
    );
    expect(state).toMatchObject({
      ok: false,
      fieldErrors: { message: [expect.stringMatching(/at least 10 characters/)] },
      values: { slug: claim.slug, message: "Wrong", email: "reader@example.org" },
    });
    expect(snapshot()).toEqual(before);
  });

  it("refuses a claim that is not published, and anything but a form", async () => {
    const before = snapshot();
    expect(
      await publicActions.requestCorrectionAction(
        null,
        form({ slug: "no-such-claim", message: "This is out of date." }),
      ),
    ).toMatchObject({ ok: false, message: "That claim is not published, so there is nothing to correct." });
    expect(await publicActions.requestCorrectionAction(null, "x" as unknown as FormData)).toMatchObject({ ok: false });
    expect(snapshot()).toEqual(before);
  });

  it("stores an accepted request and redirects to its private page, keyed by a token stored only hashed", async () => {
    redirects.to.length = 0;
    await expect(
      publicActions.requestCorrectionAction(
        null,
        form({ slug: claim.slug, message: "The toll has been revised since." }),
      ),
    ).rejects.toThrow("redirected");
    expect(redirects.to).toEqual([expect.stringMatching(/^\/requests\/crq_[A-Za-z0-9_-]{43}$/)]);
    expect(snapshot().correctionRequests).toEqual({ n: 1 });
    const token = (redirects.to[0] ?? "").slice("/requests/".length);
    expect(readCorrectionRequest(token)).toMatchObject({ state: "received", message: "The toll has been revised since." });
  });
});
