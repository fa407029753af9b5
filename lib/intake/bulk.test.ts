import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import { verifyAuditChain } from "@/lib/audit/events";
import type { SessionUser } from "@/lib/auth/principal";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { decideSuggestions } from "./bulk";
import { intakeArticle } from "./intake";
import { draftSummary, listArticleSuggestions, rejectSuggestion } from "./suggestions";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
});
afterAll(() => db.cleanup());

function counts() {
  const { sqlite } = getConnection();
  const n = (sql: string) => (sqlite.prepare(`select count(*) as n from ${sql}`).get() as { n: number }).n;
  return { audit: n("audit_events"), claims: n("claims"), open: n("suggestions where state = 'open'") };
}

function auditActions(fromId: number): string[] {
  return (
    getConnection().sqlite.prepare("select action from audit_events where id > ? order by id").all(fromId) as {
      action: string;
    }[]
  ).map((row) => row.action);
}

function lastAuditId(): number {
  return (getConnection().sqlite.prepare("select coalesce(max(id), 0) as id from audit_events").get() as { id: number })
    .id;
}

let story = 0;
/** An article of its own per test with several sentences worth checking. */
function bringIn() {
  story += 1;
  const body = [
    `Ferry report ${story}`,
    "",
    `The ferry company said on Monday that 1.4 million passengers crossed in 2024, up 9 percent from 2023 (story ${story}).`,
    '"Fares fell 3 percent last year," said Ana Ruiz, the company\'s chief executive.',
    "According to the port authority, the new terminal cost 42 million euros and opened on June 3.",
    "Delays rose 15 percent in the winter, the highest level since 2019, the regulator reported.",
  ].join("\n");
  const { article } = intakeArticle({ by: reviewer, body });
  const open = listArticleSuggestions({ by: reviewer, articleId: article.id });
  if (open.length < 3) throw new Error(`only ${open.length} suggestions`);
  return { article, open };
}

describe("deciding several suggestions at once", () => {
  it("accepts each with its draft summary, claimant and reported-by, one audited decision apiece", () => {
    const { article, open } = bringIn();
    const picked = open.slice(0, 3);
    const before = counts();
    const from = lastAuditId();
    const outcome = decideSuggestions({
      by: reviewer,
      decision: "accept",
      suggestionIds: picked.map((s) => String(s.id)),
    });
    expect(outcome.refused).toEqual([]);
    expect(outcome.done.map((d) => d.suggestionId)).toEqual(picked.map((s) => s.id));
    expect(counts()).toEqual({ audit: before.audit + 6, claims: before.claims + 3, open: before.open - 3 });
    expect(auditActions(from)).toEqual(
      Array.from({ length: 3 }, () => ["claim.created", "suggestion.accepted"]).flat(),
    );
    const rows = getConnection()
      .sqlite.prepare(
        "select summary, claimant, reported_by, span_start, span_end from claims where article_id = ? order by id",
      )
      .all(article.id) as {
      summary: string;
      claimant: string | null;
      reported_by: string | null;
      span_start: number;
    }[];
    expect(rows.map((r) => r.summary)).toEqual(picked.map((s) => draftSummary(s.text)));
    expect(rows.map((r) => r.claimant)).toEqual(picked.map((s) => s.claimant));
    expect(rows.map((r) => r.span_start)).toEqual(picked.map((s) => s.spanStart));
    expect(listArticleSuggestions({ by: reviewer, articleId: article.id })).toHaveLength(open.length - 3);
    expect(verifyAuditChain(getConnection().sqlite)).toMatchObject({ ok: true });
  });

  it("reports a refused one by its sentence and still decides the rest", () => {
    const { open } = bringIn();
    const [first, second, third] = open;
    if (!first || !second || !third) throw new Error("too few suggestions");
    rejectSuggestion({ by: reviewer, suggestionId: second.id });
    const before = counts();
    const outcome = decideSuggestions({
      by: reviewer,
      decision: "reject",
      suggestionIds: [first.id, second.id, 999_999, third.id, first.id],
    });
    expect(outcome.done.map((d) => d.suggestionId)).toEqual([first.id, third.id]);
    expect(outcome.refused).toEqual([
      { suggestionId: second.id, text: second.text, message: "This suggestion was already rejected." },
      { suggestionId: 999_999, text: null, message: "That suggestion does not exist." },
    ]);
    // Two rejections, two audit events; the refused and the repeated id change nothing.
    expect(counts()).toEqual({ audit: before.audit + 2, claims: before.claims, open: before.open - 2 });
  });

  it("says an accepted suggestion was already accepted, with the claim it became", () => {
    const { open } = bringIn();
    const [first] = open;
    if (!first) throw new Error("nothing suggested");
    decideSuggestions({ by: reviewer, decision: "accept", suggestionIds: [first.id] });
    const again = decideSuggestions({ by: reviewer, decision: "accept", suggestionIds: first.id });
    expect(again.done).toEqual([]);
    expect(again.refused).toEqual([
      {
        suggestionId: first.id,
        text: first.text,
        message: `This suggestion was already accepted as “${draftSummary(first.text)}”.`,
      },
    ]);
  });

  it("refuses a signed-out caller, no ids, bad ids or an unknown decision, changing nothing", () => {
    const { open } = bringIn();
    const id = open[0]?.id ?? 1;
    const before = counts();
    expect(
      expectAppError(() => decideSuggestions({ by: null, decision: "accept", suggestionIds: [id] }), "unauthenticated")
        .message,
    ).toBe("Please sign in to do that.");
    const none = expectAppError(() => decideSuggestions({ by: reviewer, decision: "accept" }), "invalid");
    expect(none.fieldErrors.suggestionIds).toEqual(["Tick at least one suggestion."]);
    const bad = expectAppError(
      () => decideSuggestions({ by: reviewer, decision: "accept", suggestionIds: [String(id), "two"] }),
      "invalid",
    );
    expect(bad.message).toBe("Unknown suggestion.");
    const many = expectAppError(
      () =>
        decideSuggestions({
          by: reviewer,
          decision: "reject",
          suggestionIds: Array.from({ length: 501 }, (_, i) => i + 1),
        }),
      "invalid",
    );
    expect(many.message).toBe("At most 500 suggestions at once.");
    const verb = expectAppError(
      () => decideSuggestions({ by: reviewer, decision: "publish", suggestionIds: [id] }),
      "invalid",
    );
    expect(verb.message).toBe("Choose accept or reject.");
    expect(counts()).toEqual(before);
  });
});
