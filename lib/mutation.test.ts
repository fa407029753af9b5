import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { getConnection, type Tx } from "@/db/client";
import { users } from "@/db/schema";
import { PUBLIC, verifyAuditChain } from "@/lib/audit/events";
import { SYSTEM_PRINCIPAL, type SessionUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { expectAppError } from "@/lib/testing/app-error";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { mutate } from "./mutation";

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;
let reviewer: SessionUser;

beforeAll(async () => {
  db = useTemporaryDatabase();
  admin = await makeUser("admin");
  reviewer = await makeUser("reviewer");
});
afterAll(() => db.cleanup());

const schema = z.object({ name: z.string().trim().min(1, "A name is required.") });
let nextEmail = 0;

function insertUser(tx: Tx, name: string): number {
  return tx
    .insert(users)
    .values({
      email: `mutation-${++nextEmail}@example.test`,
      name,
      role: "reviewer",
      passwordHash: "not-a-hash",
      createdAt: new Date().toISOString(),
    })
    .returning({ id: users.id })
    .get().id;
}

function counts() {
  const { sqlite } = getConnection();
  const n = (table: string) => z.number().parse(sqlite.prepare(`select count(*) from ${table}`).pluck().get());
  return { users: n("users"), events: n("audit_events") };
}

function lastEvents(n: number) {
  return getConnection()
    .sqlite.prepare("select actor_kind, actor_id, action, entity_id, at from audit_events order by id desc limit ?")
    .all(n)
    .reverse();
}

describe("mutate", () => {
  it("checks the permission before it parses or writes anything", () => {
    const write = vi.fn();
    const before = counts();
    expectAppError(
      () => mutate({ by: null, permission: "user.manage", schema, input: { name: "" }, write }),
      "unauthenticated",
    );
    expectAppError(
      () => mutate({ by: reviewer, permission: "user.manage", schema, input: { name: "" }, write }),
      "forbidden",
    );
    expect(write).not.toHaveBeenCalled();
    expect(counts()).toEqual(before);
  });

  it("refuses bad input with the schema's messages and writes nothing", () => {
    const write = vi.fn();
    const before = counts();
    const error = expectAppError(
      () => mutate({ by: admin, permission: "user.manage", schema, input: { name: "  " }, write }),
      "invalid",
      /A name is required/,
    );
    expect(error.fieldErrors).toEqual({ name: ["A name is required."] });
    expect(write).not.toHaveBeenCalled();
    expect(counts()).toEqual(before);
  });

  it("commits the write with its audit events, in order, named after whoever asked", () => {
    const before = counts();
    const at = new Date("2026-01-02T03:04:05.000Z");
    const id = mutate({
      by: admin,
      permission: "user.manage",
      schema,
      input: { name: "  Parsed Name " },
      write: (tx, data) => {
        const id = insertUser(tx, data.name);
        return {
          result: id,
          audit: [
            { action: "test.first", entityType: "user", entityId: id, at },
            { action: "test.second", entityType: "user", entityId: id, actor: PUBLIC },
          ],
        };
      },
    });
    expect(counts()).toEqual({ users: before.users + 1, events: before.events + 2 });
    const name = getConnection().sqlite.prepare("select name from users where id = ?").pluck().get(id);
    expect(name).toBe("Parsed Name");
    expect(lastEvents(2)).toEqual([
      { actor_kind: "user", actor_id: admin.id, action: "test.first", entity_id: String(id), at: at.toISOString() },
      { actor_kind: "public", actor_id: null, action: "test.second", entity_id: String(id), at: expect.any(String) },
    ]);
    expect(verifyAuditChain(getConnection().sqlite).ok).toBe(true);
  });

  it("rolls the rows back, with no event, when the write throws", () => {
    const before = counts();
    expectAppError(
      () =>
        mutate({
          by: admin,
          permission: "user.manage",
          write: (tx) => {
            insertUser(tx, "Never committed");
            throw new AppError("rule", "Refused halfway.");
          },
        }),
      "rule",
      /Refused halfway/,
    );
    expect(counts()).toEqual(before);
  });

  it("refuses the command line where only a person may write, before the write runs", () => {
    const write = vi.fn();
    expectAppError(
      () => mutate({ by: SYSTEM_PRINCIPAL, permission: "claim.edit", person: "Written by people.", write }),
      "forbidden",
      /Written by people/,
    );
    expect(write).not.toHaveBeenCalled();
    const id = mutate({
      by: reviewer,
      permission: "claim.edit",
      person: "Written by people.",
      write: (tx, _data, by) => {
        const id = insertUser(tx, `made by ${by.name}`);
        return { result: id, audit: { action: "test.person", entityType: "user", entityId: id } };
      },
    });
    expect(lastEvents(1)).toEqual([expect.objectContaining({ actor_id: reviewer.id, entity_id: String(id) })]);
  });

  it("records writes nobody signed in asks for under the actor given", () => {
    mutate({
      actor: PUBLIC,
      schema,
      input: { name: "Reader" },
      write: (tx, data) => {
        const id = insertUser(tx, data.name);
        return { result: undefined, audit: { action: "test.public", entityType: "user", entityId: id } };
      },
    });
    expect(lastEvents(1)).toEqual([
      expect.objectContaining({ actor_kind: "public", actor_id: null, action: "test.public" }),
    ]);
    expectAppError(() => mutate({ actor: PUBLIC, schema, input: {}, write: vi.fn() }), "invalid");
  });
});
