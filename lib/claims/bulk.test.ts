import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import type { SessionUser } from "@/lib/auth/principal";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { assignClaim } from "./assignment";
import { applyBulkChange, queueMark } from "./bulk";
import { setClaimStatus } from "./claims";
import { setClaimPriority } from "./details";
import { addEvidence } from "./evidence";
import { publishClaim } from "./publication";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
let sam: SessionUser;
let editor: SessionUser;
let otherEditor: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  sam = await makeUser("reviewer", "Sam Reviewer");
  editor = await makeUser("editor", "Eddie Editor");
  otherEditor = await makeUser("editor", "Olga Editor");
});
afterAll(() => db.cleanup());

interface ClaimRow {
  id: number;
  summary: string;
  version: number;
  assignee_id: number | null;
  priority: number;
  published_at: string | null;
}

function row(id: number): ClaimRow {
  const found = getConnection()
    .sqlite.prepare("select id, summary, version, assignee_id, priority, published_at from claims where id = ?")
    .get(id) as ClaimRow | undefined;
  if (!found) throw new Error(`claim ${id} vanished`);
  return found;
}

function lastAuditId(): number {
  return (getConnection().sqlite.prepare("select coalesce(max(id), 0) as id from audit_events").get() as { id: number })
    .id;
}

/** The audit events written after `fromId`, as "action #claimId". */
function eventsSince(fromId: number): string[] {
  return (
    getConnection()
      .sqlite.prepare("select action, entity_id from audit_events where id > ? order by id")
      .all(fromId) as { action: string; entity_id: string }[]
  ).map((e) => `${e.action} #${e.entity_id}`);
}

let batch = 0;
/** `n` new claims on the demo article, each with a summary of its own. */
function newClaims(n: number): ClaimRow[] {
  batch += 1;
  return Array.from({ length: n }, (_, i) => {
    const { claim } = makeDemoClaim("death-toll", { summary: `Bulk batch ${batch}, claim ${i + 1}` });
    return row(claim.id);
  });
}

/** What the queue's checkboxes send for these claims as they are now: `{id}:{version}`. */
function ticked(claims: readonly { id: number }[]): string[] {
  return claims.map((c) => `${c.id}:${row(c.id).version}`);
}

/** Backing evidence, then a sourced verdict set by `by`. */
function sourcedBy(by: SessionUser, claimId: number): void {
  addEvidence({ by: reviewer, claimId, url: "https://example.org/backing", title: "Backing", stance: "supports" });
  setClaimStatus({
    by,
    claimId,
    expectedVersion: row(claimId).version,
    status: "sourced",
    rationale: "On the record.",
  });
}

describe("bulk assignment", () => {
  it("assigns every selected claim to the chosen person, one audit event per claim", () => {
    const claims = newClaims(3);
    const from = lastAuditId();
    const outcome = applyBulkChange({
      by: editor,
      action: "assign",
      assigneeId: String(reviewer.id),
      items: ticked(claims),
      seenEventId: String(queueMark({ by: editor })),
    });
    expect(outcome.refused).toEqual([]);
    expect(outcome.done).toEqual(claims.map((c) => expect.objectContaining({ claimId: c.id, summary: c.summary })));
    for (const c of claims) expect(row(c.id).assignee_id).toBe(reviewer.id);
    expect(eventsSince(from)).toEqual(claims.map((c) => `claim.assigned #${c.id}`));
  });

  it("refuses by name a claim reassigned after the queue was loaded, and does the rest", () => {
    const claims = newClaims(3);
    const [first, changed, last] = claims;
    if (!first || !changed || !last) throw new Error("three claims expected");
    const items = ticked(claims);
    const seen = queueMark({ by: editor });
    // Meanwhile another editor gives the middle one to Sam.
    assignClaim({ by: otherEditor, claimId: changed.id, assigneeId: sam.id, expectedAssigneeId: null });
    const from = lastAuditId();

    const outcome = applyBulkChange({
      by: editor,
      action: "assign",
      assigneeId: reviewer.id,
      items,
      seenEventId: seen,
    });
    expect(outcome.done.map((d) => d.claimId)).toEqual([first.id, last.id]);
    expect(outcome.refused).toEqual([
      expect.objectContaining({
        claimId: changed.id,
        summary: changed.summary,
        reason: expect.stringMatching(/now with Sam Reviewer/),
      }),
    ]);
    expect(row(changed.id).assignee_id).toBe(sam.id);
    expect(eventsSince(from)).toEqual([`claim.assigned #${first.id}`, `claim.assigned #${last.id}`]);
  });

  it("unassigns the selected claims for an editor, whoever holds them", () => {
    const claims = newClaims(2);
    assignClaim({ by: editor, claimId: claims[0]?.id, assigneeId: sam.id });
    assignClaim({ by: editor, claimId: claims[1]?.id, assigneeId: reviewer.id });
    const outcome = applyBulkChange({
      by: editor,
      action: "unassign",
      items: ticked(claims),
      seenEventId: queueMark({ by: editor }),
    });
    expect(outcome.done).toHaveLength(2);
    for (const c of claims) expect(row(c.id).assignee_id).toBeNull();
  });

  it("lets a reviewer take free claims: one taken by someone else meanwhile is refused with who has it", () => {
    const claims = newClaims(3);
    const [free, takenMeanwhile, alreadyHeld] = claims;
    if (!free || !takenMeanwhile || !alreadyHeld) throw new Error("three claims expected");
    assignClaim({ by: editor, claimId: alreadyHeld.id, assigneeId: sam.id });
    const seen = queueMark({ by: reviewer });
    const items = ticked(claims);
    assignClaim({ by: sam, claimId: takenMeanwhile.id, assigneeId: sam.id });
    const from = lastAuditId();

    const outcome = applyBulkChange({ by: reviewer, action: "take", items, seenEventId: seen });
    expect(outcome.done.map((d) => d.claimId)).toEqual([free.id]);
    expect(outcome.refused).toEqual([
      expect.objectContaining({ claimId: takenMeanwhile.id, reason: expect.stringMatching(/now with Sam Reviewer/) }),
      // The one that was Sam's all along: the same rule as taking it on its own page.
      expect.objectContaining({ claimId: alreadyHeld.id, reason: expect.stringMatching(/assigned to someone else/) }),
    ]);
    expect(row(free.id).assignee_id).toBe(reviewer.id);
    expect(row(alreadyHeld.id).assignee_id).toBe(sam.id);
    expect(eventsSince(from)).toEqual([`claim.assigned #${free.id}`]);
  });

  it("hands back only the person's own claims", () => {
    const claims = newClaims(3);
    const [mine, alsoMine, samsClaim] = claims;
    if (!mine || !alsoMine || !samsClaim) throw new Error("three claims expected");
    assignClaim({ by: reviewer, claimId: mine.id, assigneeId: reviewer.id });
    assignClaim({ by: reviewer, claimId: alsoMine.id, assigneeId: reviewer.id });
    assignClaim({ by: sam, claimId: samsClaim.id, assigneeId: sam.id });
    const from = lastAuditId();

    // An editor's hand back is for their own claims too: unassigning others' is "unassign".
    for (const by of [reviewer, editor]) {
      const outcome = applyBulkChange({
        by,
        action: "handBack",
        items: ticked([samsClaim]),
        seenEventId: queueMark({ by }),
      });
      expect(outcome.refused).toEqual([
        expect.objectContaining({
          claimId: samsClaim.id,
          reason: "It is not assigned to you, so you cannot hand it back.",
        }),
      ]);
    }
    const outcome = applyBulkChange({
      by: reviewer,
      action: "handBack",
      items: ticked(claims),
      seenEventId: queueMark({ by: reviewer }),
    });
    expect(outcome.done.map((d) => d.claimId)).toEqual([mine.id, alsoMine.id]);
    expect(outcome.refused.map((r) => r.claimId)).toEqual([samsClaim.id]);
    expect(row(mine.id).assignee_id).toBeNull();
    expect(row(samsClaim.id).assignee_id).toBe(sam.id);
    expect(eventsSince(from)).toEqual([`claim.assigned #${mine.id}`, `claim.assigned #${alsoMine.id}`]);
  });

  it("says a claim is already with that person, or already yours, and writes nothing for it", () => {
    const claims = newClaims(2);
    const [withRita, free] = claims;
    if (!withRita || !free) throw new Error("two claims expected");
    assignClaim({ by: editor, claimId: withRita.id, assigneeId: reviewer.id });
    const from = lastAuditId();
    const outcome = applyBulkChange({
      by: editor,
      action: "assign",
      assigneeId: reviewer.id,
      items: ticked(claims),
      seenEventId: queueMark({ by: editor }),
    });
    expect(outcome.refused).toEqual([
      expect.objectContaining({ claimId: withRita.id, reason: "It is already with Rita Reviewer." }),
    ]);
    expect(eventsSince(from)).toEqual([`claim.assigned #${free.id}`]);
    const again = applyBulkChange({ by: reviewer, action: "take", items: ticked([free]) });
    expect(again.refused).toEqual([expect.objectContaining({ claimId: free.id, reason: "It is already yours." })]);
  });

  it("refuses a reviewer who assigns others or unassigns, before touching any claim", () => {
    const claims = newClaims(2);
    const from = lastAuditId();
    expectAppError(
      () => applyBulkChange({ by: reviewer, action: "assign", assigneeId: sam.id, items: ticked(claims) }),
      "forbidden",
      /Only an editor assigns/,
    );
    expectAppError(() => applyBulkChange({ by: reviewer, action: "unassign", items: ticked(claims) }), "forbidden");
    expect(eventsSince(from)).toEqual([]);
    for (const c of claims) expect(row(c.id).assignee_id).toBeNull();
  });
});

describe("bulk priority", () => {
  it("sets the priority with the version check: a claim whose verdict changed meanwhile is refused with what changed", () => {
    const claims = newClaims(3);
    const [first, changed, last] = claims;
    if (!first || !changed || !last) throw new Error("three claims expected");
    const items = ticked(claims);
    sourcedBy(sam, changed.id);
    const from = lastAuditId();

    const outcome = applyBulkChange({ by: reviewer, action: "priority", priority: "1", items });
    expect(outcome.done.map((d) => d.claimId)).toEqual([first.id, last.id]);
    expect(outcome.refused).toEqual([
      {
        claimId: changed.id,
        slug: expect.any(String),
        summary: changed.summary,
        reason:
          "Its evidence and verdict changed since you loaded the queue, by Rita Reviewer and Sam Reviewer: it is now sourced. Nothing was changed.",
      },
    ]);
    expect(row(first.id)).toMatchObject({ priority: 1, version: first.version + 1 });
    expect(row(changed.id).priority).toBe(2);
    expect(eventsSince(from)).toEqual([`claim.details_changed #${first.id}`, `claim.details_changed #${last.id}`]);
  });

  it("names a priority change made meanwhile as such", () => {
    const [claim] = newClaims(1);
    if (!claim) throw new Error("one claim expected");
    const items = ticked([claim]);
    setClaimPriority({ by: sam, claimId: claim.id, expectedVersion: claim.version, priority: 3 });
    const outcome = applyBulkChange({ by: reviewer, action: "priority", priority: 1, items });
    expect(outcome.refused[0]?.reason).toBe(
      "Its priority changed since you loaded the queue, by Sam Reviewer. Nothing was changed.",
    );
    expect(row(claim.id).priority).toBe(3);
  });

  it("refuses a claim already at that priority and says so", () => {
    const [claim] = newClaims(1);
    const outcome = applyBulkChange({
      by: reviewer,
      action: "priority",
      priority: 2,
      items: ticked([claim ?? { id: 0 }]),
    });
    expect(outcome.refused[0]?.reason).toBe("Its priority is already normal.");
  });
});

describe("bulk publication", () => {
  it("publishes verdicts others set and refuses, by name, the one the editor set (four-eyes)", () => {
    const claims = newClaims(3);
    const [byReviewer, byEditor, bySam] = claims;
    if (!byReviewer || !byEditor || !bySam) throw new Error("three claims expected");
    sourcedBy(reviewer, byReviewer.id);
    sourcedBy(editor, byEditor.id);
    sourcedBy(sam, bySam.id);
    const items = ticked(claims);
    const from = lastAuditId();

    const outcome = applyBulkChange({ by: editor, action: "publish", items });
    expect(outcome.done.map((d) => d.claimId)).toEqual([byReviewer.id, bySam.id]);
    expect(outcome.refused).toEqual([
      expect.objectContaining({
        claimId: byEditor.id,
        summary: byEditor.summary,
        reason: "You set this verdict yourself; another editor has to publish it.",
      }),
    ]);
    expect(outcome.published.map((p) => p.slug)).toEqual(outcome.done.map((d) => d.slug));
    expect(row(byReviewer.id).published_at).not.toBeNull();
    expect(row(byEditor.id).published_at).toBeNull();
    expect(eventsSince(from)).toEqual([`claim.published #${byReviewer.id}`, `claim.published #${bySam.id}`]);

    // Another editor may publish the one refused, just as on its own page.
    const second = applyBulkChange({ by: otherEditor, action: "publish", items: ticked([byEditor]) });
    expect(second.done.map((d) => d.claimId)).toEqual([byEditor.id]);
  });

  it("refuses a verdict changed since the queue was loaded, and one with no verdict yet", () => {
    const claims = newClaims(2);
    const [changed, unverified] = claims;
    if (!changed || !unverified) throw new Error("two claims expected");
    sourcedBy(reviewer, changed.id);
    const items = ticked(claims);
    setClaimStatus({
      by: sam,
      claimId: changed.id,
      expectedVersion: row(changed.id).version,
      status: "unverified",
      rationale: "",
    });
    const from = lastAuditId();

    const outcome = applyBulkChange({ by: editor, action: "publish", items });
    expect(outcome.done).toEqual([]);
    expect(outcome.refused.map((r) => r.reason)).toEqual([
      "Its verdict changed since you loaded the queue, by Sam Reviewer: it is now unverified. Nothing was changed.",
      "Nobody has set a verdict on this claim yet, so there is nothing to publish.",
    ]);
    expect(eventsSince(from)).toEqual([]);
  });

  it("sends a correction to the claim's own page, where its reason is asked for", () => {
    const [claim] = newClaims(1);
    if (!claim) throw new Error("one claim expected");
    sourcedBy(reviewer, claim.id);
    publishClaim({ by: editor, claimId: claim.id, expectedVersion: row(claim.id).version });
    setClaimStatus({
      by: reviewer,
      claimId: claim.id,
      expectedVersion: row(claim.id).version,
      status: "sourced",
      rationale: "Newer.",
    });
    const outcome = applyBulkChange({ by: editor, action: "publish", items: ticked([claim]) });
    expect(outcome.refused[0]?.reason).toMatch(/correction: publish it from its own page/);
  });

  it("is for editors only", () => {
    const claims = newClaims(1);
    sourcedBy(sam, claims[0]?.id ?? 0);
    const from = lastAuditId();
    expectAppError(
      () => applyBulkChange({ by: reviewer, action: "publish", items: ticked(claims) }),
      "forbidden",
      /Only an editor publishes/,
    );
    expectAppError(() => applyBulkChange({ by: null, action: "publish", items: ticked(claims) }), "unauthenticated");
    expect(eventsSince(from)).toEqual([]);
  });
});

describe("bad input changes nothing", () => {
  // Each case gets a fresh claim `c` ("id:version" as its checkbox sends it), so only the bad part is wrong.
  const cases: [string, (c: string, id: number) => Record<string, unknown>, RegExp][] = [
    ["no claim selected", () => ({ action: "take", items: [] }), /Select at least one claim/],
    ["no claim field at all", () => ({ action: "take" }), /Select at least one claim/],
    ["an unreadable selection", (_c, id) => ({ action: "take", items: [String(id)] }), /could not be read/],
    ["a selection with letters", (_c, id) => ({ action: "take", items: [`${id}:x`] }), /could not be read/],
    ["a selection with a third part", (c) => ({ action: "take", items: [`${c}:3`] }), /could not be read/],
    [
      "more than a page of claims",
      (c) => ({ action: "take", items: [c, ...Array.from({ length: 50 }, (_, i) => `${i + 1}:1`)] }),
      /At most 50 claims/,
    ],
    ["the same claim at two versions", (c, id) => ({ action: "take", items: [c, `${id}:99`] }), /sent twice/],
    ["an unknown action", (c) => ({ action: "delete", items: [c] }), /Choose what to do/],
    [
      "assign without a person",
      (c) => ({ action: "assign", assigneeId: "", items: [c] }),
      /Choose who gets the claims/,
    ],
    ["priority without a priority", (c) => ({ action: "priority", items: [c] }), /Choose a priority/],
    [
      "a priority that does not exist",
      (c) => ({ action: "priority", priority: "7", items: [c] }),
      /high, normal or low/,
    ],
    ["an unknown person", (c) => ({ action: "assign", assigneeId: 999_999, items: [c] }), /cannot be assigned/],
    [
      "a claim that does not exist",
      (c) => ({ action: "take", items: [c, "999999:1"] }),
      /does not exist; reload the queue/,
    ],
    [
      "a malformed queue mark",
      (c) => ({ action: "take", items: [c], seenEventId: "yesterday" }),
      /when the queue was loaded/,
    ],
  ];
  it.each(cases)("%s", (_label, fields, message) => {
    const [claim] = newClaims(1);
    if (!claim) throw new Error("one claim expected");
    const [item = ""] = ticked([claim]);
    const from = lastAuditId();
    expectAppError(() => applyBulkChange({ by: editor, ...fields(item, claim.id) }), "invalid", message);
    expect(eventsSince(from)).toEqual([]);
    expect(row(claim.id)).toEqual(claim);
  });

  it("takes a claim ticked twice at the same version once", () => {
    const [claim] = newClaims(1);
    if (!claim) throw new Error("one claim expected");
    const from = lastAuditId();
    const [item = ""] = ticked([claim]);
    const outcome = applyBulkChange({ by: reviewer, action: "take", items: [item, item] });
    expect(outcome.done.map((d) => d.claimId)).toEqual([claim.id]);
    expect(eventsSince(from)).toEqual([`claim.assigned #${claim.id}`]);
  });
});

it("leaves the audit chain verifiable after all of the above", () => {
  expect(verifyAuditChain(getConnection().sqlite).ok).toBe(true);
});
