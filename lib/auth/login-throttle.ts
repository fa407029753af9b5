import "server-only";
import { atomically, LimitStore, type LimitRow } from "@/lib/limits/store";

/**
 * Failed sign-ins (DESIGN.md, Security rules; issue #15). Three counters:
 *
 * - **account + address**: after a few free failures each further failure
 *   doubles a block, up to 15 minutes. While blocked, that address cannot try
 *   that account at all, not even with the right password.
 * - **address**: the same, with more free failures, for one address spraying
 *   many accounts.
 * - **account alone**: only slows. Attempts on one account take turns, spaced
 *   by a delay that doubles with its failures up to a few seconds; the right
 *   password from another address still gets in after that wait. An attempt
 *   whose turn would be more than ACCOUNT_MAX_WAIT_MS away is refused untried.
 *   So nobody can lock an editor out by knowing their email, and a burst of
 *   guesses from many addresses still gets only a few of them checked.
 *
 * Every attempt is counted as a failure *before* its password is checked
 * (begin() is synchronous: no other attempt runs between the check and the
 * count), and a success takes its count back. Parallel guesses therefore see
 * each other: a burst gets no more checks than the policy allows.
 *
 * Counted in the database (lib/limits/store.ts), not in memory: `npm start`
 * runs a server process per core, and a guesser must not get a fresh
 * allowance from each of them, or from a restart. begin() takes one write
 * transaction for all three counters, so the check and the count are atomic
 * across processes too.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

const WINDOW_MS = 15 * 60_000;
export const PAIR_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: WINDOW_MS };
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: WINDOW_MS };
export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 4_000, windowMs: WINDOW_MS };
/** The longest an attempt waits for its account's turn; past that it is refused untried. */
export const ACCOUNT_MAX_WAIT_MS = 10_000;

/** The wait after the `failures`-th failure in a window: none for the free ones, then doubling up to the cap. */
export function delayAfter(policy: ThrottlePolicy, failures: number): number {
  const over = failures - policy.freeFailures;
  return over > 0 ? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (over - 1)) : 0;
}

/** `key`'s row while its window runs; an older one counts for nothing (it is pruned later). */
function liveRow(store: LimitStore, key: string, policy: ThrottlePolicy, now: number): LimitRow | undefined {
  const row = store.read(key);
  return row && now - row.lastAt <= policy.windowMs ? row : undefined;
}

/** The row after one more failure; `untilAt` dates the block or next turn that this many failures earn. */
function withFailure(previous: LimitRow | undefined, now: number, untilAt: (failures: number) => number): LimitRow {
  const failures = (previous?.count ?? 0) + 1;
  return { count: failures, windowStart: previous?.windowStart ?? now, lastAt: now, untilAt: untilAt(failures), data: null };
}

/** A hard block per key: while it runs, the key may not try at all. Rows: count = failures, until_at = the block's end. */
export class LoginThrottle {
  private readonly store: LimitStore;

  constructor(
    /** Its bucket in the rate_limits table. */
    bucket: string,
    private readonly policy: ThrottlePolicy,
  ) {
    this.store = new LimitStore(bucket, policy.windowMs);
  }

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  waitFor(key: string, now = Date.now()): number {
    const row = liveRow(this.store, key, this.policy, now);
    return row ? Math.max(0, row.untilAt - now) : 0;
  }

  fail(key: string, now = Date.now()): void {
    this.store.atomically(() => {
      const previous = liveRow(this.store, key, this.policy, now);
      this.store.write(key, withFailure(previous, now, (failures) => now + delayAfter(this.policy, failures)));
    }, now);
  }

  /** Takes back one failure counted ahead of a check that then succeeded. */
  release(key: string): void {
    this.store.atomically(() => {
      const row = this.store.read(key);
      if (!row) return;
      if (row.count <= 1) {
        this.store.remove(key);
        return;
      }
      const failures = row.count - 1;
      this.store.write(key, { ...row, count: failures, untilAt: row.lastAt + delayAfter(this.policy, failures) });
    });
  }

  succeed(key: string): void {
    this.store.atomically(() => this.store.remove(key));
  }
}

/**
 * Slows a key down without ever shutting it out: attempts take turns, spaced by the policy's delay.
 * Rows: count = failures, until_at = when the next attempt's check may start.
 */
export class LoginPacer {
  private readonly store: LimitStore;

  constructor(
    bucket: string,
    private readonly policy: ThrottlePolicy,
    private readonly maxWaitMs: number,
  ) {
    this.store = new LimitStore(bucket, policy.windowMs);
  }

  /**
   * Takes the next turn for `key`, counted as a failure until succeed():
   * the milliseconds to wait before checking, or null when the turn is further
   * off than the longest wait (refused untried, nothing counted).
   */
  reserve(key: string, now = Date.now()): number | null {
    return this.store.atomically(() => {
      const live = liveRow(this.store, key, this.policy, now);
      const turn = Math.max(now, live?.untilAt ?? now);
      if (turn - now > this.maxWaitMs) return null;
      this.store.write(key, withFailure(live, now, (failures) => turn + delayAfter(this.policy, failures)));
      return turn - now;
    }, now);
  }

  succeed(key: string): void {
    this.store.atomically(() => this.store.remove(key));
  }
}

export type LoginAttempt =
  | { allowed: false }
  | {
      allowed: true;
      /** Milliseconds to wait for the account's turn before checking the password. */
      waitMs: number;
      /** Call once the password was checked: a success takes back the failure counted ahead. */
      settle(success: boolean): void;
    };

export class LoginThrottles {
  readonly pair = new LoginThrottle("login.pair", PAIR_POLICY);
  readonly address = new LoginThrottle("login.address", ADDRESS_POLICY);
  readonly account = new LoginPacer("login.account", ACCOUNT_POLICY, ACCOUNT_MAX_WAIT_MS);

  /**
   * Whether this attempt may check a password, counted before any check runs.
   * Synchronous on purpose, and one transaction: parallel attempts, in this
   * process or another, cannot slip between the check and the count.
   */
  begin(input: { account: string; address: string | undefined }, now = Date.now()): LoginAttempt {
    return atomically(() => this.beginNow(input, now));
  }

  private beginNow(input: { account: string; address: string | undefined }, now: number): LoginAttempt {
    // Without a known address the account still has a pair of its own ("unknown"); the
    // address counter is left out: one shared bucket would let anyone lock everyone out.
    const pairKey = `${input.account}\u0000${input.address ?? "unknown"}`;
    if (this.pair.waitFor(pairKey, now) > 0) return { allowed: false };
    if (input.address !== undefined && this.address.waitFor(input.address, now) > 0) return { allowed: false };
    const waitMs = this.account.reserve(input.account, now);
    if (waitMs === null) return { allowed: false };
    this.pair.fail(pairKey, now);
    if (input.address !== undefined) this.address.fail(input.address, now);
    let settled = false;
    return {
      allowed: true,
      waitMs,
      settle: (success) => {
        if (settled || !success) return;
        settled = true;
        atomically(() => {
          this.pair.succeed(pairKey);
          this.account.succeed(input.account);
          // The address keeps its other failures: one good account must not wash an address clean.
          if (input.address !== undefined) this.address.release(input.address);
        });
      },
    };
  }
}

const globalThrottles = globalThis as unknown as { claimtrailLoginThrottles?: LoginThrottles };

export function loginThrottles(): LoginThrottles {
  globalThrottles.claimtrailLoginThrottles ??= new LoginThrottles();
  return globalThrottles.claimtrailLoginThrottles;
}

/**
 * The second step of a sign-in (a TOTP or recovery code), issue #14. Whoever
 * reaches it knows the password, so the account itself may be shut out for a
 * while: after a few free failures each further one doubles a hard block on
 * the account, from any address, and failures are remembered for a day, so
 * a million possible codes cannot be worked through (about a hundred tries a
 * day at most). The address counter is the password's own policy.
 */
export const CODE_ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  windowMs: 24 * 60 * 60_000,
};

export class SecondFactorThrottles {
  readonly account = new LoginThrottle("code.account", CODE_ACCOUNT_POLICY);
  readonly address = new LoginThrottle("code.address", ADDRESS_POLICY);

  /** Like LoginThrottles.begin(): counted before the code is checked, in one transaction; a success takes it back. */
  begin(input: { account: string; address: string | undefined }, now = Date.now()): LoginAttempt {
    return atomically(() => this.beginNow(input, now));
  }

  private beginNow(input: { account: string; address: string | undefined }, now: number): LoginAttempt {
    if (this.account.waitFor(input.account, now) > 0) return { allowed: false };
    if (input.address !== undefined && this.address.waitFor(input.address, now) > 0) return { allowed: false };
    this.account.fail(input.account, now);
    if (input.address !== undefined) this.address.fail(input.address, now);
    let settled = false;
    return {
      allowed: true,
      waitMs: 0,
      settle: (success) => {
        if (settled || !success) return;
        settled = true;
        atomically(() => {
          this.account.succeed(input.account);
          if (input.address !== undefined) this.address.release(input.address);
        });
      },
    };
  }
}

const globalCodeThrottles = globalThis as unknown as { claimtrailCodeThrottles?: SecondFactorThrottles };

export function secondFactorThrottles(): SecondFactorThrottles {
  globalCodeThrottles.claimtrailCodeThrottles ??= new SecondFactorThrottles();
  return globalCodeThrottles.claimtrailCodeThrottles;
}
