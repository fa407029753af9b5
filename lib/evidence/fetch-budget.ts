import "server-only";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { LimitStore } from "@/lib/limits/store";
import { parseStoredJson } from "@/lib/validation";

const takenAt = z.array(z.number());

/**
 * How many pages one person may have the server fetch in a window: fetching
 * is the server's own network and time, spent on a reviewer's say-so, so a
 * runaway script or a stuck key cannot turn the desk into a crawler. A
 * sliding window: each person's row in the rate_limits table keeps the times
 * of their fetches in the last window (at most `limit` of them). Kept in the
 * database, not in memory (lib/limits/store.ts): every server process spends
 * from the same budget, and a restart does not refill it.
 */
export class FetchBudget {
  private readonly store: LimitStore;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    bucket = "evidence.fetch",
  ) {
    this.store = new LimitStore(bucket, windowMs);
  }

  /** Takes one fetch for `key`: 0 when allowed, else how many milliseconds until the next one is. */
  take(key: string, now = Date.now()): number {
    return this.store.atomically(() => {
      const row = this.store.read(key);
      const recent = (parseStoredJson(takenAt, row?.data ?? null) ?? []).filter((at) => now - at < this.windowMs);
      if (recent.length >= this.limit) return (recent[0] ?? now) + this.windowMs - now;
      recent.push(now);
      this.store.write(key, {
        count: recent.length,
        windowStart: recent[0] ?? now,
        lastAt: now,
        untilAt: 0,
        data: JSON.stringify(recent),
      });
      return 0;
    }, now);
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
