/**
 * Issue #4, item 9, and issue #15: login abuse, over HTTP through next-auth's
 * credentials callback as the sign-in form calls it. Failed sign-ins get one
 * generic answer and are audited as one event per account (or "unknown") and
 * 15-minute window, with addresses and unknown emails only as keyed hashes
 * (lib/auth/login-audit.ts). An address that keeps failing on an account, or
 * across many, is made to wait (lib/auth/login-throttle.ts): while it waits
 * even the right password is refused, with the same answer. The account alone
 * is only slowed, so its owner still gets in from elsewhere.
 *
 * Each test signs in from addresses of its own (X-Forwarded-For, the hop a
 * proxy in front of the desk adds; the suite's server trusts one such hop,
 * TRUST_PROXY=1, see lib/http/client-address.ts), so the failures here never
 * slow down the other specs' sign-ins from 127.0.0.1.
 * The waits below only let a block run out so the next failure doubles it;
 * nothing here measures time.
 */
import { randomInt } from "node:crypto";
import { z } from "zod";
import { expect, test, uniqueTag } from "./fixtures";
import { attemptSignIn, failUntilBlocked, queryRows, userId, type SignInAnswer } from "./support/http-security";

// lib/auth/login-throttle.ts
const ACCOUNT_FREE_FAILURES = 5;
const ADDRESS_FREE_FAILURES = 20;

const failedRow = z.object({
  action: z.string(),
  reason: z.string().nullable(),
  entity_id: z.string(),
  after: z.string().nullable(),
});

/** Sign-in events about one account: by its id, or by the email typed when the account was not looked up (a blocked attempt). */
function loginEvents(id: number, email: string) {
  return queryRows(
    failedRow,
    "select action, reason, entity_id, after from audit_events where action like 'user.login%' and entity_id in (?, ?) order by id",
    String(id),
    email,
  );
}

/** Audit rows whose stored text contains `text` anywhere. */
function auditRowsMentioning(text: string): number {
  return queryRows(
    z.object({ id: z.number() }),
    "select id from audit_events where instr(coalesce(after, '') || coalesce(reason, '') || entity_id, ?) > 0",
    text,
  ).length;
}

/** What a failure looks like to the caller: every failure must read exactly alike. */
function answerShape(answer: SignInAnswer) {
  return { status: answer.status, url: answer.url, signedIn: answer.signedIn };
}

test("repeated wrong passwords for one account get one answer, are audited, and lock out even the right password for a while", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const user = await createUser({ role: "reviewer" });
  const from = `203.0.113.${randomInt(1, 128)}`;
  const context = await playwright.request.newContext({ baseURL });
  try {
    const nobody = `nobody.${uniqueTag()}@example.org`;
    const unknown = await attemptSignIn(context, { email: nobody, password: user.password }, from);
    const wrong = await failUntilBlocked(
      context,
      () => ({ email: user.email, password: `${user.password}-wrong` }),
      from,
      ACCOUNT_FREE_FAILURES,
      3,
    );
    // Inside a 4-second block: the right password gets the very same answer.
    const right = await attemptSignIn(context, user, from);

    expect(right.signedIn).toBe(false);
    expect(unknown.signedIn).toBe(false);
    expect(unknown.url).toMatch(/[?&]error=CredentialsSignin/);
    for (const answer of [...wrong, right]) expect(answerShape(answer)).toEqual(answerShape(unknown));

    // The failures are one audit event for the account and the window (issue #15), the
    // address only as a keyed hash; the raw address and the typed unknown email are nowhere.
    const events = loginEvents(userId(user.email), user.email);
    expect(events.map((e) => `${e.action}: ${e.reason}`)).toEqual(["user.login_failed: wrong password"]);
    const after = z
      .object({ window: z.object({ from: z.string(), to: z.string() }), first: z.object({ addressHash: z.string() }) })
      .parse(JSON.parse(events[0]?.after ?? "{}"));
    expect(after.first.addressHash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRowsMentioning(from)).toBe(0);
    expect(auditRowsMentioning(nobody)).toBe(0);
  } finally {
    await context.dispose();
  }
});

test("an address that keeps failing across many accounts is held back too, and only that address", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const user = await createUser({ role: "reviewer" });
  const noisy = `203.0.113.${randomInt(128, 255)}`;
  const quiet = `198.18.0.${randomInt(1, 255)}`;
  const context = await playwright.request.newContext({ baseURL });
  try {
    // A different made-up account each time: no single account reaches its own limit.
    const answers = await failUntilBlocked(
      context,
      () => ({ email: `spray.${uniqueTag()}@example.org`, password: "not the password" }),
      noisy,
      ADDRESS_FREE_FAILURES,
      3,
    );
    const blocked = await attemptSignIn(context, user, noisy);
    expect(blocked.signedIn).toBe(false);
    for (const answer of [...answers, blocked]) expect(answerShape(answer)).toEqual(answerShape(answers[0] ?? blocked));

    // Forty-odd failures from one address left no trace of it but keyed hashes.
    expect(auditRowsMentioning(noisy)).toBe(0);
    expect(auditRowsMentioning("spray.")).toBe(0);

    // The same person from another address is not held back: the block is the address's, not the account's.
    const elsewhere = await attemptSignIn(context, user, quiet);
    expect(elsewhere.signedIn).toBe(true);
  } finally {
    await context.dispose();
  }
});

test("knowing an account's email is not enough to lock its owner out: from another address the right password gets in", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const user = await createUser({ role: "editor" });
  const attacker = `203.0.113.${randomInt(1, 255)}`;
  const owner = `198.18.1.${randomInt(1, 255)}`;
  const context = await playwright.request.newContext({ baseURL });
  try {
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 3; i += 1) {
      expect((await attemptSignIn(context, { email: user.email, password: `${user.password}-wrong` }, attacker)).signedIn).toBe(false);
    }
    // The attacker's address is blocked for this account, even with the right password...
    expect((await attemptSignIn(context, user, attacker)).signedIn).toBe(false);
    // ...while the owner, elsewhere, is only slowed down a little and gets in.
    expect((await attemptSignIn(context, user, owner)).signedIn).toBe(true);
  } finally {
    await context.dispose();
  }
});
