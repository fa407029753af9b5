import { z } from "zod";

/**
 * The lowest release of each core package that carries the fixes we depend on.
 * The registry's audit endpoint is out of reach here, so CI checks the lock
 * file against this list (scripts/check-versions.ts). Raise a floor when an
 * advisory lands; name it beside the floor.
 */
export const VERSION_FLOORS: Record<string, { floor: string; why: string }> = {
  next: {
    floor: "16.3.3",
    why: "2026's fixes up to 16.3.3, on top of May 2026's 16.2.6 (proxy bypasses GHSA-267c-6grr-h53f, GHSA-26hh-7cqf-hhc6, GHSA-492v-c6pp-mqqv; WebSocket SSRF CVE-2026-44578); a 16.3.3 pre-release does not count",
  },
  react: { floor: "19.2.6", why: "Server Components denial of service CVE-2026-23870" },
  "react-dom": { floor: "19.2.6", why: "ships with react; same release as CVE-2026-23870's fix" },
  "next-auth": { floor: "4.24.15", why: "the patched v4 line named in DEVELOPERS.md" },
  "drizzle-orm": { floor: "0.45.0", why: "the release line this schema and its migrations were made with" },
  "better-sqlite3": { floor: "12.0.0", why: "12 is the line that runs on Node 20 here (13 crashes)" },
};

interface Version {
  core: [number, number, number];
  /** Dot-separated pre-release identifiers ("canary.1"); empty for a release. */
  pre: string[];
}

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(version: string): Version | null {
  const match = VERSION.exec(version.trim());
  if (!match) return null;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].split(".") : [] };
}

/** Semantic Versioning's order of two pre-release identifiers: numbers below words, numbers by value. */
function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Math.sign(Number(a) - Number(b));
  if (numericA !== numericB) return numericA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * -1, 0 or 1 as `a` is below, equal to or above `b`, in Semantic Versioning's
 * order: major.minor.patch by number, and a pre-release below its release
 * (16.3.3-canary.1 < 16.3.3), so a canary never counts as carrying a release's
 * fixes. Build metadata is ignored. A string that is not a version sorts
 * below every version, so it never passes a floor.
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) return va ? 1 : vb ? -1 : 0;
  for (let i = 0; i < 3; i += 1) {
    const d = (va.core[i] ?? 0) - (vb.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (va.pre.length === 0 || vb.pre.length === 0) return va.pre.length === vb.pre.length ? 0 : va.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(va.pre.length, vb.pre.length); i += 1) {
    const d = compareIdentifiers(va.pre[i] ?? "", vb.pre[i] ?? "");
    if (d !== 0) return d;
  }
  return Math.sign(va.pre.length - vb.pre.length);
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
