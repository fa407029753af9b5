import "server-only";

/**
 * Failed sign-ins slow down per account and per address (DESIGN.md, Security
 * rules): after a few free tries each further failure doubles the wait, up to
 * a cap. Kept in memory: one server process serves the desk, and a restart
 * only forgives, never locks anyone out.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  windowMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: 15 * 60_000 };
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, windowMs: 15 * 60_000 };

interface Entry {
  failures: number;
  lastFailureAt: number;
  blockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: ThrottlePolicy) {}

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  waitFor(key: string, now = Date.now()): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (now - entry.lastFailureAt > this.policy.windowMs) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, entry.blockedUntil - now);
  }

  fail(key: string, now = Date.now()): void {
    const previous = this.entries.get(key);
    const failures = previous && now - previous.lastFailureAt <= this.policy.windowMs ? previous.failures + 1 : 1;
    const over = failures - this.policy.freeFailures;
    const delay = over > 0 ? Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (over - 1)) : 0;
    this.entries.set(key, { failures, lastFailureAt: now, blockedUntil: now + delay });
    if (this.entries.size > 50_000) this.prune(now);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (now - entry.lastFailureAt > this.policy.windowMs) this.entries.delete(key);
    }
  }
}

const globalThrottles = globalThis as unknown as { claimtrailLoginThrottles?: { account: LoginThrottle; address: LoginThrottle } };

export function loginThrottles() {
  globalThrottles.claimtrailLoginThrottles ??= {
    account: new LoginThrottle(ACCOUNT_POLICY),
    address: new LoginThrottle(ADDRESS_POLICY),
  };
  return globalThrottles.claimtrailLoginThrottles;
}
