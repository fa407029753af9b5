// Whether .next holds a build of the current sources. A content hash, not
// mtimes: a checkout or copy that touches files without changing them does
// not force a rebuild, and an edit that keeps the mtime still does.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** What `next build` reads from the repository. */
export const BUILD_INPUTS = ["app", "lib", "db", "types", "proxy.ts", "next.config.ts", "package-lock.json", "tsconfig.json"] as const;

export const STAMP_FILE = path.join(".next", "claimtrail-build-stamp");

// Tests sit beside the code they test, but the build never reads them.
const NOT_BUILT = /\.test\.tsx?$/;

/** The input files under `root`, as sorted "/"-separated relative paths. Missing inputs are skipped. */
export function buildInputFiles(root: string, inputs: readonly string[] = BUILD_INPUTS): string[] {
  const files: string[] = [];
  const walk = (relative: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.join(root, relative));
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(path.join(root, relative))) walk(path.posix.join(relative, entry));
    } else if (stat.isFile() && !NOT_BUILT.test(relative)) {
      files.push(relative);
    }
  };
  for (const input of inputs) walk(input);
  return files.sort();
}

/** SHA-256 over every input file's path and contents, in sorted order. */
export function hashBuildInputs(root: string, inputs: readonly string[] = BUILD_INPUTS): string {
  const hash = createHash("sha256");
  for (const file of buildInputFiles(root, inputs)) {
    const content = fs.readFileSync(path.join(root, file));
    hash.update(`${file}\0${content.length}\0`);
    hash.update(content);
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function readStamp(root: string): string | null {
  try {
    return fs.readFileSync(path.join(root, STAMP_FILE), "utf8").trim() || null;
  } catch {
    return null;
  }
}

export function writeStamp(root: string, hash: string): void {
  fs.mkdirSync(path.join(root, path.dirname(STAMP_FILE)), { recursive: true });
  fs.writeFileSync(path.join(root, STAMP_FILE), `${hash}\n`);
}

/** Why a build is needed, or null when .next was built from exactly these sources. */
export function buildReason(input: { sourceHash: string; stamp: string | null; hasBuild: boolean }): string | null {
  if (!input.hasBuild) return "there is no production build yet";
  if (input.stamp === null) return "the build in .next was not made by npm start";
  if (input.stamp !== input.sourceHash) return "the sources changed since the last build";
  return null;
}

export interface BuildDecision {
  sourceHash: string;
  reason: string | null;
}

export function decideBuild(root: string): BuildDecision {
  const sourceHash = hashBuildInputs(root);
  const hasBuild = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
  return { sourceHash, reason: buildReason({ sourceHash, stamp: readStamp(root), hasBuild }) };
}
