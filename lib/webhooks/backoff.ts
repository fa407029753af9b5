// When a delivery is tried again after a failure: the schedule Standard
// Webhooks suggests (at once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h),
// so a receiver that is down for most of a day still gets every event. After
// the last attempt the delivery is marked failed; an admin can redeliver it.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before attempt n + 1 (index n), counted from the previous attempt. */
export const RETRY_DELAYS_MS: readonly number[] = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;

/** After `attemptsMade` failed attempts, when the next one is due, or null when there is none: the delivery has failed. */
export function nextAttemptAt(attemptsMade: number, lastAttemptAt: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attemptsMade];
  if (delay === undefined) return null;
  return new Date(lastAttemptAt.getTime() + delay);
}
