import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { runScript } from "@/lib/testing/run-script";
import { REASON_CODES } from "./score";

// The extractor never opens the database; runScript still wants a path for one.
const NO_DATABASE = path.join(os.tmpdir(), "claimtrail-extract-never-opened.db");
// One of our own labelled articles, and the one the shipped model never trained on.
const fixturesDir = path.resolve(import.meta.dirname, "fixtures");
const article = path.join(fixturesDir, "flood-defences.txt");
const labels = path.join(fixturesDir, "flood-defences.claims.json");

const sentenceLine = z.strictObject({
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  score: z.number().min(0).max(1),
  label: z.enum(["check", "maybe", "skip"]),
  reasons: z.array(z.strictObject({ code: z.enum(REASON_CODES), weight: z.number(), evidence: z.string() })),
  claimant: z.string().nullable(),
  reportedBy: z.string().nullable(),
});

describe("npm run extract", () => {
  it("prints one JSON object per sentence", () => {
    const run = runScript("extract", [article], NO_DATABASE);
    expect(run.status).toBe(0);
    const sentences = run.stdout
      .trimEnd()
      .split("\n")
      .map((line) => sentenceLine.parse(JSON.parse(line)));
    expect(sentences).toHaveLength(28);
    expect(sentences.filter((s) => s.label === "check").length).toBeGreaterThanOrEqual(11);
    expect(sentences[0]).toMatchObject({ text: "Menu", label: "skip", reasons: [{ code: "furniture" }] });
    for (const s of sentences.filter((s) => s.label === "check")) expect(s.reasons[0]?.weight).toBeGreaterThan(0);
  });

  it("prints precision and recall against a labels file", () => {
    const run = runScript("extract", [article, "--labels", labels], NO_DATABASE);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("precision 1.00 (11 of 11 suggestions that count)");
    expect(run.stdout).toContain('recall    1.00 (11 of 11 "check" sentences found)');
    expect(run.stdout).toContain("Misses (labelled check, not suggested): 0");
    expect(run.stdout).toContain("False positives (labelled skip, suggested): 0");
  });

  it("refuses bad arguments with the usage and exit code 2", () => {
    for (const args of [[], [article, article], [article, "--label", labels], [article, "--labels"]]) {
      const run = runScript("extract", args, NO_DATABASE);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^error: /);
      expect(run.stderr).toContain("Usage:");
    }
  });

  it("says which file it cannot read, or which labels do not fit, with exit code 1", () => {
    const missing = runScript("extract", [path.join(fixturesDir, "no-such-article.txt")], NO_DATABASE);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no-such-article.txt: no such file.");

    const ownLabels = path.resolve(import.meta.dirname, "fixtures/health-study.claims.json");
    const mismatch = runScript("extract", [article, "--labels", ownLabels], NO_DATABASE);
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain("does not match the article: sentence 0");
  });
});
