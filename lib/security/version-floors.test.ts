import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkLockFile, compareVersions } from "./version-floors";

const lockWith = (versions: Record<string, string>) =>
  JSON.stringify({ packages: Object.fromEntries(Object.entries(versions).map(([n, v]) => [`node_modules/${n}`, { version: v }])) });

describe("version floors", () => {
  it("compares versions numerically", () => {
    expect(compareVersions("16.10.0", "16.2.6")).toBe(1);
    expect(compareVersions("16.2.5", "16.2.6")).toBe(-1);
    expect(compareVersions("4.24.15", "4.24.15")).toBe(0);
  });

  it("counts a pre-release below its release, in Semantic Versioning's order", () => {
    expect(compareVersions("16.3.3-canary.1", "16.3.3")).toBe(-1);
    expect(compareVersions("16.3.3", "16.3.3-canary.1")).toBe(1);
    expect(compareVersions("16.3.3-rc.0", "16.3.3")).toBe(-1);
    expect(compareVersions("16.3.4-canary.0", "16.3.3")).toBe(1);
    expect(compareVersions("16.3.3-canary.2", "16.3.3-canary.10")).toBe(-1);
    expect(compareVersions("16.3.3-canary.1", "16.3.3-canary")).toBe(1);
    expect(compareVersions("16.3.3-1", "16.3.3-alpha")).toBe(-1);
    expect(compareVersions("16.3.3+build.7", "16.3.3")).toBe(0);
    expect(compareVersions("not a version", "16.3.3")).toBe(-1);
  });

  it("holds next at 16.3.3 or later, refusing 16.3.3's pre-releases", () => {
    const others = { react: "19.3.0", "react-dom": "19.3.0", "next-auth": "4.24.15", "drizzle-orm": "0.45.4", "better-sqlite3": "12.4.1" };
    for (const below of ["16.2.6", "16.3.2", "16.3.3-canary.1", "16.3.3-rc.2"]) {
      expect(checkLockFile(lockWith({ ...others, next: below })), below).toEqual([expect.stringMatching(new RegExp(`^next ${below.replaceAll(".", "\\.")} is below 16\\.3\\.3`))]);
    }
    for (const meets of ["16.3.3", "16.3.4-canary.0", "16.4.6"]) expect(checkLockFile(lockWith({ ...others, next: meets })), meets).toEqual([]);
  });

  it("names each package below its floor or missing", () => {
    const problems = checkLockFile(lockWith({ next: "16.2.5", react: "19.2.6", "react-dom": "19.3.0", "next-auth": "4.24.11", "drizzle-orm": "0.45.4" }));
    expect(problems).toEqual([
      expect.stringMatching(/^next 16\.2\.5 is below 16\.3\.3/),
      expect.stringMatching(/^next-auth 4\.24\.11 is below 4\.24\.15/),
      "better-sqlite3 is not in package-lock.json",
    ]);
  });

  it("passes this project's own lock file", () => {
    const lock = fs.readFileSync(path.resolve(import.meta.dirname, "../../package-lock.json"), "utf8");
    expect(checkLockFile(lock)).toEqual([]);
  });
});
