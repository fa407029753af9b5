/**
 * Issue #4, item 8: sessions. next-auth keeps the session in a signed and
 * encrypted JWT cookie, and lib/auth/session.ts checks it against the
 * database on every request (DESIGN.md, People and roles), so a disabled
 * account, a role change, a sign-out or a password reset bites on the very
 * next request of a session that already exists.
 *
 * Lifetimes (lib/auth/options.ts): the token expires after 2 hours without use
 * (the reviewer area's keep-alive rolls it forward while the desk is in use)
 * and is refused 12 hours after sign-in however busy it was (signedInAt).
 * Neither can be waited out in a test, so the lifetime test writes tokens with
 * the server's own secret and asks the server what it makes of them.
 */
import type { APIRequestContext } from "@playwright/test";
import { decode, encode, type JWT } from "next-auth/jwt";
import { z } from "zod";
import { expect, test, uniqueTag } from "./fixtures";
import {
  attemptSignIn,
  auditEventsAfter,
  changedTables,
  countRows,
  postAction,
  queryRow,
  readActionOutcome,
  serverActions,
  SESSION_COOKIE,
  sessionCookie,
  sessionVersion,
  signInOverHttp,
  signOutOverHttp,
  snapshotDatabase,
  userCli,
  userId,
  type FormFields,
} from "./support/http-security";
import { Workspace } from "./support/workspace";

// lib/auth/options.ts
const IDLE_SECONDS = 2 * 60 * 60;
const ABSOLUTE_SECONDS = 12 * 60 * 60;

function actionId(exportedName: string): string {
  const action = serverActions().find((a) => a.key.endsWith(`#${exportedName}`));
  if (!action) throw new Error(`No server action ${exportedName} in the build.`);
  return action.id;
}

function evidenceFields(claimId: number): FormFields {
  return {
    claimId: String(claimId),
    url: "https://example.org/session-check",
    title: `Session check ${uniqueTag()}`,
    stance: "context",
  };
}

function originOf(baseURL: string | undefined): string {
  return new URL(baseURL ?? "").origin;
}

/** GET /review as this context (or with this Cookie header): 200 in, or a redirect to sign in. */
async function reviewQueue(context: APIRequestContext, cookie?: string) {
  const response = await context.get("/review", { maxRedirects: 0, headers: cookie ? { Cookie: cookie } : {} });
  return { status: response.status(), location: response.headers()["location"] ?? "", body: await response.text() };
}

function expectSentToSignIn(answer: { status: number; location: string }): void {
  expect(answer.status).toBe(307);
  expect(answer.location).toBe("/signin?callbackUrl=%2Freview");
}

test("an old token that signs out again does not end the sessions opened since (issue #15)", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const old = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const stolen = await playwright.request.newContext({ baseURL });
  let current: APIRequestContext | undefined;
  try {
    const oldCookie = await sessionCookie(old);
    // The owner signs out (version n → n + 1) and signs in again: a session of version n + 1.
    expect((await signOutOverHttp(old)).status()).toBe(200);
    current = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
    expect((await reviewQueue(current)).status).toBe(200);
    const version = sessionVersion(reviewer.email);
    const lastEvent = snapshotDatabase().lastAuditId;

    // Someone holding the old cookie posts sign-out with it, again and again.
    for (let i = 0; i < 3; i += 1) {
      const csrf = z.object({ csrfToken: z.string() }).parse(await (await stolen.get("/api/auth/csrf")).json());
      const csrfCookie = (await stolen.storageState()).cookies
        .filter((c) => c.name.startsWith("next-auth.csrf-token"))
        .map((c) => `${c.name}=${c.value}`);
      await stolen.post("/api/auth/signout", {
        headers: { Cookie: [oldCookie, ...csrfCookie].join("; ") },
        form: { csrfToken: csrf.csrfToken, json: "true" },
        maxRedirects: 0,
        failOnStatusCode: false,
      });
    }
    expect(sessionVersion(reviewer.email)).toBe(version);
    expect(auditEventsAfter(lastEvent).map((e) => e.action)).not.toContain("user.logout");
    expect((await reviewQueue(current)).status).toBe(200);
  } finally {
    await old.dispose();
    await stolen.dispose();
    await current?.dispose();
  }
});

test("disabling a signed-in user bites on their very next page and action", async ({
  createUser,
  createClaim,
  playwright,
  baseURL,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim({ summary: `Session disable check ${uniqueTag()}` });
  const context = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const origin = originOf(baseURL);
  const addEvidence = {
    id: actionId("addEvidenceAction"),
    path: `/review/claims/${claim.slug}`,
    shape: "js-with-state" as const,
    origin,
  };
  try {
    expect((await reviewQueue(context)).body).toContain(claim.summary);
    expect((await postAction(context, { ...addEvidence, fields: evidenceFields(claim.id) })).state).toBe("ok");

    await userCli(["disable", "--email", reviewer.email]);
    const before = snapshotDatabase();

    const page = await reviewQueue(context);
    expectSentToSignIn(page);
    expect(page.body).not.toContain(claim.summary);
    const outcome = await postAction(context, { ...addEvidence, fields: evidenceFields(claim.id) });
    expect(outcome.state).toBe("error");
    expect(outcome.message).toBe("Please sign in to do that.");
    expect(changedTables(before, snapshotDatabase())).toEqual([]);
  } finally {
    await context.dispose();
  }
});

test("an editor made reviewer loses publishing on the next request, and the publish panel goes", async ({
  createUser,
  createClaim,
  newSession,
  baseURL,
}) => {
  const editor = await createUser({ role: "editor" });
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim({
    summary: `Session role check ${uniqueTag()}`,
    verdict: { status: "sourced", by: reviewer },
  });
  const workspace = await new Workspace(await newSession(editor), claim.slug).open();
  await expect(workspace.publishButton()).toBeVisible();

  await userCli(["set-role", "--email", editor.email, "--role", "reviewer"]);
  const before = snapshotDatabase();

  // The page still shows the button it rendered for an editor: the very next publish is refused.
  await workspace.publishButton().click();
  await expect(workspace.alert()).toContainText("Your role does not allow that.");
  expect(changedTables(before, snapshotDatabase())).toEqual([]);

  await workspace.page.reload();
  await expect(workspace.page.getByText("An editor publishes verdicts.")).toBeVisible();
  await expect(workspace.publishButton()).toHaveCount(0);

  // The same session over HTTP, with a body that an editor's publish would carry.
  const { version } = queryRow(z.object({ version: z.number() }), "select version from claims where id = ?", claim.id);
  const outcome = await readActionOutcome(
    await workspace.page.request.post(`/review/claims/${claim.slug}`, {
      headers: { "Next-Action": actionId("publishAction"), Origin: originOf(baseURL), Accept: "text/x-component" },
      multipart: {
        _1_claimId: String(claim.id),
        _1_expectedVersion: String(version),
        _1_reason: "",
        0: JSON.stringify([null, "$K1"]),
      },
      maxRedirects: 0,
    }),
  );
  expect(outcome.message).toBe("Your role does not allow that.");
  expect(changedTables(before, snapshotDatabase())).toEqual([]);
});

test("sign-out ends the session on the server: the old cookie, replayed, opens nothing", async ({
  createUser,
  createClaim,
  playwright,
  baseURL,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const claim = await createClaim({ summary: `Session sign-out check ${uniqueTag()}` });
  const context = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const replay = await playwright.request.newContext({ baseURL });
  try {
    const cookie = await sessionCookie(context);
    expect((await reviewQueue(replay, cookie)).status).toBe(200);
    const versionBefore = sessionVersion(reviewer.email);
    const lastEvent = snapshotDatabase().lastAuditId;

    const signOut = await signOutOverHttp(context);
    expect(signOut.status()).toBe(200);
    // Sign-out ends this one session (its user_sessions row), not every session of the user, and says so in the audit log.
    expect(sessionVersion(reviewer.email)).toBe(versionBefore);
    expect(countRows("user_sessions", "user_id = ? and ended_at is not null", userId(reviewer.email))).toBe(1);
    expect(countRows("user_sessions", "user_id = ? and ended_at is null", userId(reviewer.email))).toBe(0);
    expect(auditEventsAfter(lastEvent).map((e) => `${e.action} ${e.actor_id ?? ""}`)).toEqual([
      `user.logout ${userId(reviewer.email)}`,
    ]);

    const before = snapshotDatabase();
    const page = await reviewQueue(replay, cookie);
    expectSentToSignIn(page);
    const workspace = await replay.get(`/review/claims/${claim.slug}`, {
      headers: { Cookie: cookie },
      maxRedirects: 0,
    });
    expect(workspace.status()).toBe(307);
    expect(await workspace.text()).not.toContain(claim.summary);
    const outcome = await postAction(replay, {
      id: actionId("addEvidenceAction"),
      path: `/review/claims/${claim.slug}`,
      fields: evidenceFields(claim.id),
      shape: "js-with-state",
      origin: originOf(baseURL),
      headers: { Cookie: cookie },
    });
    expect(outcome.message).toBe("Please sign in to do that.");
    expect(changedTables(before, snapshotDatabase())).toEqual([]);
  } finally {
    await context.dispose();
    await replay.dispose();
  }
});

test("a password reset ends every session the old password opened", async ({ createUser, playwright, baseURL }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const first = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const second = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const fresh = await playwright.request.newContext({ baseURL });
  try {
    expect((await reviewQueue(first)).status).toBe(200);
    expect((await reviewQueue(second)).status).toBe(200);

    const newPassword = `reset-${uniqueTag()}-${uniqueTag()}`;
    await userCli(["reset-password", "--email", reviewer.email], `${newPassword}\n`);

    expectSentToSignIn(await reviewQueue(first));
    expectSentToSignIn(await reviewQueue(second));
    expect((await attemptSignIn(fresh, reviewer)).signedIn).toBe(false);
    expect((await attemptSignIn(fresh, { email: reviewer.email, password: newPassword })).signedIn).toBe(true);
    expect((await reviewQueue(fresh)).status).toBe(200);
  } finally {
    for (const context of [first, second, fresh]) await context.dispose();
  }
});

/** The server's token secret: scripts/test-e2e.ts hands the same environment to the server and to Playwright. */
function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set: run the browser tests with `npm run test:e2e`.");
  return value;
}

async function tokenOf(context: APIRequestContext): Promise<JWT> {
  const token = await decode({
    token: (await sessionCookie(context)).slice(SESSION_COOKIE.length + 1),
    secret: secret(),
  });
  if (!token) throw new Error("The session cookie does not decode with the server's secret.");
  return token;
}

function withoutKeys(token: JWT, keys: string[]): JWT {
  return Object.fromEntries(Object.entries(token).filter(([key]) => !keys.includes(key)));
}

function numberClaim(token: JWT, name: string): number {
  const value = token[name];
  if (typeof value !== "number") throw new Error(`The session token has no numeric ${name}: ${JSON.stringify(token)}`);
  return value;
}

/** A token as the server wrote it, with `changes`, sealed with the server's secret; as a Cookie header. */
async function forgedCookie(
  token: JWT,
  changes: Record<string, number>,
  maxAge = IDLE_SECONDS,
  drop: string[] = [],
): Promise<string> {
  // encode() writes iat, exp and jti afresh.
  const claims = withoutKeys({ ...token, ...changes }, ["iat", "exp", "jti", ...drop]);
  return `${SESSION_COOKIE}=${await encode({ token: claims, secret: secret(), maxAge })}`;
}

test("a session unused for 2 hours is over on the server, not only in the browser", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const context = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const probe = await playwright.request.newContext({ baseURL });
  try {
    const now = Math.floor(Date.now() / 1000);
    const token = await tokenOf(context);
    // The server refuses a token past its own expiry, even if a client kept the cookie...
    expect((await reviewQueue(probe, await forgedCookie(token, { signedInAt: now - 60 }, -120))).status).toBe(307);
    expect((await reviewQueue(probe, await forgedCookie(token, { signedInAt: now - 60 }))).status).toBe(200);
    // ...so the idle lifetime holds on the server only if that expiry is 2 hours out, like the cookie's.
    const cookie = (await context.storageState()).cookies.find((c) => c.name === SESSION_COOKIE);
    expect(Math.abs((cookie?.expires ?? 0) - (now + IDLE_SECONDS)), "the cookie's expiry").toBeLessThan(10 * 60);
    expect(numberClaim(token, "exp") - numberClaim(token, "iat"), "the token's own lifetime, in seconds").toBe(
      IDLE_SECONDS,
    );
    // Using the session (the keep-alive asks for it) rolls both forward by the same idle lifetime.
    await context.get("/api/auth/session");
    const rolled = await tokenOf(context);
    expect(numberClaim(rolled, "exp") - numberClaim(rolled, "iat"), "the rolled token's lifetime, in seconds").toBe(
      IDLE_SECONDS,
    );
  } finally {
    await context.dispose();
    await probe.dispose();
  }
});

test("a session ends 12 hours after sign-in however busy it was", async ({ createUser, playwright, baseURL }) => {
  const reviewer = await createUser({ role: "reviewer" });
  const context = await signInOverHttp(playwright.request, baseURL ?? "", reviewer);
  const probe = await playwright.request.newContext({ baseURL });
  try {
    const now = Math.floor(Date.now() / 1000);
    const token = await tokenOf(context);
    const signedInAt = numberClaim(token, "signedInAt");
    expect(Math.abs(signedInAt - now), "signedInAt is the sign-in time").toBeLessThan(10 * 60);

    // Using the session rolls its expiry forward but never moves the sign-in time.
    await context.get("/api/auth/session");
    expect(numberClaim(await tokenOf(context), "signedInAt")).toBe(signedInAt);

    // The control: a token written here as the server writes them is accepted...
    expect(
      (await reviewQueue(probe, await forgedCookie(token, { signedInAt: now - (ABSOLUTE_SECONDS - 60 * 60) }))).status,
    ).toBe(200);
    // ...but not once its sign-in is more than 12 hours old, however fresh its expiry,
    expect(
      (await reviewQueue(probe, await forgedCookie(token, { signedInAt: now - ABSOLUTE_SECONDS - 60 }))).status,
    ).toBe(307);
    // ...nor with no sign-in time at all.
    expect((await reviewQueue(probe, await forgedCookie(token, {}, IDLE_SECONDS, ["signedInAt"]))).status).toBe(307);
  } finally {
    await context.dispose();
    await probe.dispose();
  }
});

test("an admin made editor loses the admin area on the next request: the token holds no role, the database decides", async ({
  createUser,
  playwright,
  baseURL,
}) => {
  const admin = await createUser({ role: "admin" });
  const context = await signInOverHttp(playwright.request, baseURL ?? "", admin);
  try {
    const token = await tokenOf(context);
    expect(Object.keys(token)).not.toContain("role");
    expect((await context.get("/review/admin", { maxRedirects: 0 })).status()).toBe(200);
    expect(await (await context.get("/review/admin")).text()).toContain(admin.email);
    await userCli(["set-role", "--email", admin.email, "--role", "editor"]);
    const after = await context.get("/review/admin", { maxRedirects: 0 });
    expect(after.status()).toBe(200);
    expect(await after.text()).toContain("Only administrators can see this page.");
  } finally {
    await context.dispose();
  }
});
