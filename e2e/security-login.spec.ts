/**
 * Issue #4, item 9: login abuse, over HTTP through next-auth's credentials
 * callback as the sign-in form calls it. Failed sign-ins get one generic
 * answer, every failure is audited (user.login_failed), and an account or an
 * address that keeps failing is made to wait (lib/auth/login-throttle.ts):
 * while it waits even the right password is refused, with the same answer.
 *
 * Each test signs in from addresses of its own (X-Forwarded-For, the hop a
 * proxy in front of the desk adds; lib/http/client-address.ts), so the
 * failures here never slow down the other specs' sign-ins from 127.0.0.1.
 * The waits below only let a block run out so the next failure doubles it;
 * nothing here measures time.
 */
import { randomInt } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { z } from "zod";
import { expect, test, uniqueTag } from "./fixtures";
import { attemptSignIn, queryRows, userId, type SignInAnswer } from "./support/http-security";

// lib/auth/login-throttle.ts
const ACCOUNT_FREE_FAILURES = 5;
const ADDRESS_FREE_FAILURES = 20;
const BASE_DELAY_MS = 1_000;

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

function loginEventsFrom(from: string) {
  return queryRows(
    failedRow,
    "select action, reason, entity_id, after from audit_events where action like 'user.login%' and json_extract(after, '$.address') = ? order by id",
    from,
  );
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What a failure looks like to the caller: every failure must read exactly alike. */
function answerShape(answer: SignInAnswer) {
  return { status: answer.status, url: answer.url, signedIn: answer.signedIn };
}

/**
 * Fails until the throttle has blocked `failures` times in a row: the first
 * block lasts BASE_DELAY_MS, and each failure after a block runs out doubles
 * it. Returns the answers; the caller's next attempt comes inside the last
 * (4 s) block.
 */
async function failUntilBlocked(
  context: APIRequestContext,
  attempts: () => { email: string; password: string },
  from: string,
  freeFailures: number,
  blocks: number,
): Promise<SignInAnswer[]> {
  const answers: SignInAnswer[] = [];
  for (let i = 0; i < freeFailures + 1; i += 1) answers.push(await attemptSignIn(context, attempts(), from));
  for (let block = 1; block < blocks; block += 1) {
    await wait(BASE_DELAY_MS * 2 ** (block - 1) + 300);
    answers.push(await attemptSignIn(context, attempts(), from));
  }
  return answers;
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
    const unknown = await attemptSignIn(
      context,
      { email: `nobody.${uniqueTag()}@example.org`, password: user.password },
      from,
    );
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

    // Every failure is audited against the account, the blocked attempt with the reason kept for admins only.
    const events = loginEvents(userId(user.email), user.email);
    expect(events.map((e) => `${e.action}: ${e.reason}`)).toEqual([
      ...wrong.map(() => "user.login_failed: wrong password"),
      "user.login_failed: throttled after repeated failures",
    ]);
    for (const event of events) expect(JSON.parse(event.after ?? "{}")).toEqual({ address: from });
    const unknownEvents = queryRows(
      failedRow,
      "select action, reason, entity_id, after from audit_events where action = 'user.login_failed' and reason = 'unknown email' and json_extract(after, '$.address') = ?",
      from,
    );
    expect(unknownEvents).toHaveLength(1);
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

    const events = loginEventsFrom(noisy);
    expect(events).toHaveLength(answers.length + 1);
    expect(events.every((e) => e.action === "user.login_failed")).toBe(true);
    expect(events.at(-1)?.reason).toBe("throttled after repeated failures");

    // The same person from another address is not held back: the block is the address's, not the account's.
    const elsewhere = await attemptSignIn(context, user, quiet);
    expect(elsewhere.signedIn).toBe(true);
  } finally {
    await context.dispose();
  }
});
