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
    const [first, second] = server.workerPids() as [number, number];
    let before = [first, second];
    let ok = 0;
    let failures = 0;
    // Steady: every worker that should be serving is. A request sent then that fails before
    // the next kill is a failure the cluster caused; only requests on a killed worker's
    // connections (or sent while it was dead or not yet replaced) may fail.
    let steady = true;
    let kills = 0;
    const failedWhileSteady: string[] = [];
    let running = true;

    // CLIENTS readers in a loop on keep-alive connections, spread over both workers.
    const readers = Array.from({ length: CLIENTS }, async () => {
      while (running) {
        const sentSteady = steady;
        const killsAtSend = kills;
        try {
          const response = await fetch(`${server.baseURL}/methodology`, { signal: AbortSignal.timeout(10_000) });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`status ${response.status}`);
          ok += 1;
        } catch (error) {
          failures += 1;
          if (sentSteady && kills === killsAtSend) failedWhileSteady.push(String((error as Error).cause ?? error));
        }
      }
    });
    const killAndReplace = async (victim: number) => {
      steady = false;
      kills += 1;
      process.kill(victim, "SIGKILL");
      let replacement: number | undefined;
      await until(() => {
        replacement = server.workerPids().find((pid) => !before.includes(pid));
        return replacement !== undefined;
      }, `a replacement for server process ${victim}`);
      await until(() => server.log().includes(`server process ${replacement} is serving.`), `server process ${replacement} to serve`);
      before = server.workerPids();
      // The killed worker's requests fail at once; after a hundred more answers they all have.
      const target = ok + 100;
      await until(() => ok >= target, "a hundred answers after the kill");
      steady = true;
    };

    await until(() => ok >= 100, "the first hundred answers");
    await killAndReplace(first);
    // Now the other original goes too: from here only the replacement can answer until its own comes up.
    await killAndReplace(second);
    const target = ok + 200;
    await until(() => ok >= target, "two hundred answers once both were replaced");
    running = false;
    await Promise.all(readers);

    const now = server.workerPids();
    expect(now).toHaveLength(2);
    expect(now).not.toContain(first);
    expect(now).not.toContain(second);
    // Per kill and reader: the request in flight on the killed worker, and at most one more
    // on a connection the primary handed it in the instant before it saw the worker die.
    expect(failures).toBeLessThanOrEqual(2 * 2 * CLIENTS);
    expect(failedWhileSteady).toEqual([]);
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
