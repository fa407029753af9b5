import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/lib/auth/principal";
import { intakeArticle } from "@/lib/intake/intake";
import { acceptSuggestion, listArticleSuggestions, rejectSuggestion } from "@/lib/intake/suggestions";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { readDeskDecisions } from "./desk-decisions";
import { ruleSignals } from "./rules";
import { DEFAULT_FEATURES, trainModelFile } from "./train";
import { deskExamples, type TrainingExample } from "./training-data";

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer", "Rita Reviewer");
});
afterAll(() => db.cleanup());

const body = fs.readFileSync(path.join(import.meta.dirname, "fixtures", "flood-defences.txt"), "utf8");

describe("the desk's decisions as training examples", () => {
  it("reads accepted and rejected suggestions, not open ones, and folds them into training", () => {
    const { article } = intakeArticle({ by: reviewer, body });
    const open = listArticleSuggestions({ by: reviewer, articleId: article.id });
    expect(open.length).toBeGreaterThan(3);
    const [accepted, rejected] = open;
    if (!accepted || !rejected) throw new Error("expected two suggestions");
    acceptSuggestion({ by: reviewer, suggestionId: accepted.id, summary: "River level record" });
    rejectSuggestion({ by: reviewer, suggestionId: rejected.id });

    const decisions = readDeskDecisions(db.file);
    expect(decisions.map((d) => [d.text, d.state])).toEqual(
      expect.arrayContaining([
        [accepted.text, "accepted"],
        [rejected.text, "rejected"],
      ]),
    );
    expect(decisions).toHaveLength(2);
    const examples = deskExamples(decisions);
    expect(examples.map((e) => [e.text, e.y, e.source])).toEqual(
      expect.arrayContaining([
        [accepted.text, 1, "desk"],
        [rejected.text, 0, "desk"],
      ]),
    );
    // In context: the same rule signals as the app computed for the sentence in its article.
    expect(examples[0]?.signals.length).toBeGreaterThan(0);

    const debates: TrainingExample[] = ["Exports rose 4 percent in 2019.", "Thank you, Senator Ames."].map(
      (text, i) => ({
        text,
        signals: ruleSignals(text).signals,
        y: i === 0 ? 1 : 0,
        source: "debates",
        group: "train",
      }),
    );
    const threshold = { threshold: 0.5, precision: 1, recall: 1, f1: 1, suggested: 1, positives: 1 };
    const file = trainModelFile({
      examples: [...debates, ...examples],
      variant: { name: "test", features: { ...DEFAULT_FEATURES, hashBits: 10 }, l2: 1e-3, newsWeight: 2 },
      thresholds: { check: threshold, maybe: threshold },
      keep: 500,
    });
    expect(file.trainedOn).toEqual({ debates: 2, desk: 2 });
  });

  it("says clearly when there is no database, or it is not the desk's", () => {
    const missing = path.join(os.tmpdir(), "claimtrail-no-such-desk.db");
    const error = expectAppError(() => readDeskDecisions(missing), "invalid");
    expect(error.message).toContain(`There is no desk database at ${missing}`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-not-a-desk-"));
    const other = path.join(dir, "other.db");
    fs.writeFileSync(other, "");
    try {
      expect(expectAppError(() => readDeskDecisions(other), "invalid").message).toContain("has no suggestions table");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
