import { z } from "zod";

/**
 * The lowest release of each core package that carries the fixes we depend on.
 * The registry's audit endpoint is out of reach here, so CI checks the lock
 * file against this list (scripts/check-versions.ts). Raise a floor when an
 * advisory lands; name it beside the floor.
 */
export const VERSION_FLOORS: Record<string, { floor: string; why: string }> = {
  next: {
    floor: "16.2.6",
    why: "May 2026 release of 13 advisories: proxy bypasses GHSA-267c-6grr-h53f, GHSA-26hh-7cqf-hhc6, GHSA-492v-c6pp-mqqv; WebSocket SSRF CVE-2026-44578",
  },
  react: { floor: "19.2.6", why: "Server Components denial of service CVE-2026-23870" },
  "react-dom": { floor: "19.2.6", why: "ships with react; same release as CVE-2026-23870's fix" },
  "next-auth": { floor: "4.24.15", why: "the patched v4 line named in DEVELOPERS.md" },
  "drizzle-orm": { floor: "0.45.0", why: "the release line this schema and its migrations were made with" },
  "better-sqlite3": { floor: "12.0.0", why: "12 is the line that runs on Node 20 here (13 crashes)" },
};

function parts(version: string): number[] {
  return version
    .replace(/^[^0-9]*/, "")
    .split(/[.+-]/)
    .slice(0, 3)
    .map((p) => Number.parseInt(p, 10) || 0);
}

/** -1, 0 or 1 as `a` is below, equal to or above `b` (major.minor.patch). */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < 3; i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const lockSchema = z.object({
  packages: z.record(z.string(), z.object({ version: z.string().optional() })),
});

/** Problems with the installed versions in a package-lock.json's text; empty when every floor is met. */
export function checkLockFile(lockText: string, floors = VERSION_FLOORS): string[] {
  const lock = lockSchema.parse(JSON.parse(lockText));
  const problems: string[] = [];
  for (const [name, { floor, why }] of Object.entries(floors)) {
    const version = lock.packages[`node_modules/${name}`]?.version;
    if (!version) problems.push(`${name} is not in package-lock.json`);
    else if (compareVersions(version, floor) < 0) problems.push(`${name} ${version} is below ${floor} (${why})`);
  }
  return problems;
}
