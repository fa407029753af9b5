import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getConnection } from "@/db/client";
import { anchorNow } from "@/lib/admin/audit-log";
import { checkAnchors, readAnchors } from "@/lib/audit/anchor";
import type { SessionUser } from "@/lib/auth/principal";
import type { SiteConfig } from "@/lib/site";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { seedPublicDesk, type PublicDesk } from "@/lib/testing/public-desk";
import { readDatabase, runScript } from "@/lib/testing/run-script";
import { GET as anchorFileRoute } from "@/app/(public)/transparency/anchors.jsonl/route";
import { GET as anchorFeedRoute } from "@/app/(public)/transparency/feed.xml/route";
import { anchorFileText, buildAnchorFeed, listAnchors, publishingEventOf } from "./transparency";

const SITE: SiteConfig = {
  url: "https://factcheck.example",
  orgName: "Example Fact Check",
  orgUrl: "https://example.org",
};

let db: ReturnType<typeof useTemporaryDatabase>;
let desk: PublicDesk;
let admin: SessionUser;
let scratch: string;

const sqlite = () => getConnection().sqlite;
const eventRow = z.object({ id: z.number(), hash: z.string(), action: z.string(), entity_id: z.string() });

beforeAll(async () => {
  db = useTemporaryDatabase();
  desk = await seedPublicDesk();
  admin = await makeUser("admin");
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-anchors-"));
});
afterAll(() => {
  delete process.env.AUDIT_ANCHOR_FILE;
  db.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("the public list of anchors", () => {
  it("is empty, with a valid empty feed, before anything is anchored", () => {
    expect(listAnchors()).toEqual([]);
    const feed = parseFeed(buildAnchorFeed(SITE));
    expect(feed.meta.type).toBe("atom");
    expect(feed.items).toHaveLength(0);
    expect(anchorFileText()).toBe("");
  });

  it("lists anchors from the desk and from the command line, newest first, without the file they went to", () => {
    const file = path.join(scratch, "desk.jsonl");
    process.env.AUDIT_ANCHOR_FILE = file;
    const fromDesk = anchorNow({ by: admin });

    // npm run audit:anchor against the same database, printing only: it records its anchor too.
    getConnection();
    const run = runScript("audit-anchor", [], db.file);
    expect(run.status, run.stderr).toBe(0);
    const printed = z.object({ id: z.number(), hash: z.string(), at: z.string() }).parse(JSON.parse(run.stdout.trim()));
    const cliEvent = readDatabase(db.file, (d) =>
      z
        .object({ actor_kind: z.string(), after: z.string() })
        .parse(
          d
            .prepare(
              "select actor_kind, after from audit_events where action = 'audit.anchored' order by id desc limit 1",
            )
            .get(),
        ),
    );
    expect(cliEvent.actor_kind).toBe("system");
    expect(JSON.parse(cliEvent.after)).toEqual({ ...printed, file: null });

    const anchors = listAnchors();
    expect(anchors.map(({ id, hash, at }) => ({ id, hash, at }))).toEqual([printed, fromDesk]);
    // The CLI anchored the desk's "audit.anchored" event itself.
    expect(printed.id).toBe(anchors[1]?.recordedBy);
    expect(JSON.stringify(anchors)).not.toContain(file);
  });

  it("appends to a file with --append, refuses the database itself, and changes nothing on a refusal", () => {
    const file = path.join(scratch, "cli.jsonl");
    const run = runScript("audit-anchor", ["--append", file], db.file);
    expect(run.status, run.stderr).toBe(0);
    expect(readAnchors(file)).toHaveLength(1);
    const count = () => listAnchors({ limit: null }).length;
    const before = count();
    const refused = runScript("audit-anchor", ["--append", db.file], db.file);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("must not be the database");
    expect(count()).toBe(before);
  });

  it("publishes the anchors as an Atom feed and as a file that audit:verify --anchor accepts", async () => {
    const anchors = listAnchors();
    const feed = parseFeed(buildAnchorFeed(SITE));
    expect(feed.items).toHaveLength(anchors.length);
    expect(feed.items[0]?.title).toBe(`Audit log anchored at event #${anchors[0]?.id}`);
    expect(feed.items[0]?.description).toContain(anchors[0]?.hash ?? "missing");
    expect(feed.items[0]?.url).toBe(`${SITE.url}/transparency#anchor-${anchors[0]?.id}`);

    const file = path.join(scratch, "downloaded.jsonl");
    const response = await anchorFileRoute(new Request("http://localhost/transparency/anchors.jsonl"));
    expect(response.status).toBe(200);
    fs.writeFileSync(file, await response.text());
    const kept = readAnchors(file);
    expect(kept.map((a) => a.id)).toEqual(anchors.map((a) => a.id).reverse());
    expect(checkAnchors(sqlite(), kept)).toEqual([]);

    const verify = runScript("audit-verify", ["--anchor", file], db.file);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`${kept.length} anchors hold`);

    const feedResponse = await anchorFeedRoute(new Request("http://localhost/transparency/feed.xml"));
    expect(feedResponse.headers.get("content-type")).toContain("application/atom+xml");
    const etag = feedResponse.headers.get("etag") ?? "";
    const again = await anchorFeedRoute(
      new Request("http://localhost/transparency/feed.xml", { headers: { "If-None-Match": etag } }),
    );
    expect(again.status).toBe(304);
  });
});

describe("the audit event behind a claim page", () => {
  function latestPublishing(slug: string) {
    const claimId = z
      .object({ id: z.number() })
      .parse(sqlite().prepare("select id from claims where slug = ?").get(slug)).id;
    return eventRow.parse(
      sqlite()
        .prepare(
          "select id, hash, action, entity_id from audit_events where entity_type = 'claim' and entity_id = ? and action in ('claim.published', 'claim.corrected') order by id desc limit 1",
        )
        .get(String(claimId)),
    );
  }

  it("is the event that published the current verdict, or its correction", () => {
    const published = desk.published.find((slug) => slug !== desk.corrected);
    if (!published) throw new Error("no published claim");
    const expected = latestPublishing(published);
    expect(publishingEventOf(published)).toMatchObject({
      id: expected.id,
      hash: expected.hash,
      action: "claim.published",
    });
    const corrected = publishingEventOf(desk.corrected);
    expect(corrected).toMatchObject({ action: "claim.corrected", hash: latestPublishing(desk.corrected).hash });
  });

  it("is null for a draft or a withdrawn claim, whose pages are not public", () => {
    expect(publishingEventOf(desk.withdrawn)).toBeNull();
    for (const slug of desk.drafts) expect(publishingEventOf(slug)).toBeNull();
    expect(publishingEventOf("no-such-claim")).toBeNull();
  });
});
