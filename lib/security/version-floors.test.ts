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

  it("names each package below its floor or missing", () => {
    const problems = checkLockFile(lockWith({ next: "16.2.5", react: "19.2.6", "react-dom": "19.3.0", "next-auth": "4.24.11", "drizzle-orm": "0.45.4" }));
    expect(problems).toEqual([
      expect.stringMatching(/^next 16\.2\.5 is below 16\.2\.6/),
      expect.stringMatching(/^next-auth 4\.24\.11 is below 4\.24\.15/),
      "better-sqlite3 is not in package-lock.json",
    ]);
  });

  it("passes this project's own lock file", () => {
    const lock = fs.readFileSync(path.resolve(import.meta.dirname, "../../package-lock.json"), "utf8");
    expect(checkLockFile(lock)).toEqual([]);
  });
});
