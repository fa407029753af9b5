import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { authenticate, createUser, endSessions, loadSessionUser, resetPassword, setUserDisabled, setUserRole } from "./users";

let db: ReturnType<typeof useTemporaryDatabase>;
const PASSWORD = "a long enough passphrase";

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", "users-test-secret-0123456789abcdef0123456789");
  db = useTemporaryDatabase();
});
afterAll(() => db.cleanup());

const lastEvent = () =>
  getConnection().sqlite.prepare("select action, actor_kind, entity_id, reason from audit_events order by id desc limit 1").get();
const auditCount = () => (getConnection().sqlite.prepare("select count(*) as n from audit_events").get() as { n: number }).n;

describe("users", () => {
  it("stores a case-folded email and an argon2id hash, audited", async () => {
    const user = await createUser({ by: SYSTEM_PRINCIPAL, email: "  Ada@Example.ORG ", name: "Ada", role: "editor", password: PASSWORD });
    expect(user.email).toBe("ada@example.org");
    const row = getConnection().sqlite.prepare("select password_hash from users where id = ?").get(user.id) as { password_hash: string };
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(lastEvent()).toMatchObject({ action: "user.created", entity_id: String(user.id) });
  });

  it("refuses a duplicate email in any case, a short password and an unknown role, writing nothing", async () => {
    const before = auditCount();
    await expect(createUser({ by: SYSTEM_PRINCIPAL, email: "ADA@example.org", name: "Ada 2", role: "editor", password: PASSWORD })).rejects.toThrow(/already exists/);
    await expect(createUser({ by: SYSTEM_PRINCIPAL, email: "b@example.org", name: "B", role: "editor", password: "short" })).rejects.toThrow(/at least 12/);
    await expect(createUser({ by: SYSTEM_PRINCIPAL, email: "c@example.org", name: "C", role: "owner", password: PASSWORD })).rejects.toThrow(/Role must be/);
    expect(auditCount()).toBe(before);
  });

  it("lets only admins manage users", async () => {
    const editor = await makeUser("editor");
    await expect(createUser({ by: editor, email: "d@example.org", name: "D", role: "admin", password: PASSWORD })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setUserRole({ by: editor, email: "ada@example.org", role: "admin" })).rejects.toBeInstanceOf(AppError);
    await expect(setUserDisabled({ by: null, email: "ada@example.org", disabled: true })).rejects.toMatchObject({ code: "unauthenticated" });
  });
});

describe("login", () => {
  it("answers unknown email and wrong password alike, and audits both failures", async () => {
    expect(await authenticate({ email: "nobody@example.org", password: PASSWORD, address: "203.0.113.5" })).toBeNull();
    expect(lastEvent()).toMatchObject({ action: "user.login_failed", actor_kind: "public", reason: "unknown email" });
    expect(await authenticate({ email: "ada@example.org", password: "wrong password!!" })).toBeNull();
    expect(lastEvent()).toMatchObject({ action: "user.login_failed", reason: "wrong password" });
    expect(await authenticate({ email: 42, password: null })).toBeNull();
    expect(lastEvent()).toMatchObject({ action: "user.login_failed" });
  });

  it("signs in with the right password in any email case, audited", async () => {
    const user = await authenticate({ email: "ADA@example.org", password: PASSWORD });
    expect(user).toMatchObject({ email: "ada@example.org", sessionVersion: 1 });
    expect(lastEvent()).toMatchObject({ action: "user.login", actor_kind: "user" });
  });
});

describe("sessions follow the database on every request", () => {
  it("drops a disabled user, follows a role change, and ends sessions on sign-out and password reset", async () => {
    const login = await authenticate({ email: "ada@example.org", password: PASSWORD });
    if (!login) throw new Error("login failed");
    expect(loadSessionUser(login.id, login.sessionVersion)?.role).toBe("editor");

    await setUserRole({ by: SYSTEM_PRINCIPAL, email: "ada@example.org", role: "reviewer" });
    expect(loadSessionUser(login.id, login.sessionVersion)?.role).toBe("reviewer");

    await setUserDisabled({ by: SYSTEM_PRINCIPAL, email: "ada@example.org", disabled: true });
    expect(loadSessionUser(login.id, login.sessionVersion)).toBeNull();
    expect(await authenticate({ email: "ada@example.org", password: PASSWORD })).toBeNull();

    await setUserDisabled({ by: SYSTEM_PRINCIPAL, email: "ada@example.org", disabled: false });
    const again = await authenticate({ email: "ada@example.org", password: PASSWORD });
    if (!again) throw new Error("login failed after re-enabling");
    endSessions(again.id, again.sessionVersion);
    expect(loadSessionUser(again.id, again.sessionVersion)).toBeNull();

    const third = await authenticate({ email: "ada@example.org", password: PASSWORD });
    if (!third) throw new Error("third login failed");
    await resetPassword({ by: SYSTEM_PRINCIPAL, email: "ada@example.org", password: "another long passphrase" });
    expect(loadSessionUser(third.id, third.sessionVersion)).toBeNull();
    expect(await authenticate({ email: "ada@example.org", password: "another long passphrase" })).not.toBeNull();
  });
});

describe("login throttling", () => {
  it("turns away even the right password from the address that kept failing, with the same answer, but not from another", async () => {
    await createUser({ by: SYSTEM_PRINCIPAL, email: "grace@example.org", name: "Grace", role: "reviewer", password: PASSWORD });
    for (let i = 0; i < 6; i += 1) {
      expect(await authenticate({ email: "grace@example.org", password: "not the password", address: "198.51.100.1" })).toBeNull();
    }
    expect(await authenticate({ email: "grace@example.org", password: PASSWORD, address: "198.51.100.1" })).toBeNull();
    expect(await authenticate({ email: "grace@example.org", password: PASSWORD, address: "198.51.100.99" })).not.toBeNull();
  });
});

describe("sign-out", () => {
  it("ends sessions only for a token of the current session version", async () => {
    const first = await authenticate({ email: "grace@example.org", password: PASSWORD, address: "198.51.100.99" });
    if (!first) throw new Error("login failed");
    expect(endSessions(first.id, first.sessionVersion)).toBe(true);
    const current = await authenticate({ email: "grace@example.org", password: PASSWORD, address: "198.51.100.99" });
    if (!current) throw new Error("second login failed");
    const before = auditCount();
    // The old token, signed out already (or stolen before), tries again: nothing changes.
    expect(endSessions(first.id, first.sessionVersion)).toBe(false);
    expect(loadSessionUser(current.id, current.sessionVersion)).not.toBeNull();
    expect(auditCount()).toBe(before);
  });

  it("is what next-auth's sign-out event does with the token it decoded: it ends that one session", async () => {
    const { authOptions } = await import("@/lib/auth/options");
    const signOut = authOptions().events?.signOut;
    if (!signOut) throw new Error("no sign-out event");
    const old = await authenticate({ email: "grace@example.org", password: PASSWORD, address: "198.51.100.99" });
    const other = await authenticate({ email: "grace@example.org", password: PASSWORD, address: "198.51.100.98" });
    if (!old || !other) throw new Error("login failed");
    const now = Math.floor(Date.now() / 1000);
    const tokenOf = (user: typeof old) => ({ uid: user.id, sv: user.sessionVersion, signedInAt: now, sid: user.sessionId });
    await signOut({ token: tokenOf(old), session: null as never });
    expect(loadSessionUser(old.id, old.sessionVersion, old.sessionId)).toBeNull();
    // The other sign-in is untouched: sign-out is per session now.
    expect(loadSessionUser(other.id, other.sessionVersion, other.sessionId)).not.toBeNull();
    const before = auditCount();
    // The ended token, replayed at sign-out, writes nothing.
    await signOut({ token: tokenOf(old), session: null as never });
    expect(auditCount()).toBe(before);
    expect(loadSessionUser(other.id, other.sessionVersion, other.sessionId)).not.toBeNull();
    await signOut({ token: tokenOf(other), session: null as never });
    expect(loadSessionUser(other.id, other.sessionVersion, other.sessionId)).toBeNull();
  });
});

describe("no-op changes", () => {
  it("refuses a role or disabled state the user already has, writing no event", async () => {
    await createUser({ by: SYSTEM_PRINCIPAL, email: "hopper@example.org", name: "Grace Hopper", role: "editor", password: PASSWORD });
    const before = auditCount();
    await expect(setUserRole({ by: SYSTEM_PRINCIPAL, email: "hopper@example.org", role: "editor" })).rejects.toThrow(/already has the role/);
    await expect(setUserDisabled({ by: SYSTEM_PRINCIPAL, email: "hopper@example.org", disabled: false })).rejects.toThrow(/already enabled/);
    expect(auditCount()).toBe(before);
  });
});
