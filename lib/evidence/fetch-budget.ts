import "server-only";
import type { Principal } from "@/lib/auth/principal";

/**
 * How many pages one person may have the server fetch in a window: fetching
 * is the server's own network and time, spent on a reviewer's say-so, so a
 * runaway script or a stuck key cannot turn the desk into a crawler. Kept in
 * memory, like the sign-in throttle: one process serves the desk, and a
 * restart only forgives.
 */
export class FetchBudget {
  private readonly taken = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Takes one fetch for `key`: 0 when allowed, else how many milliseconds until the next one is. */
  take(key: string, now = Date.now()): number {
    const recent = (this.taken.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (recent.length >= this.limit) {
      this.taken.set(key, recent);
      return (recent[0] ?? now) + this.windowMs - now;
    }
    recent.push(now);
    this.taken.set(key, recent);
    return 0;
  }
}

/** 30 page fetches a minute per person: far above a reviewer's pace, far below a crawler's. */
export const EVIDENCE_FETCH_BUDGET = new FetchBudget(30, 60_000);

export function budgetMessage(waitMs: number): string {
  return `You have fetched many pages in the last minute; try again in ${Math.ceil(waitMs / 1000)} s.`;
}

/** Whose budget a fetch comes out of: one per person, whatever they fetch (evidence, re-checks, imported articles). */
export function fetchBudgetKey(by: Principal): string {
  return by.kind === "user" ? `user:${by.id}` : by.kind;
}
