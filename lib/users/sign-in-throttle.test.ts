/**
 * Issue #15: the sign-in throttle against the real sign-in function. The
 * password check is counted (a spy around lib/auth/password's verifyPassword)
 * so the tests see how many guesses were really tried, not just how many
 * answers came back null.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection } from "@/db/client";
import { loginAuditHash } from "@/lib/auth/login-audit";
import { ACCOUNT_MAX_WAIT_MS, ACCOUNT_POLICY, delayAfter, PAIR_POLICY } from "@/lib/auth/login-throttle";
import * as password from "@/lib/auth/password";
import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { authenticate, createUser } from "./users";

vi.mock("@/lib/auth/password", async (importOriginal) => {
  const actual = await importOriginal<typeof password>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

const PASSWORD = "a long enough passphrase";
const WRONG = "not the passphrase at all";
let db: ReturnType<typeof useTemporaryDatabase>;
let counter = 0;

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", "sign-in-throttle-test-secret-0123456789abcdef");
  db = useTemporaryDatabase();
});
afterAll(() => {
  db.cleanup();
  vi.unstubAllEnvs();
});
// Each test runs at a moment of its own, a minute into a 15-minute window, with the clock
// stopped there: a block or a window cannot run out while a test is still looking at it.
// (Timers stay real: the account's slow-down really waits.)
let moment = Date.parse("2031-01-01T00:01:00.000Z");
beforeEach(() => {
  vi.mocked(password.verifyPassword).mockClear();
  vi.useFakeTimers({ toFake: ["Date"], now: moment });
  moment += 60 * 60_000;
});
afterEach(() => {
  vi.useRealTimers();
});

async function freshAccount(): Promise<string> {
  counter += 1;
  const email = `throttle-${counter}@example.org`;
  await createUser({ by: SYSTEM_PRINCIPAL, email, name: `Throttle ${counter}`, role: "editor", password: PASSWORD });
  return email;
}

const checks = () => vi.mocked(password.verifyPassword).mock.calls.length;

/**
 * The most checks a burst on one account may get when every guess comes from
 * another address: the checks whose turn falls within ACCOUNT_MAX_WAIT_MS,
 * turns spaced by the account's delay after each counted failure.
 */
function accountBurstAllowance(): number {
  let turn = 0;
  let allowed = 0;
  while (turn <= ACCOUNT_MAX_WAIT_MS) {
    allowed += 1;
    turn += delayAfter(ACCOUNT_POLICY, allowed);
  }
  return allowed;
}

const loginFailures = (entityId: string) =>
  getConnection()
    .sqlite.prepare("select reason, after from audit_events where action = 'user.login_failed' and entity_id = ? order by id")
    .all(entityId) as { reason: string; after: string }[];
const idOf = (email: string) => (getConnection().sqlite.prepare("select id from users where email = ?").get(email) as { id: number }).id;

describe("a burst of parallel guesses", () => {
  it("from one address gets no more password checks than the account + address block allows", async () => {
    const email = await freshAccount();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => authenticate({ email, password: WRONG, address: "203.0.113.40" })),
    );
    expect(answers.every((a) => a === null)).toBe(true);
    // The free failures, and the one that starts the first block.
    expect(checks()).toBeLessThanOrEqual(PAIR_POLICY.freeFailures + 1);
    expect(checks()).toBeGreaterThan(0);

    // Afterwards, per policy: the right password from the same address is still blocked, untried...
    vi.mocked(password.verifyPassword).mockClear();
    expect(await authenticate({ email, password: PASSWORD, address: "203.0.113.40" })).toBeNull();
    expect(checks()).toBe(0);
    // ...and from another address it gets in, once the account's short slow-down has passed.
    expect(await authenticate({ email, password: PASSWORD, address: "198.51.100.40" })).toMatchObject({ email });
  });

  it("from forty addresses still gets only a few checks: the account alone slows them to take turns", async () => {
    const email = await freshAccount();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => authenticate({ email, password: WRONG, address: `192.0.2.${i + 1}` })),
    );
    expect(answers.every((a) => a === null)).toBe(true);
    expect(checks()).toBeLessThanOrEqual(accountBurstAllowance());
    expect(accountBurstAllowance()).toBeLessThan(40);
  });
});

describe("nobody can lock an account out by knowing its email", () => {
  it("blocks the failing address, while the right password from elsewhere gets in after the slow-down", async () => {
    const email = await freshAccount();
    // Ten failures, one after another, from the attacker's address: far past the free ones.
    for (let i = 0; i < 10; i += 1) expect(await authenticate({ email, password: WRONG, address: "203.0.113.66" })).toBeNull();

    vi.mocked(password.verifyPassword).mockClear();
    // The attacker's own address is held back, even with the right password...
    expect(await authenticate({ email, password: PASSWORD, address: "203.0.113.66" })).toBeNull();
    expect(checks()).toBe(0);
    // ...the account's owner, from their own address, is slowed but let in.
    const owner = await authenticate({ email, password: PASSWORD, address: "198.51.100.7" });
    expect(owner).toMatchObject({ email });
    expect(checks()).toBe(1);
  });

  it("keeps a throttled account's owner out only from the address that keeps failing", async () => {
    const email = await freshAccount();
    for (let i = 0; i < PAIR_POLICY.freeFailures + 1; i += 1) await authenticate({ email, password: WRONG, address: "203.0.113.67" });
    expect(await authenticate({ email, password: PASSWORD, address: "203.0.113.67" })).toBeNull();
    expect(await authenticate({ email, password: PASSWORD, address: "203.0.113.68" })).not.toBeNull();
  });
});

describe("the audit log of failed sign-ins", () => {
  it("holds one event per account and window, with the address only as a keyed hash", async () => {
    const email = await freshAccount();
    const id = String(idOf(email));
    await Promise.all(Array.from({ length: 25 }, () => authenticate({ email, password: WRONG, address: "203.0.113.90" })));
    expect(await authenticate({ email, password: WRONG, address: "203.0.113.91" })).toBeNull();
    const events = loginFailures(id);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.reason).toBe("wrong password");
    const after = JSON.parse(event?.after ?? "{}") as Record<string, unknown>;
    expect(after).toMatchObject({
      window: { from: expect.any(String), to: expect.any(String) },
      first: { reason: "wrong password", addressHash: loginAuditHash("address", "203.0.113.90") },
    });
    expect(event?.after).not.toContain("203.0.113");
    expect(event?.after).not.toContain(email);
  });

  it("folds every unknown email into one event per window, the email kept only as a keyed hash", async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => authenticate({ email: `nobody-${i}@example.org`, password: WRONG, address: `198.18.0.${i}` })),
    );
    const events = loginFailures("unknown");
    expect(events).toHaveLength(1);
    const text = events.map((e) => e.after).join("\n");
    expect(text).not.toMatch(/nobody-\d+@example\.org/);
    expect(text).not.toContain("198.18.0.");
    const first = JSON.parse(events.at(-1)?.after ?? "{}") as { first?: { emailHash?: string } };
    expect(first.first?.emailHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps successful sign-ins one event each, the address hashed too", async () => {
    const email = await freshAccount();
    expect(await authenticate({ email, password: PASSWORD, address: "203.0.113.200" })).not.toBeNull();
    const row = getConnection()
      .sqlite.prepare("select after from audit_events where action = 'user.login' and entity_id = ?")
      .get(String(idOf(email))) as { after: string };
    expect(JSON.parse(row.after)).toEqual({ addressHash: loginAuditHash("address", "203.0.113.200"), method: "password" });
  });

  it("opens a new event in the next window, carrying the counts of the one before", async () => {
    const email = await freshAccount();
    const id = String(idOf(email));
    for (let i = 0; i < 3; i += 1) await authenticate({ email, password: WRONG, address: `203.0.113.${150 + i}` });
    vi.setSystemTime(Date.now() + 15 * 60_000);
    await authenticate({ email, password: WRONG, address: "203.0.113.160" });
    const events = loginFailures(id).map((e) => JSON.parse(e.after) as { previousWindow: unknown });
    expect(events).toHaveLength(2);
    expect(events[0]?.previousWindow).toBeNull();
    expect(events[1]?.previousWindow).toMatchObject({ failed: 3, throttled: 0 });
  });
});
