// Dates are formatted by hand, in UTC, so the server and the browser always
// print the same text (Intl month names differ between ICU versions, which
// would break hydration) and every reader sees the audit log's own clock.

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const pad = (n: number) => String(n).padStart(2, "0");

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "5 March 2024" */
export function formatDate(iso: string): string {
  const date = parse(iso);
  if (!date) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "5 Mar 2024, 14:07 UTC" */
export function formatDateTime(iso: string): string {
  const date = parse(iso);
  if (!date) return iso;
  const month = MONTHS[date.getUTCMonth()]?.slice(0, 3);
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
