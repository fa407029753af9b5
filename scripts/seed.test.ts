import fs from "node:fs";
import path from "node:path";
import { verify } from "@node-rs/argon2";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEMO_ACCOUNTS, DEMO_CLAIMS } from "@/lib/demo/demo-article";
import { labelledArticle } from "@/lib/testing/labelled-articles";
import { databaseSnapshot, readDatabase, runScript, temporaryDatabase, type ScriptRun } from "@/lib/testing/run-script";

const articleRow = z.object({ id: z.number(), body: z.string(), outlet: z.string().nullable(), published_at: z.string().nullable() });
const claimRow = z.object({
  id: z.number(),
  article_id: z.number(),
  text: z.string(),
  summary: z.string(),
  claimant: z.string().nullable(),
  span_start: z.number(),
  span_end: z.number(),
  status: z.string(),
  status_set_by: z.number().nullable(),
  published_status: z.string().nullable(),
  published_by: z.number().nullable(),
});
const userRow = z.object({ id: z.number(), email: z.string(), role: z.string(), password_hash: z.string() });

function rows<S extends z.ZodType>(file: string, schema: S, sql: string): z.output<S>[] {
  return readDatabase(file, (db) => z.array(schema).parse(db.prepare(sql).all()));
}

describe("npm run db:seed (the demo desk)", () => {
  let db: ReturnType<typeof temporaryDatabase>;
  let first: ScriptRun;

  beforeAll(() => {
    db = temporaryDatabase();
    first = runScript("seed", [], db.file);
  });

  afterAll(() => db.cleanup());

  it("loads the article and its claims, each span matching the body exactly", () => {
    expect(first.status, first.stderr).toBe(0);
    const [article, ...others] = rows(db.file, articleRow, "select * from articles");
    expect(others).toHaveLength(0);
    expect(article?.outlet).toMatch(/^Fox News Digital \(/);
    expect(article?.published_at).toBe("2023-11-15");

    const claims = rows(db.file, claimRow, "select * from claims order by span_start");
    expect(claims).toHaveLength(DEMO_CLAIMS.length);
    for (const claim of claims) {
      expect(claim.article_id).toBe(article?.id);
      expect(article?.body.slice(claim.span_start, claim.span_end)).toBe(claim.text);
      expect(claim.summary.length).toBeLessThanOrEqual(75);
    }
    expect(claims.map((c) => c.text).sort()).toEqual(DEMO_CLAIMS.map((c) => c.sentence).sort());
    expect(claims.find((c) => c.text.includes("11,000"))?.claimant).toBe("Gaza Health Ministry");
  });

  it("creates the demo accounts and prints each password once, in a box, that signs in", async () => {
    const users = rows(db.file, userRow, "select * from users order by id");
    expect(users.map((u) => [u.email, u.role])).toEqual(DEMO_ACCOUNTS.map((a) => [a.email, a.role]));
    expect(first.stdout).toContain("┌");
    for (const u of users) {
      const password = new RegExp(`${u.role}\\s+${u.email.replace(/\./g, "\\.")}\\s+(\\S+)`).exec(first.stdout)?.[1] ?? "";
      expect(password).toHaveLength(20);
      expect(first.stdout.split(password)).toHaveLength(2);
      expect(await verify(u.password_hash, password)).toBe(true);
    }
    expect(first.stdout).not.toContain("$argon2");
  });

  it("publishes two verdicts, disputed and sourced, set by the reviewer and published by the editor", () => {
    const users = rows(db.file, userRow, "select * from users");
    const idOf = (role: string) => users.find((u) => u.role === role)?.id;
    const published = rows(db.file, claimRow, "select * from claims where published_status is not null order by published_status");
    expect(published.map((c) => [c.status, c.published_status])).toEqual([
      ["disputed", "disputed"],
      ["sourced", "sourced"],
    ]);
    for (const claim of published) {
      expect(claim.status_set_by).toBe(idOf("reviewer"));
      expect(claim.published_by).toBe(idOf("editor"));
    }
    expect(published[0]?.text).toContain("11,000");
    expect(published[1]?.claimant).toBe("Stephane Dujarric");

    const stances = readDatabase(db.file, (d) =>
      z.array(z.string()).parse(d.prepare("select stance from evidence order by id").pluck().all()),
    );
    expect(stances).toEqual(["contradicts", "context", "supports"]);
  });

  it("changes nothing when run a second time", () => {
    const before = databaseSnapshot(db.file);
    const second = runScript("seed", [], db.file);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("Demo desk already loaded");
    expect(second.stdout).not.toContain("┌");
    expect(databaseSnapshot(db.file)).toEqual(before);
  });

  it("leaves an audit chain that audit:verify accepts", () => {
    const { head } = databaseSnapshot(db.file);
    const run = runScript("audit-verify", [], db.file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(`audit chain ok: ${head?.id} events, head #${head?.id} ${head?.hash}`);
  });

  it("audit:verify reports an edited event and exits 1", async () => {
    const tampered = path.join(db.dir, "tampered.db");
    const source = new Database(db.file, { readonly: true });
    await source.backup(tampered);
    source.close();
    const copy = new Database(tampered);
    // Someone with the file and a SQLite shell can drop the guard trigger; the hashes still tell.
    copy.exec("drop trigger audit_events_no_update; update audit_events set reason = 'edited' where id = 5;");
    copy.close();

    const run = runScript("audit-verify", [], tampered);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("audit chain BROKEN at event #5: hash does not match");
  });
});

// One of our own labelled articles; scripts/seed.shared.test.ts imports the seed article the same way.
describe("npm run db:seed -- --article (import a text)", () => {
  const { file: articleFile, labelsFile } = labelledArticle("economy-report");
  let db: ReturnType<typeof temporaryDatabase>;

  beforeAll(() => {
    db = temporaryDatabase();
  });

  afterAll(() => db.cleanup());

  it("creates a claim for every sentence labelled check, at the labelled offsets", () => {
    const run = runScript("seed", ["--article", articleFile, "--labels", labelsFile], db.file);
    expect(run.status, run.stderr).toBe(0);

    const labels = z
      .object({ outlet: z.string(), sentences: z.array(z.object({ start: z.number(), end: z.number(), text: z.string(), label: z.string() })) })
      .parse(JSON.parse(fs.readFileSync(labelsFile, "utf8")));
    const checks = labels.sentences.filter((s) => s.label === "check");
    expect(checks).toHaveLength(12);

    const [article] = rows(db.file, articleRow, "select * from articles");
    expect(article?.body).toBe(fs.readFileSync(articleFile, "utf8"));
    expect(article?.outlet).toBe(labels.outlet);
    const claims = rows(db.file, claimRow, "select * from claims order by span_start");
    expect(claims.map((c) => [c.span_start, c.span_end, c.text])).toEqual(checks.map((s) => [s.start, s.end, s.text]));
    for (const claim of claims) expect(claim.summary.length).toBeLessThanOrEqual(75);
  });

  it("changes nothing when the same text comes again", () => {
    const before = databaseSnapshot(db.file);
    const run = runScript("seed", ["--article", articleFile, "--labels", labelsFile], db.file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("already imported");
    expect(databaseSnapshot(db.file)).toEqual(before);
  });

  it("refuses labels whose offsets do not match the text, writing nothing", () => {
    const other = temporaryDatabase();
    try {
      const labels = z
        .looseObject({ sentences: z.array(z.looseObject({ start: z.number() })) })
        .parse(JSON.parse(fs.readFileSync(labelsFile, "utf8")));
      const shifted = path.join(other.dir, "shifted.json");
      fs.writeFileSync(
        shifted,
        JSON.stringify({ ...labels, sentences: labels.sentences.map((s, i) => (i === 3 ? { ...s, start: s.start + 1 } : s)) }),
      );
      expect(runScript("migrate", [], other.file).status).toBe(0);
      const before = databaseSnapshot(other.file);

      const run = runScript("seed", ["--article", articleFile, "--labels", shifted], other.file);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("does not match the article: sentence 3");
      expect(databaseSnapshot(other.file)).toEqual(before);
    } finally {
      other.cleanup();
    }
  });

  it("refuses --labels without --article as a usage error", () => {
    const before = databaseSnapshot(db.file);
    const run = runScript("seed", ["--labels", labelsFile], db.file);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("error: --labels: only goes with --article FILE.");
    expect(databaseSnapshot(db.file)).toEqual(before);
  });
});
