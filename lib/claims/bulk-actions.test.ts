import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { assignClaim } from "./assignment";
import { queueMark } from "./bulk";

// The queue's bulk server action, called the way Next calls it: the form's
// repeated `claim` fields, the pressed button's `action`. The session is the one thing faked.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, updateTag: () => undefined }));

const actions = await import("@/app/(review)/review/bulk-actions");

let db: ReturnType<typeof useTemporaryDatabase>;
let editor: SessionUser;
let reviewer: SessionUser;
let sam: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  editor = await makeUser("editor", "Eddie Editor");
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  sam = await makeUser("reviewer", "Sam Reviewer");
});
afterAll(() => db.cleanup());
beforeEach(() => {
  session.user = null;
});

function auditCount(): number {
  return (getConnection().sqlite.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
}

function assigneeOf(id: number): number | null {
  return (
    getConnection().sqlite.prepare("select assignee_id from claims where id = ?").get(id) as {
      assignee_id: number | null;
    }
  ).assignee_id;
}

/** The bar's form as the browser sends it: one `claim` field per ticked row. */
function bulkForm(fields: Record<string, string>, ticked: { id: number }[]): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  for (const claim of ticked) data.append("claim", `${claim.id}:1`);
  return data;
}

let n = 0;
function claims(count: number): { id: number; summary: string }[] {
  n += 1;
  return Array.from({ length: count }, (_, i) => {
    const summary = `Action test ${n}.${i + 1}`;
    return { id: makeDemoClaim("ceasefire", { summary }).claim.id, summary };
  });
}

describe("the queue's bulk action", () => {
  it("is the only action in its file, and refuses a signed-out caller without changing anything", async () => {
    expect(Object.keys(actions)).toEqual(["bulkChangeAction"]);
    const [claim] = claims(1);
    const before = auditCount();
    const state = await actions.bulkChangeAction(null, bulkForm({ action: "take" }, claim ? [claim] : []));
    expect(state).toMatchObject({ ok: false, message: "Please sign in to do that." });
    expect(auditCount()).toBe(before);
  });

  it("says how many were done and names the refused one with what changed", async () => {
    const picked = claims(3);
    const seen = String(queueMark({ by: editor }));
    const changed = picked[1];
    if (!changed) throw new Error("three claims expected");
    assignClaim({ by: sam, claimId: changed.id, assigneeId: sam.id });
    session.user = editor;
    const state = await actions.bulkChangeAction(
      null,
      bulkForm({ action: "assign", assigneeId: String(reviewer.id), priority: "1", seen }, picked),
    );
    expect(state).toMatchObject({
      ok: true,
      message: "2 claims assigned to Rita Reviewer. 1 claim refused, listed below.",
      data: {
        done: [{ claimId: picked[0]?.id }, { claimId: picked[2]?.id }],
        refused: [
          {
            claimId: changed.id,
            summary: changed.summary,
            reason: expect.stringMatching(/now with Sam Reviewer/),
          },
        ],
      },
    });
    expect(assigneeOf(changed.id)).toBe(sam.id);
  });

  it("hands back a refusal of the whole request with the fields kept", async () => {
    session.user = reviewer;
    const picked = claims(2);
    const before = auditCount();
    const state = await actions.bulkChangeAction(null, bulkForm({ action: "publish" }, picked));
    expect(state).toMatchObject({ ok: false, message: "Only an editor publishes verdicts." });
    expect(state?.ok === false && state.values.claim).toEqual(picked.map((c) => `${c.id}:1`));
    expect(auditCount()).toBe(before);
  });
});
