/**
 * Issue #14, part 6: the two exports. The ClaimReview DataFeed read back by a
 * JSON-LD processor (offline: schema.org's context is mapped to its
 * vocabulary locally), and the admin's full desk export downloaded, unpacked
 * and checked against its manifest, with its audit log's chain recomputed.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { buffer } from "node:stream/consumers";
import { gunzipSync } from "node:zlib";
import tar from "tar-stream";
import { z } from "zod";
import { checkChain } from "@/lib/audit/chain";
import { expandOffline, SCHEMA } from "@/lib/testing/offline-jsonld";
import { expect, test, uniqueTag } from "./fixtures";
import { auditEventsAfter, countRows, queryRow } from "./support/http-security";

const node = z.record(z.string(), z.unknown());
const values = (item: unknown, property: string): unknown[] => z.array(z.unknown()).parse(node.parse(item)[`${SCHEMA}${property}`] ?? []);
const types = (item: unknown): string[] => z.object({ "@type": z.array(z.string()) }).parse(item)["@type"];
const literal = (item: unknown): unknown => z.object({ "@value": z.unknown() }).parse(item)["@value"];

test("the ClaimReview DataFeed expands as JSON-LD to DataFeed, ClaimReview, Claim and Rating, and answers 304 to its ETag", async ({
  createUser,
  createClaim,
  request,
}) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  const claim = await createClaim({
    summary: `NATO allies backed Israel (feed ${tag})`,
    articleTitle: `Feed check ${tag}`,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });
  const draft = await createClaim({ summary: `Unpublished feed draft ${tag}`, articleSlug: claim.articleSlug });

  const response = await request.get("/api/v1/claimreview.json");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-type"]).toBe("application/ld+json; charset=utf-8");
  expect(headers["cache-control"]).toMatch(/^public, max-age=\d+/);
  expect(headers["etag"]).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  const text = await response.text();
  expect(text).not.toContain(draft.summary);

  const [feed, ...more] = await expandOffline(JSON.parse(text));
  expect(more).toEqual([]);
  expect(types(feed)).toEqual([`${SCHEMA}DataFeed`]);
  const elements = values(feed, "dataFeedElement");
  expect(elements.length).toBe(countRows("claims", "published_at is not null"));
  const ours = elements.find((e) => values(e, "url").map(literal).some((url) => String(url).endsWith(`/claims/${claim.slug}`)));
  expect(ours, "our published claim in the feed").toBeDefined();
  for (const element of elements) {
    expect(types(element)).toEqual([`${SCHEMA}ClaimReview`]);
    expect(values(element, "url").map(literal)).toEqual([expect.stringMatching(/^https?:\/\/[^/]+\/claims\/[a-z0-9-]+$/)]);
    const [reviewed, ...others] = values(element, "itemReviewed");
    expect(others).toEqual([]);
    expect(types(reviewed)).toEqual([`${SCHEMA}Claim`]);
    const [rating] = values(element, "reviewRating");
    expect(types(rating)).toEqual([`${SCHEMA}Rating`]);
    expect(values(rating, "ratingValue").map(literal)).toEqual([expect.any(Number)]);
    expect(values(rating, "bestRating").map(literal)).toEqual([3]);
    expect(values(rating, "worstRating").map(literal)).toEqual([1]);
  }
  expect(values(values(ours, "reviewRating")[0], "alternateName").map(literal)).toEqual(["Sourced"]);
  expect(values(ours, "claimReviewed").map(literal)).toEqual([claim.summary]);

  const again = await request.get("/api/v1/claimreview.json", { headers: { "If-None-Match": headers["etag"] ?? "" } });
  expect(again.status()).toBe(304);
  expect(await again.body()).toHaveLength(0);
  expect(again.headers()["etag"]).toBe(headers["etag"]);
});

async function untar(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      buffer(stream).then((body) => {
        files.set(header.name, body);
        next();
      }, reject);
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  extract.end(gunzipSync(archive));
  await done;
  return files;
}

const manifestSchema = z.object({
  files: z.array(z.object({ name: z.string(), rows: z.number(), bytes: z.number(), sha256: z.string() })),
  audit: z.object({ count: z.number(), headId: z.number(), headHash: z.string(), verified: z.boolean() }),
  leftOut: z.array(z.string()),
});
const auditLine = z.object({
  id: z.number(),
  at: z.string(),
  actorKind: z.string(),
  actorId: z.number().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  reason: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

test("an admin downloads the desk export: every file matches the manifest, the audit log verifies, the download is audited", async ({
  createUser,
  newSession,
}) => {
  test.setTimeout(90_000);
  const admin = await createUser({ role: "admin" });
  const page = await newSession(admin);
  await page.goto("/review/admin/export");
  await expect(page.getByRole("heading", { level: 1, name: "Export the desk" })).toBeVisible();
  const before = queryRow(z.object({ id: z.number() }), "select max(id) as id from audit_events").id;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the export" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^claimtrail-desk-\d{4}-\d{2}-\d{2}-to-\d+\.tar\.gz$/);
  const saved = await download.path();
  const files = await untar(fs.readFileSync(saved));

  const manifest = manifestSchema.parse(JSON.parse(files.get("manifest.json")?.toString("utf8") ?? ""));
  expect([...files.keys()].sort()).toEqual([...manifest.files.map((f) => f.name), "manifest.json"].sort());
  for (const file of manifest.files) {
    const content = files.get(file.name) ?? Buffer.alloc(0);
    expect(content.length, file.name).toBe(file.bytes);
    expect(createHash("sha256").update(content).digest("hex"), file.name).toBe(file.sha256);
    expect(content.toString("utf8").split("\n").filter(Boolean).length, file.name).toBe(file.rows);
  }
  const users = manifest.files.find((f) => f.name === "users.jsonl");
  expect(users?.rows).toBe(countRows("users"));
  expect(files.get("users.jsonl")?.toString("utf8")).not.toContain("$argon2");
  expect(files.get("users.jsonl")?.toString("utf8")).toContain(admin.email);

  const events = (files.get("audit-events.jsonl")?.toString("utf8") ?? "")
    .split("\n")
    .filter(Boolean)
    .map((line) => auditLine.parse(JSON.parse(line)));
  const chain = checkChain(events);
  expect(chain).toMatchObject({ ok: true, count: events.length, headId: manifest.audit.headId, headHash: manifest.audit.headHash });
  expect(manifest.audit.verified).toBe(true);
  expect(manifest.audit.headId).toBe(before);

  const adminId = queryRow(z.object({ id: z.number() }), "select id from users where email = ?", admin.email).id;
  expect(auditEventsAfter(before).filter((e) => e.action === "desk.exported")).toEqual([
    expect.objectContaining({ actor_kind: "user", actor_id: adminId, entity_type: "desk", entity_id: String(before) }),
  ]);
});

test("the desk export is refused to editors and to signed-out visitors, and records nothing", async ({
  createUser,
  newSession,
  request,
}) => {
  const editor = await createUser({ role: "editor" });
  const page = await newSession(editor);
  const before = countRows("audit_events", "action = 'desk.exported'");
  const refused = await page.request.get("/review/admin/export/archive");
  expect(refused.status()).toBe(403);
  await page.goto("/review/admin/export");
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  const signedOut = await request.get("/review/admin/export/archive", { maxRedirects: 0 });
  expect([302, 303, 307, 401]).toContain(signedOut.status());
  expect(countRows("audit_events", "action = 'desk.exported'")).toBe(before);
});
