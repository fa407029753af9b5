import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { SYSTEM_PRINCIPAL, TWO_FACTOR_REQUIRED_MESSAGE, type SessionUser } from "@/lib/auth/principal";
import { unseal, totpContext } from "@/lib/auth/sealing";
import { authSecret } from "@/lib/auth/secret";
import { totpCode, TOTP_PERIOD_SECONDS } from "@/lib/auth/totp";
import { listSavedViews } from "@/lib/claims/saved-views";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeUser } from "@/lib/testing/fixtures";
import { changeOwnPassword } from "./account";
import { endMyOtherSessions, endMySession, listMySessions } from "./sessions";
import {
  confirmTwoFactorSetup,
  disableTwoFactor,
  regenerateRecoveryCodes,
  setTwoFactorRoles,
  startTwoFactorSetup,
  twoFactorStatus,
} from "./two-factor";
import { loadSessionUser, signIn, type AuthenticatedUser } from "./users";

let db: ReturnType<typeof useTemporaryDatabase>;
const PASSWORD = "correct horse battery staple";

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", "two-factor-test-secret-0123456789abcdef0123");
  db = useTemporaryDatabase();
});
afterAll(() => db.cleanup());

const sqlite = () => getConnection().sqlite;
const actions = (userId: number) =>
  (
    sqlite().prepare("select action from audit_events where entity_id = ? order by id").all(String(userId)) as {
      action: string;
    }[]
  ).map((row) => row.action);
const userRow = (id: number) =>
  sqlite()
    .prepare("select totp_secret, totp_pending_secret, totp_enabled_at, totp_last_step from users where id = ?")
    .get(id) as {
    totp_secret: string | null;
    totp_pending_secret: string | null;
    totp_enabled_at: string | null;
    totp_last_step: number | null;
  };

let address = 0;
/** A fresh address per sign-in, so the password throttle's address counter stays out of these tests. */
const nextAddress = () => `198.51.100.${(address += 1)}`;

async function signedIn(user: SessionUser, code?: string): Promise<AuthenticatedUser> {
  const outcome = await signIn({
    email: user.email,
    password: PASSWORD,
    code,
    address: nextAddress(),
    userAgent: "Vitest",
  });
  if (outcome.kind !== "signed_in") throw new Error(`sign-in ended ${outcome.kind}`);
  return outcome.user;
}

const alive = (login: AuthenticatedUser) => loadSessionUser(login.id, login.sessionVersion, login.sessionId) !== null;

/** Sets up two-factor sign-in as the account page does; returns the secret and the recovery codes. */
async function enable(user: SessionUser): Promise<{ secret: string; codes: string[] }> {
  startTwoFactorSetup({ by: user });
  const status = await twoFactorStatus({ by: user });
  const secret = status.pending?.secret;
  if (!secret) throw new Error("no pending secret");
  // The previous step's code: the sign-in tests below then have the current step still to use.
  const codes = confirmTwoFactorSetup({ by: user, code: totpCode(secret, Date.now() - TOTP_PERIOD_SECONDS * 1000) });
  return { secret, codes };
}

describe("setting up two-factor sign-in", () => {
  it("keeps the pending secret sealed, shows it with a QR code, and turns on only with a right code", async () => {
    const user = await makeUser("editor");
    startTwoFactorSetup({ by: user });
    const row = userRow(user.id);
    const status = await twoFactorStatus({ by: user });
    const secret = status.pending?.secret ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(row.totp_pending_secret).not.toContain(secret);
    expect(unseal(row.totp_pending_secret ?? "", totpContext(user.id), authSecret())).toBe(secret);
    expect(status.pending?.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(status.pending?.qrCode.split(",")[1] ?? "", "base64").toString()).toContain("<svg");
    expect(status.enabled).toBe(false);

    expect(() => confirmTwoFactorSetup({ by: user, code: "000000" })).toThrow(/not right/);
    expect(userRow(user.id).totp_enabled_at).toBeNull();
    const codes = confirmTwoFactorSetup({ by: user, code: totpCode(secret) });
    expect(codes).toHaveLength(10);
    const after = userRow(user.id);
    expect(after.totp_enabled_at).not.toBeNull();
    expect(after.totp_pending_secret).toBeNull();
    expect(unseal(after.totp_secret ?? "", totpContext(user.id), authSecret())).toBe(secret);
    const stored = sqlite().prepare("select code_hash from recovery_codes where user_id = ?").all(user.id) as {
      code_hash: string;
    }[];
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.map((r) => r.code_hash)).not.toContain(code);
    expect(actions(user.id)).toEqual(
      expect.arrayContaining(["user.two_factor_setup_started", "user.two_factor_enabled"]),
    );
    expect(() => startTwoFactorSetup({ by: user })).toThrow(/already on/);
    // Nobody signed out sets anything up.
    expect(() => startTwoFactorSetup({ by: null })).toThrow(/Please sign in/);
  });
});

describe("signing in with two-factor sign-in on", () => {
  it("asks for a code after the right password only, and refuses a replayed code", async () => {
    const user = await makeUser("reviewer");
    const { secret } = await enable(user);
    expect((await signIn({ email: user.email, password: "wrong password!!", address: nextAddress() })).kind).toBe(
      "failed",
    );
    expect(
      (
        await signIn({
          email: user.email,
          password: "wrong password!!",
          code: totpCode(secret),
          address: nextAddress(),
        })
      ).kind,
    ).toBe("failed");
    expect((await signIn({ email: user.email, password: PASSWORD, address: nextAddress() })).kind).toBe("code_needed");
    const wrong = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, "0");
    expect((await signIn({ email: user.email, password: PASSWORD, code: wrong, address: nextAddress() })).kind).toBe(
      "code_refused",
    );
    const code = totpCode(secret);
    const login = await signedIn(user, code);
    expect(login.method).toBe("password+totp");
    expect(alive(login)).toBe(true);
    // The same code again, from anywhere, does not sign in twice.
    expect((await signIn({ email: user.email, password: PASSWORD, code, address: nextAddress() })).kind).toBe(
      "code_refused",
    );
    const logins = sqlite()
      .prepare("select after from audit_events where action = 'user.login' and entity_id = ?")
      .all(String(user.id)) as { after: string }[];
    expect(logins.map((row) => (JSON.parse(row.after) as { method: string }).method)).toEqual(["password+totp"]);
    expect(actions(user.id)).toContain("user.login_failed");
  });

  it("takes a recovery code once, audits it and ends the user's other sessions", async () => {
    const user = await makeUser("reviewer");
    const { secret, codes } = await enable(user);
    const first = await signedIn(user, totpCode(secret));
    const [code = ""] = codes;
    const recovered = await signedIn(user, code.toUpperCase());
    expect(recovered.method).toBe("password+recovery");
    expect(alive(recovered)).toBe(true);
    expect(alive(first)).toBe(false);
    expect(actions(user.id).slice(-2)).toEqual(["user.login", "user.recovery_code_used"]);
    expect((await signIn({ email: user.email, password: PASSWORD, code, address: nextAddress() })).kind).toBe(
      "code_refused",
    );
    expect((await twoFactorStatus({ by: user })).recoveryCodesLeft).toBe(9);
  });

  it("shuts the code step after a few wrong codes, even with the right password and a right code", async () => {
    const user = await makeUser("reviewer");
    const { secret } = await enable(user);
    const kinds: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      kinds.push(
        (
          await signIn({
            email: user.email,
            password: PASSWORD,
            code: i % 2 ? "abcde-fghjk" : "000000",
            address: nextAddress(),
          })
        ).kind,
      );
    }
    expect(kinds.every((kind) => kind === "code_refused")).toBe(true);
    expect(
      (await signIn({ email: user.email, password: PASSWORD, code: totpCode(secret), address: nextAddress() })).kind,
    ).toBe("code_refused");
    const failures = sqlite()
      .prepare("select after from audit_events where action = 'user.login_failed' and entity_id = ?")
      .all(String(user.id)) as { after: string }[];
    expect(failures.length).toBeGreaterThan(0);
  });
});

describe("changing how one signs in", () => {
  it("regenerates recovery codes with the current password only, the old ones then dead", async () => {
    const user = await makeUser("reviewer");
    const { codes } = await enable(user);
    await expect(regenerateRecoveryCodes({ by: user, password: "not my password" })).rejects.toThrow(/not right/);
    const fresh = await regenerateRecoveryCodes({ by: user, password: PASSWORD });
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(codes[0]);
    expect((await signIn({ email: user.email, password: PASSWORD, code: codes[0], address: nextAddress() })).kind).toBe(
      "code_refused",
    );
    expect((await signedIn(user, fresh[0])).method).toBe("password+recovery");
    expect(actions(user.id)).toContain("user.recovery_codes_regenerated");
  });

  it("turns off with the current password, audited, ending the other sessions but this one", async () => {
    const user = await makeUser("reviewer");
    const { secret } = await enable(user);
    const here = await signedIn(user, totpCode(secret));
    const there = await signedIn(user, totpCode(secret, Date.now() + TOTP_PERIOD_SECONDS * 1000));
    await expect(disableTwoFactor({ by: user, password: "nope nope nope", sessionId: here.sessionId })).rejects.toThrow(
      /not right/,
    );
    expect(await disableTwoFactor({ by: user, password: PASSWORD, sessionId: here.sessionId })).toBe(1);
    expect(alive(here)).toBe(true);
    expect(alive(there)).toBe(false);
    expect(userRow(user.id)).toMatchObject({ totp_secret: null, totp_enabled_at: null });
    expect(actions(user.id)).toContain("user.two_factor_disabled");
    expect((await signedIn(user)).method).toBe("password");
  });

  it("changes the password with the current one, ending the other sessions", async () => {
    const user = await makeUser("reviewer");
    const here = await signedIn(user);
    const there = await signedIn(user);
    const change = (current: string, next: string, confirm = next) =>
      changeOwnPassword({
        by: user,
        currentPassword: current,
        newPassword: next,
        confirmPassword: confirm,
        sessionId: here.sessionId,
      });
    await expect(change("wrong current password", "a brand new passphrase")).rejects.toThrow(/not right/);
    await expect(change(PASSWORD, "short")).rejects.toThrow(/at least 12/);
    await expect(change(PASSWORD, "a brand new passphrase", "a different one!!")).rejects.toThrow(/differ/);
    expect(alive(there)).toBe(true);
    expect(await change(PASSWORD, "a brand new passphrase")).toBe(1);
    expect(alive(here)).toBe(true);
    expect(alive(there)).toBe(false);
    expect(actions(user.id)).toContain("user.password_changed");
    expect((await signIn({ email: user.email, password: PASSWORD, address: nextAddress() })).kind).toBe("failed");
    expect((await signIn({ email: user.email, password: "a brand new passphrase", address: nextAddress() })).kind).toBe(
      "signed_in",
    );
  });
});

describe("sessions", () => {
  it("lists one's own sign-ins, ends one other, or all others, never someone else's", async () => {
    const user = await makeUser("reviewer");
    const stranger = await makeUser("reviewer");
    const here = await signedIn(user);
    const one = await signedIn(user);
    const two = await signedIn(user);
    const theirs = await signedIn(stranger);
    const list = listMySessions({ by: user, sessionId: here.sessionId });
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list[0]).toMatchObject({ userAgent: "Vitest", method: "password" });
    const current = list.find((s) => s.current);
    expect(() => endMySession({ by: user, sessionId: here.sessionId, id: current?.id })).toThrow(/sign out/);
    const theirRow = listMySessions({ by: stranger, sessionId: null })[0];
    expect(() => endMySession({ by: user, sessionId: here.sessionId, id: theirRow?.id })).toThrow(/already ended/);
    expect(alive(theirs)).toBe(true);
    expect(() => endMySession({ by: user, sessionId: here.sessionId, id: "not a number" })).toThrow(/Choose a sign-in/);
    const oneRow = listMySessions({ by: user, sessionId: one.sessionId }).find((s) => s.current);
    endMySession({ by: user, sessionId: here.sessionId, id: oneRow?.id });
    expect(alive(one)).toBe(false);
    expect(alive(two)).toBe(true);
    expect(endMyOtherSessions({ by: user, sessionId: here.sessionId })).toBe(1);
    expect(alive(two)).toBe(false);
    expect(alive(here)).toBe(true);
    expect(actions(user.id)).toEqual(expect.arrayContaining(["user.session_ended", "user.other_sessions_ended"]));
  });

  it("still ends every session at once by session version (an admin's disable)", async () => {
    const { setUserDisabled } = await import("./users");
    const user = await makeUser("reviewer");
    const login = await signedIn(user);
    await setUserDisabled({ by: SYSTEM_PRINCIPAL, email: user.email, disabled: true });
    expect(alive(login)).toBe(false);
  });
});

describe("requiring two-factor sign-in per role", () => {
  it("marks editors without it, whose desk work is then refused, until they set it up", async () => {
    const editor = await makeUser("editor");
    const reviewer = await makeUser("reviewer");
    const admin = await makeUser("admin");
    const events = () => (sqlite().prepare("select count(*) as n from audit_events").get() as { n: number }).n;
    const before = events();
    expect(() => setTwoFactorRoles({ by: editor, roles: ["editor"] })).toThrow(/role does not allow/);
    expect(() => setTwoFactorRoles({ by: admin, roles: ["owner"] })).toThrow(/must be one of/);
    expect(events()).toBe(before);
    expect(setTwoFactorRoles({ by: admin, roles: ["admin", "editor"] })).toEqual(["editor", "admin"]);
    const event = sqlite().prepare("select action, after from audit_events order by id desc limit 1").get() as {
      action: string;
      after: string;
    };
    expect(event.action).toBe("desk.two_factor_roles_changed");
    expect(JSON.parse(event.after)).toEqual({ roles: ["editor", "admin"] });

    const login = await signedIn(editor);
    const session = loadSessionUser(login.id, login.sessionVersion, login.sessionId);
    expect(session?.twoFactorMissing).toBe(true);
    expect(() => listSavedViews({ by: session })).toThrow(TWO_FACTOR_REQUIRED_MESSAGE);
    const reviewerLogin = await signedIn(reviewer);
    expect(
      loadSessionUser(reviewerLogin.id, reviewerLogin.sessionVersion, reviewerLogin.sessionId)?.twoFactorMissing,
    ).toBeUndefined();

    await enable(editor);
    const after = loadSessionUser(login.id, login.sessionVersion, login.sessionId);
    expect(after?.twoFactorMissing).toBeUndefined();
    expect(() => listSavedViews({ by: after })).not.toThrow();
    // While the role requires it, it cannot be turned off.
    await expect(disableTwoFactor({ by: after, password: PASSWORD, sessionId: login.sessionId })).rejects.toThrow(
      /must use two-factor/,
    );
    setTwoFactorRoles({ by: admin, roles: [] });
  });
});
