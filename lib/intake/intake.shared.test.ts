// The seed article through intake: the extractor's suggestions against the
// seed article's own labels. lib/intake/intake.test.ts makes the same check
// on a labelled article of our own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { seedArticle } from "@/lib/testing/shared-fixtures";
import { intakeArticle } from "./intake";
import { listArticleSuggestions } from "./suggestions";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
});
afterAll(() => db.cleanup());

function actionsSince(id: number): string[] {
  return getConnection()
    .sqlite.prepare("select action from audit_events where id > ? order by id")
    .pluck()
    .all(id)
    .map(String);
}

function lastAuditId(): number {
  return Number(getConnection().sqlite.prepare("select coalesce(max(id), 0) from audit_events").pluck().get());
}

describe("intake of the seed article", () => {
  it("stores every check sentence as an open suggestion at its offsets, and no skip sentence as a check", () => {
    const { body, labels } = seedArticle();
    const from = lastAuditId();
    const result = intakeArticle({ by: reviewer, title: "Turkey and Iran", outlet: labels.outlet, body });
    const stored = listArticleSuggestions({ by: reviewer, articleId: result.article.id });
    const checks = labels.sentences.filter((s) => s.label === "check");
    expect(checks).toHaveLength(13);
    for (const s of checks) {
      const found = stored.find((x) => x.spanStart === s.start && x.spanEnd === s.end);
      expect(found, `sentence ${s.n}`).toBeDefined();
      expect(found?.text).toBe(body.slice(s.start, s.end));
      expect(found?.state).toBe("open");
      expect(found?.reasons.length).toBeGreaterThan(0);
    }
    for (const s of labels.sentences.filter((x) => x.label === "skip")) {
      const found = stored.find((x) => x.spanStart === s.start && x.spanEnd === s.end);
      expect(found?.label, `sentence ${s.n} is labelled skip`).not.toBe("check");
    }
    expect(stored.some((s) => s.claimant === "Taleblu")).toBe(true);
    expect(actionsSince(from)).toEqual(["article.created", "article.claims_suggested"]);
  });
});
