// `npm run db:seed -- --article` on the seed article with its labels, the import
// the labels format was made for. scripts/seed.test.ts runs the same checks on
// a labelled article of our own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { databaseSnapshot, readDatabase, runScript, temporaryDatabase } from "@/lib/testing/run-script";
import { seedArticle } from "@/lib/testing/shared-fixtures";

const articleRow = z.object({ body: z.string(), outlet: z.string().nullable() });
const claimRow = z.object({ text: z.string(), summary: z.string(), span_start: z.number(), span_end: z.number() });

describe("npm run db:seed -- --article with the seed article", () => {
  const { file, labelsFile, body, labels } = seedArticle();
  let db: ReturnType<typeof temporaryDatabase>;

  beforeAll(() => {
    db = temporaryDatabase();
  });

  afterAll(() => db.cleanup());

  it("creates a claim for each of the 13 sentences labelled check, at the labelled offsets", () => {
    const run = runScript("seed", ["--article", file, "--labels", labelsFile], db.file);
    expect(run.status, run.stderr).toBe(0);

    const checks = labels.sentences.filter((s) => s.label === "check");
    expect(checks).toHaveLength(13);
    const [article, ...others] = readDatabase(db.file, (d) =>
      z.array(articleRow).parse(d.prepare("select body, outlet from articles").all()),
    );
    expect(others).toEqual([]);
    expect(article?.body).toBe(body);
    expect(article?.outlet).toBe(labels.outlet);
    const claims = readDatabase(db.file, (d) =>
      z
        .array(claimRow)
        .parse(d.prepare("select text, summary, span_start, span_end from claims order by span_start").all()),
    );
    expect(claims.map((c) => [c.span_start, c.span_end, c.text])).toEqual(checks.map((s) => [s.start, s.end, s.text]));
    for (const claim of claims) expect(claim.summary.length).toBeLessThanOrEqual(75);
  });

  it("changes nothing when the same text comes again", () => {
    const before = databaseSnapshot(db.file);
    const run = runScript("seed", ["--article", file, "--labels", labelsFile], db.file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("already imported");
    expect(databaseSnapshot(db.file)).toEqual(before);
  });
});
