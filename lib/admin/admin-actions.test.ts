import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import type { SessionUser } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { authenticate, setUserDisabled, setUserRole } from "@/lib/users/users";

// Every admin server action, called the way Next calls it, as each kind of
// visitor. The session is the one thing faked: currentUser() answers as the test says.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const userActions = await import("@/app/(review)/review/admin/actions");
const chainActions = await import("@/app/(review)/review/admin/chain/actions");

let db: ReturnType<typeof useTemporaryDatabase>;
let admin: SessionUser;
let otherAdmin: SessionUser;
let editor: SessionUser;
let reviewer: SessionUser;
let target: SessionUser;
let scratch: string;

beforeAll(async () => {
  db = useTemporaryDatabase();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-admin-actions-"));
  admin = await makeUser("admin", "Ada Admin");
  otherAdmin = await makeUser("admin", "Olu Admin");
  editor = await makeUser("editor", "Eddie Editor");
  reviewer = await makeUser("reviewer", "Rita Reviewer");
  target = await makeUser("reviewer", "Tess Target");
  process.env.AUDIT_ANCHOR_FILE = path.join(scratch, "anchors.jsonl");
});
afterAll(() => {
  delete process.env.AUDIT_ANCHOR_FILE;
  db.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  session.user = null;
});

function form(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, String(value));
  return data;
}

function snapshot() {
  const { sqlite } = getConnection();
  const anchors = process.env.AUDIT_ANCHOR_FILE ?? "";
  return {
    audit: sqlite.prepare("select count(*) as n, max(id) as head from audit_events").get(),
    users: sqlite
      .prepare("select id, email, role, disabled_at, password_hash, session_version from users order by id")
      .all(),
    anchors: fs.existsSync(anchors) ? fs.readFileSync(anchors, "utf8") : null,
  };
}

const IDLE = null;

const calls = () => ({
  createUserAction: form({ name: "New Person", email: "new.person@claimtrail.test", role: "editor" }),
  changeRoleAction: form({ email: target.email, role: "editor" }),
  disableUserAction: form({ email: target.email }),
  enableUserAction: form({ email: target.email }),
  resetPasswordAction: form({ email: target.email }),
  anchorNowAction: form({}),
});

type ActionName = keyof ReturnType<typeof calls>;
const actions = { ...userActions, ...chainActions };
const call = (name: ActionName, data: FormData) => actions[name](IDLE, data);

describe("admin server actions check authorisation themselves", () => {
  it("covers every exported action", () => {
    expect(Object.keys(actions).sort()).toEqual(Object.keys(calls()).sort());
  });

  it("refuse a signed-out caller, a reviewer and an editor on every action, changing nothing", async () => {
    const before = snapshot();
    for (const [user, message] of [
      [null, "Please sign in to do that."],
      [reviewer, "Your role does not allow that."],
      [editor, "Your role does not allow that."],
    ] as const) {
      session.user = user;
      for (const [name, data] of Object.entries(calls())) {
        const state = await call(name as ActionName, data);
        expect(state, `${name} as ${user?.role ?? "signed out"}`).toMatchObject({ ok: false, message });
        expect(state).not.toHaveProperty("data.oneTimePassword");
      }
    }
    expect(snapshot()).toEqual(before);
  });

  it("let an admin create a user, showing the generated password once, and that password signs in", async () => {
    session.user = admin;
    const state = await userActions.createUserAction(IDLE, calls().createUserAction);
    expect(state).toMatchObject({
      ok: true,
      message: "Created New Person (new.person@claimtrail.test) as editor.",
      data: {
        oneTimePassword: { email: "new.person@claimtrail.test", password: expect.stringMatching(/^[A-Za-z2-9]{20}$/) },
      },
    });
    const password = state?.ok ? state.data?.oneTimePassword.password : undefined;
    expect(await authenticate({ email: "new.person@claimtrail.test", password })).toMatchObject({
      email: "new.person@claimtrail.test",
    });
    const stored = getConnection()
      .sqlite.prepare("select password_hash from users where email = ?")
      .get("new.person@claimtrail.test");
    expect(JSON.stringify(stored)).not.toContain(password);
  });

  it("hand back the typed fields and per-field messages when creating is refused", async () => {
    session.user = admin;
    const before = snapshot();
    const state = await call("createUserAction", form({ name: "", email: "not an email", role: "owner" }));
    expect(state).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)], email: [expect.any(String)], role: [expect.any(String)] },
      values: { email: "not an email", role: "owner" },
    });
    expect(state).not.toHaveProperty("data.oneTimePassword");
    const duplicate = await call(
      "createUserAction",
      form({ name: "Again", email: target.email.toUpperCase(), role: "reviewer" }),
    );
    expect(duplicate).toMatchObject({ ok: false, fieldErrors: { email: ["Already in use."] } });
    expect(snapshot()).toEqual(before);
  });

  it("let an admin change a role, disable, re-enable and reset a password, each audited", async () => {
    session.user = admin;
    const audited = () =>
      getConnection()
        .sqlite.prepare("select action, actor_id, entity_id from audit_events order by id desc limit 1")
        .get();
    expect(await call("changeRoleAction", calls().changeRoleAction)).toMatchObject({
      ok: true,
      message: "Tess Target’s role is now editor.",
    });
    expect(audited()).toEqual({ action: "user.role_changed", actor_id: admin.id, entity_id: String(target.id) });
    expect(await call("disableUserAction", calls().disableUserAction)).toMatchObject({
      ok: true,
      message: "Tess Target is disabled and signed out everywhere.",
    });
    expect(audited()).toMatchObject({ action: "user.disabled" });
    expect(await call("enableUserAction", calls().enableUserAction)).toMatchObject({
      ok: true,
      message: "Tess Target can sign in again.",
    });
    expect(audited()).toMatchObject({ action: "user.enabled" });
    const reset = await userActions.resetPasswordAction(IDLE, calls().resetPasswordAction);
    expect(reset).toMatchObject({
      ok: true,
      data: { oneTimePassword: { email: target.email, password: expect.stringMatching(/^.{20}$/) } },
    });
    expect(audited()).toMatchObject({ action: "user.password_reset" });
    const password = reset?.ok ? reset.data?.oneTimePassword.password : undefined;
    expect(await authenticate({ email: target.email, password })).not.toBeNull();
    expect(await authenticate({ email: target.email, password: "correct horse battery staple" })).toBeNull();
  });

  it("let an admin anchor the chain, and refuse with a message when no anchor file is configured", async () => {
    session.user = admin;
    const state = await call("anchorNowAction", calls().anchorNowAction);
    expect(state).toMatchObject({ ok: true, message: expect.stringMatching(/^Anchored event #\d+\.$/) });
    expect(
      fs
        .readFileSync(process.env.AUDIT_ANCHOR_FILE ?? "", "utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(1);
    const configured = process.env.AUDIT_ANCHOR_FILE;
    delete process.env.AUDIT_ANCHOR_FILE;
    try {
      const before = snapshot();
      expect(await call("anchorNowAction", calls().anchorNowAction)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/needs AUDIT_ANCHOR_FILE/),
      });
      expect(snapshot()).toEqual(before);
    } finally {
      process.env.AUDIT_ANCHOR_FILE = configured;
    }
  });

  it("refuse hostile input with a message, never a crash or a write", async () => {
    session.user = admin;
    const before = snapshot();
    const hostile = [
      ["changeRoleAction", form({ email: "' OR 1=1 --", role: "admin" })],
      ["changeRoleAction", form({ email: target.email, role: "superuser" })],
      ["disableUserAction", form({ email: "nobody@claimtrail.test" })],
      ["resetPasswordAction", form({ email: "\u0000".repeat(300) })],
      ["createUserAction", form({ name: "x".repeat(5000), email: "a@b.c", role: "admin" })],
      ["enableUserAction", form({})],
    ] as const;
    for (const [name, data] of hostile) {
      const state = await call(name, data);
      expect(state, name).toMatchObject({ ok: false, message: expect.any(String) });
      expect(state).not.toHaveProperty("data.oneTimePassword");
    }
    expect(snapshot()).toEqual(before);
  });
});

describe("an admin cannot lock themselves out", () => {
  it("refuses disabling or demoting yourself, in the action and in lib/users, changing nothing", async () => {
    session.user = admin;
    const before = snapshot();
    expect(await call("disableUserAction", form({ email: admin.email }))).toMatchObject({
      ok: false,
      message: "You cannot disable your own account; ask another administrator.",
    });
    for (const role of ["editor", "reviewer"]) {
      expect(await call("changeRoleAction", form({ email: admin.email, role }))).toMatchObject({
        ok: false,
        message: "You cannot remove your own admin role; ask another administrator.",
      });
    }
    await expect(setUserDisabled({ by: admin, email: admin.email, disabled: true })).rejects.toMatchObject({
      code: "rule",
    });
    await expect(setUserRole({ by: admin, email: admin.email.toUpperCase(), role: "editor" })).rejects.toMatchObject({
      code: "rule",
    });
    expect(snapshot()).toEqual(before);
  });

  it("still lets another admin demote or disable them", async () => {
    session.user = otherAdmin;
    expect(await call("changeRoleAction", form({ email: admin.email, role: "editor" }))).toMatchObject({
      ok: true,
    });
    expect(await call("disableUserAction", form({ email: admin.email }))).toMatchObject({ ok: true });
  });
});
