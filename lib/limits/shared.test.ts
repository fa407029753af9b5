/**
 * Issue #15: every rate limit is kept in the rate_limits table, so it holds
 * across a restart and across the server processes on one database. The
 * second process here is a real one (lib/testing/limits-worker.ts, run with
 * tsx on the same DATABASE_URL, like `npm start`'s workers).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { closeDb, getConnection } from "@/db/client";
import { FailureWindows } from "@/lib/auth/login-audit";
import { CODE_ACCOUNT_POLICY, LoginThrottles, PAIR_POLICY, SecondFactorThrottles } from "@/lib/auth/login-throttle";
import * as password from "@/lib/auth/password";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { FetchBudget } from "@/lib/evidence/fetch-budget";
import { storedKey } from "@/lib/limits/store";
import { meet } from "@/lib/testing/barrier";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { runScriptAsync } from "@/lib/testing/run-script";
import { authenticate, createUser } from "@/lib/users/users";

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof password>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const SECRET = "shared-limits-test-secret-0123456789abcdef";
const PASSWORD = "a long enough passphrase";
const WRONG = "not the passphrase at all";
const WORKER = "lib/testing/limits-worker.ts";
/** The evidence fetch budget's own figures (lib/evidence/fetch-budget.ts). */
const FETCHES_A_MINUTE = 30;

let db: ReturnType<typeof useTemporaryDatabase>;
let counter = 0;

beforeAll(() => {
  vi.stubEnv("NEXTAUTH_SECRET", SECRET);
  db = useTemporaryDatabase();
});
afterAll(() => {
  db.cleanup();
  vi.unstubAllEnvs();
});
beforeEach(() => {
  vi.mocked(password.verifyPassword).mockClear();
});
afterEach(() => {
  vi.useRealTimers();
});

const pairRow = (email: string, address: string) =>
  z
    .object({ count: z.number() })
    .optional()
    .parse(
      getConnection()
        .sqlite.prepare("select count from rate_limits where bucket = 'login.pair' and key = ?")
        .get(storedKey("login.pair", `${email}\u0000${address}`)),
    );
const loginFailedEvents = (email: string) =>
  z
    .number()
    .parse(
      getConnection()
        .sqlite.prepare(
          "select count(*) from audit_events where action = 'user.login_failed' and entity_id = (select cast(id as text) from users where email = ?)",
        )
        .pluck()
        .get(email),
    );
const checks = () => vi.mocked(password.verifyPassword).mock.calls.length;

async function freshAccount(): Promise<string> {
  counter += 1;
  const email = `shared-${counter}@example.org`;
  await createUser({ by: SYSTEM_PRINCIPAL, email, name: `Shared ${counter}`, role: "editor", password: PASSWORD });
  return email;
}

/** Stops the clock (Date only: timers stay real, so the account's slow-down really waits). */
const freezeAt = (moment: number) => vi.useFakeTimers({ toFake: ["Date"], now: moment });

describe("limits survive a restart", () => {
  it("keeps every limiter's counts when the connection closes and new limiters start", () => {
    const now = Date.parse("2031-02-01T10:01:00.000Z");
    const before = {
      signIn: new LoginThrottles(),
      code: new SecondFactorThrottles(),
      fetch: new FetchBudget(FETCHES_A_MINUTE, 60_000),
      windows: new FailureWindows(),
    };
    const pair = { account: "restart@example.org", address: "203.0.113.10" };
    for (let i = 0; i <= PAIR_POLICY.freeFailures; i += 1) expect(before.signIn.begin(pair, now).allowed).toBe(true);
    for (let i = 0; i <= CODE_ACCOUNT_POLICY.freeFailures; i += 1)
      expect(before.code.begin({ account: "user:900", address: `198.51.100.${i}` }, now).allowed).toBe(true);
    for (let i = 0; i < FETCHES_A_MINUTE; i += 1) expect(before.fetch.take("user:900", now)).toBe(0);
    expect(before.windows.count("900", "failed", now)).not.toBeNull();
    expect(before.windows.count("900", "throttled", now)).toBeNull();

    // The restart: the process's connection goes, and nothing of the old limiters is kept.
    closeDb();
    const after = {
      signIn: new LoginThrottles(),
      code: new SecondFactorThrottles(),
      fetch: new FetchBudget(FETCHES_A_MINUTE, 60_000),
      windows: new FailureWindows(),
    };
    expect(after.signIn.begin(pair, now).allowed).toBe(false);
    // The account alone is only slowed, as before the restart: from elsewhere it takes a later turn.
    const elsewhere = after.signIn.begin({ account: pair.account, address: "198.51.100.99" }, now);
    expect(elsewhere).toMatchObject({ allowed: true });
    expect(elsewhere.allowed && elsewhere.waitMs).toBeGreaterThan(0);
    expect(after.code.begin({ account: "user:900", address: "203.0.113.11" }, now).allowed).toBe(false);
    expect(after.fetch.take("user:900", now)).toBe(60_000);
    expect(after.windows.count("900", "failed", now)).toBeNull();
    expect(after.windows.current("900", now)).toMatchObject({ failed: 2, throttled: 1 });
  });

  it("keeps a sign-in block from a process that has gone: the next one refuses even the right password from that address", async () => {
    const email = await freshAccount();
    const moment = Date.parse("2031-02-01T11:01:00.000Z");
    // One process counts the failures and exits; a fresh one starts after it, as after a restart.
    expect(await signInElsewhere(email, WRONG, "203.0.113.20", PAIR_POLICY.freeFailures + 1, moment)).toEqual({
      signedIn: 0,
      failed: PAIR_POLICY.freeFailures + 1,
    });
    expect(await signInElsewhere(email, PASSWORD, "203.0.113.20", 1, moment)).toEqual({ signedIn: 0, failed: 1 });
    expect(await signInElsewhere(email, PASSWORD, "198.51.100.20", 1, moment)).toEqual({ signedIn: 1, failed: 0 });
  });
});

const signInRun = z
  .string()
  .trim()
  .regex(/^signed-in \d+ failed \d+$/)
  .transform((line) => {
    const [, signedIn, , failed] = line.split(" ");
    return { signedIn: Number(signedIn), failed: Number(failed) };
  });

/** Signs in `attempts` times in another process (lib/testing/limits-worker.ts), its clock stopped at `moment`. */
async function signInElsewhere(email: string, typed: string, address: string, attempts: number, moment: number) {
  const args = ["sign-in", email, typed, address, String(attempts), String(moment)];
  return signInRun.parse(await runScriptAsync(WORKER, args, { env: { DATABASE_URL: db.file } }));
}

const hammerRun = z
  .string()
  .trim()
  .transform((line): unknown => JSON.parse(line))
  .pipe(z.object({ "sign-in": z.number(), code: z.number(), fetch: z.number(), "audit-window": z.number() }));

describe("limits shared between processes", () => {
  it("sees the failures another process counted: that address stays blocked, the owner gets in from elsewhere", async () => {
    const email = await freshAccount();
    const moment = Date.parse("2031-02-01T12:01:00.000Z");
    expect(await signInElsewhere(email, WRONG, "203.0.113.30", PAIR_POLICY.freeFailures + 1, moment)).toEqual({
      signedIn: 0,
      failed: PAIR_POLICY.freeFailures + 1,
    });
    // Here, at the same moment: the other process's block has only just begun.
    freezeAt(moment);
    expect(await authenticate({ email, password: PASSWORD, address: "203.0.113.30" })).toBeNull();
    expect(checks()).toBe(0);
    expect(await authenticate({ email, password: PASSWORD, address: "198.51.100.30" })).toMatchObject({ email });
    expect(checks()).toBe(1);
  });

  it("gives forty parallel wrong passwords, twenty here and twenty in another process, no more guesses than the policy allows", async () => {
    const email = await freshAccount();
    const address = "203.0.113.35";
    const moment = Date.parse("2031-02-01T12:31:00.000Z");
    const barrier = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-limits-barrier-"));
    try {
      freezeAt(moment);
      const args = ["sign-in", email, WRONG, address, "20", String(moment), barrier, "2"];
      const [elsewhere, here] = await Promise.all([
        runScriptAsync(WORKER, args, { env: { DATABASE_URL: db.file } }).then((out) => signInRun.parse(out)),
        meet(barrier, 2, "parent").then(() =>
          Promise.all(Array.from({ length: 20 }, () => authenticate({ email, password: WRONG, address }))),
        ),
      ]);
      expect(elsewhere).toEqual({ signedIn: 0, failed: 20 });
      expect(here.every((answer) => answer === null)).toBe(true);
      expect(checks()).toBeLessThanOrEqual(PAIR_POLICY.freeFailures + 1);
      // Every guess let through was counted against the pair before its check, in one place for both processes.
      expect(pairRow(email, address)?.count).toBe(PAIR_POLICY.freeFailures + 1);
      expect(loginFailedEvents(email)).toBe(1);
    } finally {
      fs.rmSync(barrier, { recursive: true, force: true });
    }
  });

  it("gives two processes hammering the same keys at once no more than the policy allows between them", async () => {
    const barrier = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-limits-barrier-"));
    try {
      const now = Date.parse("2031-02-01T13:01:00.000Z");
      const args = ["hammer", "user:901", "203.0.113.40", "40", String(now), barrier, "2"];
      const runs = (
        await Promise.all([1, 2].map(() => runScriptAsync(WORKER, args, { env: { DATABASE_URL: db.file } })))
      ).map((out) => hammerRun.parse(out));
      const total = (limiter: keyof (typeof runs)[number]) => runs.reduce((sum, run) => sum + run[limiter], 0);
      // Eighty tries each, counted in one place: exactly the policy's allowance, never one more.
      expect(total("sign-in")).toBe(PAIR_POLICY.freeFailures + 1);
      expect(total("code")).toBe(CODE_ACCOUNT_POLICY.freeFailures + 1);
      expect(total("fetch")).toBe(FETCHES_A_MINUTE);
      expect(total("audit-window")).toBe(1);

      // And this process, on the same keys at the same moment, is refused too.
      expect(new LoginThrottles().begin({ account: "user:901", address: "203.0.113.40" }, now).allowed).toBe(false);
      expect(new FetchBudget(FETCHES_A_MINUTE, 60_000).take("user:901", now)).toBeGreaterThan(0);
    } finally {
      fs.rmSync(barrier, { recursive: true, force: true });
    }
  });
});
