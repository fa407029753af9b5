import "server-only";
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import { LimitStore } from "@/lib/limits/store";
import { parseStoredJson } from "@/lib/validation";
import { authSecret } from "./secret";

/**
 * What the audit log keeps of sign-ins (issue #15). A failed or refused
 * sign-in is not an event of its own: anyone can make one, and the chain is
 * append-only, so one event per failure would let anyone grow it (and
 * audit:verify's time) without bound. Failures are counted per subject (the
 * account, or "unknown" for every email that names no account) and per
 * 15-minute window; the first failure of a window writes the one event for
 * it, and that event also carries the counts of the subject's previous window
 * (known by then). A window's own running count is kept in the rate_limits
 * table until the next window's event, shared by every server process and
 * kept over a restart (lib/limits/store.ts). Addresses and unknown emails are kept
 * only as keyed hashes, like a reader's address on a correction request.
 */
export const LOGIN_AUDIT_WINDOW_MS = 15 * 60_000;

export type FailureKind = "failed" | "throttled";

export interface WindowCounts {
  from: string;
  to: string;
  failed: number;
  throttled: number;
}

/** The event a window's first failure writes: which window, and how the subject's previous one ended. */
export interface WindowOpened {
  window: { from: string; to: string };
  previousWindow: WindowCounts | null;
}

const openWindowCounts = z.object({
  failed: z.number().int().nonnegative(),
  throttled: z.number().int().nonnegative(),
});

/**
 * The open window of each subject, one row per subject in the rate_limits
 * table (window_start, and the failed/throttled split in data), so that every
 * server process adds to the same window and exactly one of them opens it.
 * Subjects are accounts plus "unknown", a short list, so rows are kept until
 * the next window needs their counts.
 */
export class FailureWindows {
  private readonly store: LimitStore;

  constructor(
    private readonly windowMs: number = LOGIN_AUDIT_WINDOW_MS,
    bucket = "login.audit-window",
  ) {
    this.store = new LimitStore(bucket, Number.POSITIVE_INFINITY);
  }

  private bounds(start: number): { from: string; to: string } {
    return { from: new Date(start).toISOString(), to: new Date(start + this.windowMs).toISOString() };
  }

  private open(subject: string): { start: number; failed: number; throttled: number } | undefined {
    const row = this.store.read(subject);
    if (!row) return undefined;
    return { start: row.windowStart, ...(parseStoredJson(openWindowCounts, row.data) ?? { failed: 0, throttled: 0 }) };
  }

  /**
   * Counts one failure; returns what to audit when it opens a new window for
   * `subject`, else null. Called inside the transaction that writes that
   * event, the window opens only if the event is written.
   */
  count(subject: string, kind: FailureKind, now = Date.now()): WindowOpened | null {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    return this.store.atomically(() => {
      const open = this.open(subject);
      const counts =
        open && open.start === start ? { failed: open.failed, throttled: open.throttled } : { failed: 0, throttled: 0 };
      counts[kind] += 1;
      this.store.write(subject, {
        count: counts.failed + counts.throttled,
        windowStart: start,
        lastAt: now,
        untilAt: 0,
        data: JSON.stringify(counts),
      });
      if (open && open.start === start) return null;
      return {
        window: this.bounds(start),
        previousWindow: open ? { ...this.bounds(open.start), failed: open.failed, throttled: open.throttled } : null,
      };
    }, now);
  }

  /** The counts so far in `subject`'s current window (zero when it has none). */
  current(subject: string, now = Date.now()): WindowCounts {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    const open = this.open(subject);
    const counts = open && open.start === start ? open : { failed: 0, throttled: 0 };
    return { ...this.bounds(start), failed: counts.failed, throttled: counts.throttled };
  }
}

const globalWindows = globalThis as unknown as { claimtrailLoginFailureWindows?: FailureWindows };

export function loginFailureWindows(): FailureWindows {
  globalWindows.claimtrailLoginFailureWindows ??= new FailureWindows();
  return globalWindows.claimtrailLoginFailureWindows;
}

/**
 * A keyed hash of an address or a typed email for the audit log: the same
 * input gives the same hash (so an admin can see one address behind many
 * failures), but without the server's secret nobody can test guesses against it.
 */
export function loginAuditHash(
  kind: "address" | "email",
  value: string | undefined,
  secret: string = authSecret(),
): string {
  const key = createHash("sha256").update(`claimtrail sign-in ${kind} v1\0${secret}`).digest();
  return createHmac("sha256", key)
    .update(value?.trim().toLowerCase() || "unknown")
    .digest("hex");
}
