import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import type { SessionUser } from "@/lib/auth/principal";

import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import {
  answerCorrectionRequest,
  listCorrectionRequests,
  setCorrectionRequestState,
  startCorrectionReview,
} from "@/lib/claims/correction-requests";
import {
  hashAddress,
  hashRequestToken,
  MAX_REQUESTS_PER_HOUR,
  readCorrectionRequest,
  submitCorrectionRequest,
} from "./correction-requests";
import { seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";
import { expectAppError } from "@/lib/testing/app-error";

let db: ReturnType<typeof useTemporaryDatabase>;
let desk: PublicDesk;
let reviewer: SessionUser;
let admin: SessionUser;
let previousSecret: string | undefined;

beforeAll(async () => {
  // A fixed secret keeps the test away from ./data/auth-secret.
  previousSecret = process.env.AUTH_SECRET;
  process.env.AUTH_SECRET = "correction-request-test-secret-0123456789abcdef";
  db = useTemporaryDatabase();
  desk = await seedPublicDesk();
  reviewer = await makeUser("reviewer");
  admin = await makeUser("admin");
});
afterAll(() => {
  db.cleanup();
  if (previousSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = previousSecret;
});

const MESSAGE = "The ministry revised this figure on 20 November; please update the verdict.";
let nextAddress = 0;
const freshAddress = () => `203.0.113.${++nextAddress}`;

function counts() {
  const { sqlite } = getConnection();
  const n = (table: string) => sqlite.prepare(`select count(*) as n from ${table}`).pluck().get() as number;
  return { requests: n("correction_requests"), audit: n("audit_events") };
}

function lastAudit() {
  return getConnection().sqlite.prepare("select * from audit_events order by id desc limit 1").get() as {
    actor_kind: string;
    actor_id: number | null;
    action: string;
    entity_type: string;
    entity_id: string;
    before: string | null;
    after: string | null;
  };
}

describe("submitCorrectionRequest", () => {
  it("stores an open request and audits it as the public, without the message or email", () => {
    const before = counts();
    const { id } = submitCorrectionRequest({
      slug: desk.corrected,
      message: MESSAGE,
      email: "Reader@Example.org",
      address: freshAddress(),
    });
    expect(counts()).toEqual({ requests: before.requests + 1, audit: before.audit + 1 });
    const row = getConnection().sqlite.prepare("select * from correction_requests where id = ?").get(id) as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({ message: MESSAGE, email: "Reader@Example.org", state: "open", handled_by: null });
    expect(row.address_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.address_hash).not.toContain("203.0.113");

    const event = lastAudit();
    expect(event).toMatchObject({
      actor_kind: "public",
      actor_id: null,
      action: "correction_request.received",
      entity_type: "correction_request",
      entity_id: String(id),
    });
    expect(event.after).not.toContain("Reader");
    expect(event.after).not.toContain("ministry");
    expect(JSON.parse(event.after ?? "{}")).toMatchObject({
      messageLength: MESSAGE.length,
      emailGiven: true,
      state: "open",
    });
    expect(verifyAuditChain(getConnection().sqlite).ok).toBe(true);
  });

  it("validates the message and email, writing nothing when they are wrong", () => {
    const before = counts();
    const address = freshAddress();
    expectAppError(
      () => submitCorrectionRequest({ slug: desk.corrected, message: "too short", address }),
      "invalid",
      /10 characters/,
    );
    expectAppError(
      () => submitCorrectionRequest({ slug: desk.corrected, message: "x".repeat(5001), address }),
      "invalid",
      /5,000/,
    );
    expectAppError(() => submitCorrectionRequest({ slug: desk.corrected, message: undefined, address }), "invalid");
    expectAppError(
      () => submitCorrectionRequest({ slug: desk.corrected, message: { toString: () => MESSAGE }, address }),
      "invalid",
    );
    const bad = expectAppError(
      () => submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, email: "not-an-email", address }),
      "invalid",
    );
    expect(bad.fieldErrors.email).toBeDefined();
    expectAppError(() => submitCorrectionRequest({ slug: 42, message: MESSAGE, address }), "invalid");
    expect(counts()).toEqual(before);
    // An empty email is no email.
    expect(
      submitCorrectionRequest({ slug: desk.corrected, message: `  ${MESSAGE}  `, email: "  ", address }).id,
    ).toBeGreaterThan(0);
  });

  it("only takes requests about published claims", () => {
    const before = counts();
    const address = freshAddress();
    for (const slug of [desk.drafts[0], desk.withdrawn, "no-such-claim"]) {
      expectAppError(() => submitCorrectionRequest({ slug, message: MESSAGE, address }), "not_found");
    }
    expect(counts()).toEqual(before);
  });

  it(`allows ${MAX_REQUESTS_PER_HOUR} requests an hour per address, then refuses without writing`, () => {
    const address = freshAddress();
    for (let i = 0; i < MAX_REQUESTS_PER_HOUR; i += 1)
      submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address });
    const before = counts();
    expectAppError(
      () => submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address }),
      "rule",
      /Too many requests from your address; try again later\./,
    );
    expect(counts()).toEqual(before);
    // Other addresses are not affected.
    expect(
      submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address: freshAddress() }).id,
    ).toBeGreaterThan(0);
  });

  it("forgets requests older than an hour", () => {
    const address = freshAddress();
    for (let i = 0; i < MAX_REQUESTS_PER_HOUR; i += 1)
      submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address });
    const hash = hashAddress(address);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
    getConnection()
      .sqlite.prepare("update correction_requests set created_at = ? where address_hash = ?")
      .run(twoHoursAgo, hash);
    expect(submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address }).id).toBeGreaterThan(0);
  });

  it("hashes addresses with a key from the auth secret", () => {
    expect(hashAddress("203.0.113.9", "secret-a")).toBe(hashAddress(" 203.0.113.9 ", "secret-a"));
    expect(hashAddress("203.0.113.9", "secret-a")).not.toBe(hashAddress("203.0.113.9", "secret-b"));
    expect(hashAddress("203.0.113.9", "secret-a")).not.toBe(hashAddress("203.0.113.10", "secret-a"));
    expect(hashAddress(undefined, "secret-a")).toBe(hashAddress("", "secret-a"));
  });
});

describe("editors and correction requests", () => {
  it("lists requests for editors and admins only, newest first, filtered by state", () => {
    const { id } = submitCorrectionRequest({
      slug: desk.corrected,
      message: "Newest request, please look.",
      address: freshAddress(),
    });
    expectAppError(() => listCorrectionRequests({ by: null }), "unauthenticated");
    expectAppError(() => listCorrectionRequests({ by: reviewer }), "forbidden");
    const list = listCorrectionRequests({ by: desk.editor });
    expect(list[0]).toMatchObject({
      id,
      claim: { slug: desk.corrected, summary: expect.any(String) },
      message: "Newest request, please look.",
      email: null,
      state: "open",
      handledBy: null,
      handledAt: null,
    });
    expect(listCorrectionRequests({ by: admin }).length).toBe(list.length);
    expect(listCorrectionRequests({ by: desk.editor, state: "resolved" })).toEqual([]);
    expectAppError(() => listCorrectionRequests({ by: desk.editor, state: "deleted" }), "invalid");
  });

  it("resolves and dismisses only with an answer, and reopens an answered request, audited", () => {
    const { id } = submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address: freshAddress() });
    const before = counts();
    expectAppError(() => setCorrectionRequestState({ by: reviewer, id, state: "open" }), "forbidden");
    expectAppError(() => setCorrectionRequestState({ by: null, id, state: "open" }), "unauthenticated");
    expectAppError(() => setCorrectionRequestState({ by: desk.editor, id, state: "deleted" }), "invalid");
    expectAppError(() => setCorrectionRequestState({ by: desk.editor, id: 999_999, state: "open" }), "not_found");
    expectAppError(() => setCorrectionRequestState({ by: desk.editor, id, state: "open" }), "invalid", /already open/);
    expectAppError(() => setCorrectionRequestState({ by: desk.editor, id, state: "resolved" }), "invalid", /Answer/);
    expect(counts()).toEqual(before);

    answerCorrectionRequest({ by: desk.editor, id, outcome: "resolved", answer: "We corrected the verdict." });
    const resolved = listCorrectionRequests({ by: desk.editor, state: "resolved" }).find((r) => r.id === id);
    expect(resolved).toMatchObject({ state: "resolved", handledBy: "Public Editor", publicAnswer: "We corrected the verdict." });
    expect(resolved?.handledAt).toEqual(expect.any(String));

    expect(setCorrectionRequestState({ by: admin, id: String(id), state: "open" })).toEqual({ id, state: "open" });
    expect(lastAudit()).toMatchObject({
      actor_kind: "user",
      actor_id: admin.id,
      action: "correction_request.state_changed",
      entity_type: "correction_request",
      entity_id: String(id),
      before: JSON.stringify({ state: "resolved" }),
      after: JSON.stringify({ state: "open" }),
    });
    expect(listCorrectionRequests({ by: desk.editor }).find((r) => r.id === id)).toMatchObject({
      state: "open",
      handledBy: null,
      handledAt: null,
      publicAnswer: null,
      answeredAt: null,
      publicationId: null,
      reviewStartedAt: expect.any(String),
    });
    expect(counts().audit).toBe(before.audit + 2);
    expect(verifyAuditChain(getConnection().sqlite).ok).toBe(true);
  });
});

describe("the reader's private link", () => {
  const correctionOf = (slug: string) =>
    getConnection()
      .sqlite.prepare(
        "select p.id from publications p join claims c on c.id = p.claim_id where c.slug = ? and p.kind = 'correction' order by p.id desc limit 1",
      )
      .pluck()
      .get(slug) as number;

  it("gives the reader an unguessable token and keeps only its SHA-256", () => {
    const { id, token } = submitCorrectionRequest({
      slug: desk.corrected,
      message: MESSAGE,
      email: "reader@example.org",
      address: freshAddress(),
    });
    expect(token).toMatch(/^crq_[A-Za-z0-9_-]{43}$/);
    const other = submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address: freshAddress() });
    expect(other.token).not.toBe(token);
    const stored = getConnection()
      .sqlite.prepare("select token_hash from correction_requests where id = ?")
      .pluck()
      .get(id) as string;
    expect(stored).toBe(hashRequestToken(token));
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    // Nowhere in the database, the audit log included, holds the token itself.
    const dump = JSON.stringify(getConnection().sqlite.prepare("select * from correction_requests").all()) +
      JSON.stringify(getConnection().sqlite.prepare("select * from audit_events").all());
    expect(dump).not.toContain(token);
  });

  it("shows received, under review and answered, with the answer and the linked correction, and nothing else", () => {
    const { id, token } = submitCorrectionRequest({
      slug: desk.corrected,
      message: MESSAGE,
      email: "private.reader@example.org",
      address: freshAddress(),
    });
    expect(readCorrectionRequest(token)).toMatchObject({
      state: "received",
      message: MESSAGE,
      reviewStartedAt: null,
      claim: { slug: desk.corrected, summary: expect.any(String) },
      answer: null,
      correction: null,
    });

    expectAppError(() => startCorrectionReview({ by: reviewer, id }), "forbidden");
    startCorrectionReview({ by: desk.editor, id });
    expect(lastAudit()).toMatchObject({ action: "correction_request.review_started", actor_id: desk.editor.id });
    expectAppError(() => startCorrectionReview({ by: desk.editor, id }), "invalid", /already under review/);
    expect(readCorrectionRequest(token)?.state).toBe("under_review");

    const before = counts();
    expectAppError(() => answerCorrectionRequest({ by: desk.editor, id, outcome: "resolved", answer: "   " }), "invalid");
    expectAppError(() => answerCorrectionRequest({ by: desk.editor, id, outcome: "maybe", answer: "Fixed." }), "invalid");
    expectAppError(() => answerCorrectionRequest({ by: reviewer, id, outcome: "resolved", answer: "Fixed." }), "forbidden");
    // A publication of another claim, or the first publication rather than a correction, cannot be linked.
    const othersFirst = getConnection()
      .sqlite.prepare("select p.id from publications p join claims c on c.id = p.claim_id where c.slug = ? and p.kind = 'published'")
      .pluck()
      .get(desk.published[0]) as number;
    expectAppError(
      () => answerCorrectionRequest({ by: desk.editor, id, outcome: "resolved", answer: "Fixed.", publicationId: othersFirst }),
      "invalid",
      /correction of this request's claim/,
    );
    expect(counts()).toEqual(before);

    const correction = correctionOf(desk.corrected);
    answerCorrectionRequest({
      by: desk.editor,
      id,
      outcome: "resolved",
      answer: "You were right: we corrected the verdict.",
      publicationId: String(correction),
    });
    expect(lastAudit()).toMatchObject({ action: "correction_request.answered", actor_id: desk.editor.id });
    const seen = readCorrectionRequest(token);
    expect(seen).toMatchObject({
      state: "answered",
      answer: { text: "You were right: we corrected the verdict.", outcome: "resolved", at: expect.any(String) },
      correction: { at: expect.any(String), reason: "The U.N. revised its statement." },
    });
    // The token reveals nothing beyond the request: no email, no editor, no ids.
    const shown = JSON.stringify(seen);
    expect(shown).not.toContain("private.reader@example.org");
    expect(shown).not.toContain("Public Editor");
    expect(Object.keys(seen ?? {}).sort()).toEqual(
      ["answer", "claim", "correction", "message", "receivedAt", "reviewStartedAt", "state"].sort(),
    );
    expectAppError(
      () => answerCorrectionRequest({ by: desk.editor, id, outcome: "dismissed", answer: "Again." }),
      "invalid",
      /already resolved/,
    );
    expect(verifyAuditChain(getConnection().sqlite).ok).toBe(true);
  });

  it("finds nothing for a wrong, altered, malformed or missing token", () => {
    const { token } = submitCorrectionRequest({ slug: desk.corrected, message: MESSAGE, address: freshAddress() });
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const wrong of [altered, `crq_${"x".repeat(43)}`, "", "../etc", token.toUpperCase(), "a".repeat(500), 42, null, undefined]) {
      expect(readCorrectionRequest(wrong)).toBeNull();
    }
    expect(readCorrectionRequest(token)?.state).toBe("received");
    // A stored hash handed in as if it were the token opens nothing.
    expect(readCorrectionRequest(hashRequestToken(token))).toBeNull();
  });
});
