/**
 * Issue #15, item 1 and 3: `npm start`'s server processes (a Node cluster,
 * scripts/start/cluster.ts), on servers of their own started the same way
 * (e2e/support/own-server.ts), with TRUST_PROXY unset as on a default desk.
 *
 * - A worker killed under load is replaced, and the only requests that fail
 *   are the ones that were on its connections when it died.
 * - With no proxy trusted, the client address is the socket's: a client
 *   writing a new X-Forwarded-For on every attempt is still one address to
 *   the sign-in throttle (the suite's own server trusts one hop, because the
 *   specs play the proxy there).
 */
import { randomBytes, randomInt } from "node:crypto";
import { expect, test } from "./fixtures";
import { attemptSignIn, failUntilBlocked } from "./support/http-security";
import { startOwnServer, type OwnServer } from "./support/own-server";

const CLIENTS = 8;

interface Tally {
  ok: number;
  failed: number;
  failedSinceReplaced: number;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test.describe("npm start's cluster", () => {
  let server: OwnServer;

  test.beforeAll(async () => {
    server = await startOwnServer({ workers: 2 });
  });

  test.afterAll(async () => {
    await server?.close();
  });

  test("a worker killed under load is replaced, failing only the requests it had in flight", async () => {
    await until(() => server.workerPids().length === 2, "two server processes");
    const before = server.workerPids();
    const tally: Tally = { ok: 0, failed: 0, failedSinceReplaced: 0 };
    let replaced = false;
    let running = true;

    // CLIENTS readers in a loop, each on keep-alive connections, spread over both workers.
    const readers = Array.from({ length: CLIENTS }, async () => {
      while (running) {
        try {
          const response = await fetch(`${server.baseURL}/methodology`, { signal: AbortSignal.timeout(30_000) });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`status ${response.status}`);
          tally.ok += 1;
        } catch {
          tally.failed += 1;
          if (replaced) tally.failedSinceReplaced += 1;
        }
      }
    });

    await until(() => tally.ok >= 100, "the first hundred answers");
    const victim = before[0]!;
    process.kill(victim, "SIGKILL");
    await until(() => {
      const now = server.workerPids();
      return now.length === 2 && !now.includes(victim);
    }, "a replacement server process");
    // The new worker is up once it answers; from here on nothing may fail.
    const okAtKill = tally.ok;
    replaced = true;
    await until(() => tally.ok >= okAtKill + 200, "two hundred answers after the replacement");
    running = false;
    await Promise.all(readers);

    const after = server.workerPids();
    expect(after).toHaveLength(2);
    expect(after).not.toContain(victim);
    expect(after).toContain(before[1]);
    // At most one request per reader can have been in flight on the killed worker.
    expect(tally.failed).toBeLessThanOrEqual(CLIENTS);
    expect(tally.failedSinceReplaced).toBe(0);
    expect(tally.ok).toBeGreaterThanOrEqual(300);
  });

  test("without TRUST_PROXY a client-sent X-Forwarded-For is ignored: new addresses buy no new guesses", async ({ playwright }) => {
    const email = `reviewer.${randomBytes(4).toString("hex")}@example.org`;
    const password = randomBytes(18).toString("base64url");
    await server.script("scripts/user.ts", ["create", "--email", email, "--name", "Cluster Reviewer", "--role", "reviewer"], `${password}\n`);
    const context = await playwright.request.newContext({ baseURL: server.baseURL });
    try {
      const spoofed = () => `198.51.100.${randomInt(1, 255)}`;
      // Past the account-and-address pair's free failures, each from a "new" address.
      await failUntilBlocked(context, () => ({ email, password: `${password}-wrong` }), spoofed, 5, 3);
      // Every attempt came from 127.0.0.1, which is blocked on this account now: the right password too.
      const right = await attemptSignIn(context, { email, password }, spoofed());
      expect(right.signedIn).toBe(false);
      expect(right.url).toMatch(/[?&]error=CredentialsSignin/);
    } finally {
      await context.dispose();
    }
  });
});
