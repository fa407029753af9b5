import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { buffer } from "node:stream/consumers";
import { gunzipSync } from "node:zlib";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { seedPublicDesk } from "@/lib/testing/public-desk";
import { AuditLinesCheck, EXPORT_FILES, startDeskExport } from "./desk-export";

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;
let editor: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  const desk = await seedPublicDesk();
  editor = desk.editor;
  admin = await makeUser("admin");
});
afterAll(() => db.cleanup());

async function untar(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      void buffer(stream).then((body) => {
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
  exportedBy: z.string(),
  files: z.array(z.object({ name: z.string(), rows: z.number(), bytes: z.number(), sha256: z.string() })),
  audit: z.object({ count: z.number(), headId: z.number(), headHash: z.string(), verified: z.boolean() }),
});

describe("the desk export archive", () => {
  it("is for admins only and refuses before reading anything", () => {
    const events = () => getConnection().sqlite.prepare("select count(*) from audit_events").pluck().get();
    const before = events();
    expectAppError(() => startDeskExport({ by: editor }), "forbidden");
    expectAppError(() => startDeskExport({ by: null }), "unauthenticated");
    expect(events()).toBe(before);
  });

  it("streams a tar.gz whose manifest matches every file, with an audit log that verifies, and is audited", async () => {
    const head = z.number().parse(getConnection().sqlite.prepare("select max(id) from audit_events").pluck().get());
    const exported = startDeskExport({ by: admin });
    expect(exported.throughId).toBe(head);
    expect(getConnection().sqlite.prepare("select actor_id, action, entity_id from audit_events where id = ?").get(head + 1)).toEqual({
      actor_id: admin.id,
      action: "desk.exported",
      entity_id: String(head),
    });
    const out = new PassThrough();
    const body = buffer(out);
    const manifest = await exported.writeArchive(out);
    const files = await untar(await body);

    expect([...files.keys()].sort()).toEqual([...EXPORT_FILES, "manifest.json"].sort());
    const written = manifestSchema.parse(JSON.parse(files.get("manifest.json")?.toString("utf8") ?? ""));
    expect(written).toMatchObject({ audit: { headId: head, verified: true }, exportedBy: `user ${admin.id} (${admin.email})` });
    expect(written.files).toEqual(manifest.files);
    for (const file of written.files) {
      const content = files.get(file.name) ?? Buffer.alloc(0);
      expect(content.length, file.name).toBe(file.bytes);
      expect(createHash("sha256").update(content).digest("hex"), file.name).toBe(file.sha256);
      expect(content.toString("utf8").split("\n").filter(Boolean).length, file.name).toBe(file.rows);
    }
    const check = new AuditLinesCheck();
    check.add((files.get("audit-events.jsonl")?.toString("utf8") ?? "").split("\n"));
    expect(check.result()).toMatchObject({ ok: true, count: written.audit.count, headId: head, headHash: written.audit.headHash });
  });
});
