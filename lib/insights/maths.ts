// The arithmetic behind the insights page, kept free of the database so the
// tests can pin it down: weeks, medians and the 90th percentile.

const DAY_MS = 86_400_000;

// Days seen so far and their weeks: a desk's whole history is a few thousand
// days, and a million events would otherwise each make two Date objects.
const weekOfDay = new Map<string, string>();
const WEEKS_REMEMBERED = 20_000;

/** The Monday (UTC) of the ISO week holding `at`, as YYYY-MM-DD: the key every weekly chart buckets by. */
export function weekOf(at: string): string {
  const key = at.slice(0, 10);
  const known = weekOfDay.get(key);
  if (known !== undefined) return known;
  const day = new Date(`${key}T00:00:00.000Z`);
  // getUTCDay: Sunday is 0; ISO weeks start on Monday.
  const back = (day.getUTCDay() + 6) % 7;
  const week = new Date(day.getTime() - back * DAY_MS).toISOString().slice(0, 10);
  if (weekOfDay.size < WEEKS_REMEMBERED) weekOfDay.set(key, week);
  return week;
}

/** Every week from the one holding `from` to the one holding `to` (dates, inclusive), oldest first. */
export function weeksBetween(from: string, to: string): string[] {
  const weeks: string[] = [];
  const last = weekOf(to);
  for (let week = weekOf(from); week <= last; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00.000Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The value at percentile `p` (0 < p ≤ 100) by the nearest-rank method: the
 * smallest value with at least p % of the values at or below it. It is always
 * one of the values, so a "p90 of 3 days" is a time some claim really took.
 * Null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** The middle value, or the mean of the two middle ones; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** The median and the 90th percentile of the same values, sorted once (numerically, in a typed array). */
export function medianAndP90(values: readonly number[]): { median: number | null; p90: number | null } {
  if (values.length === 0) return { median: null, p90: null };
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? 0;
  const rank = Math.max(1, Math.ceil(0.9 * sorted.length));
  return {
    median: sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2,
    p90: sorted[rank - 1] ?? null,
  };
}

/** Days from one instant to another, as a fraction. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / DAY_MS;
}

/** A duration in days, rounded for a table cell: one decimal under ten days, whole days above. */
export function roundDays(days: number | null): number | null {
  if (days === null) return null;
  return days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
}
