// The production build the benchmark serves. It is made in a copy of the
// sources under the system's temp folder, never in ./.next: other people's
// `next build` and `npm run test:e2e` use that one, and Next rewrites
// next-env.d.ts and tsconfig.json for any other distDir in the checkout.
// The copy is kept, keyed by a hash of the sources (scripts/start/build-stamp.ts),
// so the next run with unchanged sources reuses it instead of building again.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BUILD_INPUTS, buildInputFiles, hashBuildInputs } from "../start/build-stamp";

/** Where the benchmark's static page (static-page.tsx) goes in the build copy, and the URL it answers. */
const STATIC_PAGE_SOURCE = "scripts/bench/static-page.tsx";
const STATIC_PAGE_TARGET = "app/bench-static/[filler]/page.tsx";
export const STATIC_PAGE_PATH = "/bench-static";

/** What `next build` and `next start` read from the repository. */
export const BENCH_BUILD_INPUTS = [
  ...BUILD_INPUTS,
  "instrumentation.ts",
  "package.json",
  "public",
  STATIC_PAGE_SOURCE,
] as const;
// next build type-checks every file tsconfig.json includes: test helpers under
// lib/ import from scripts/, and scripts/ from the browser tests' fixtures.
// Copied so the check passes, though the app never runs them.
const TYPE_CHECKED_TOO = ["scripts", "e2e"] as const;

/** One folder per source hash; `rm -rf` it to take the disk space back. */
export const BUILD_CACHE = path.join(os.tmpdir(), "claimtrail-bench-builds");

const STAMP = "claimtrail-bench-stamp";

export interface PreparedBuild {
  /** A copy of the sources with node_modules and .next: run `next start` here. */
  dir: string;
  sourceHash: string;
  reused: boolean;
  /** How long `next build` took; null when the build was reused. */
  buildSeconds: number | null;
  /** Lets prune remove this build again once nobody serves from it. */
  release: () => void;
}

function isBuilt(dir: string, sourceHash: string): boolean {
  try {
    return (
      fs.existsSync(path.join(dir, ".next", "BUILD_ID")) &&
      fs.readFileSync(path.join(dir, STAMP), "utf8").trim() === sourceHash
    );
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const IN_USE = /^\.in-use-(\d+)$/;

/** True while a live benchmark (another checkout's, say) serves from this build. */
function inUse(dir: string): boolean {
  try {
    return fs.readdirSync(dir).some((entry) => {
      const marker = IN_USE.exec(entry);
      return marker !== null && isRunning(Number(marker[1]));
    });
  } catch {
    return false;
  }
}

/** Removes builds of other sources that nobody serves from, and unfinished ones whose builder has gone. */
function prune(keep: string): void {
  if (!fs.existsSync(BUILD_CACHE)) return;
  for (const entry of fs.readdirSync(BUILD_CACHE)) {
    if (entry === keep) continue;
    const partial = /\.partial-(\d+)$/.exec(entry);
    if (partial ? isRunning(Number(partial[1])) : inUse(path.join(BUILD_CACHE, entry))) continue;
    fs.rmSync(path.join(BUILD_CACHE, entry), { recursive: true, force: true });
  }
}

/** Marks the build as served from by this process until `release` (or the process's end, which prune notices). */
function claim(dir: string): () => void {
  const marker = path.join(dir, `.in-use-${process.pid}`);
  fs.writeFileSync(marker, "");
  return () => fs.rmSync(marker, { force: true });
}

function copySources(root: string, dir: string): void {
  for (const file of buildInputFiles(root, [...BENCH_BUILD_INPUTS, ...TYPE_CHECKED_TOO])) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  }
  fs.mkdirSync(path.dirname(path.join(dir, STATIC_PAGE_TARGET)), { recursive: true });
  fs.copyFileSync(path.join(root, STATIC_PAGE_SOURCE), path.join(dir, STATIC_PAGE_TARGET));
  // Hard links: a full copy costs seconds and no disk, and Turbopack refuses a symlinked node_modules.
  const link = spawnSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")], {
    encoding: "utf8",
  });
  if (link.status !== 0) throw new Error(`bench: could not link node_modules into the build copy: ${link.stderr}`);
}

/** Running builds, so an interrupted benchmark can stop them. */
export const runningBuilds = new Set<ChildProcess>();

function runBuild(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dir, "node_modules", "next", "dist", "bin", "next"), "build"], {
      cwd: dir,
      // The build never opens the database (instrumentation.ts); if it did, it would find this empty one.
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: path.join(dir, "data", "build.db"),
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    runningBuilds.add(child);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      runningBuilds.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`bench: next build failed (${code ?? signal}):\n${output}`));
    });
  });
}

/**
 * A production build of the sources under `root`: reused when one of exactly
 * these sources exists (and `rebuild` is false), else made afresh in a
 * temporary folder and moved into place when it succeeds.
 */
export async function prepareBuild(
  root: string,
  options: { rebuild: boolean; log: (line: string) => void },
): Promise<PreparedBuild> {
  const sourceHash = hashBuildInputs(root, BENCH_BUILD_INPUTS);
  const key = sourceHash.slice(0, 16);
  const dir = path.join(BUILD_CACHE, key);
  prune(key);
  if (!options.rebuild && isBuilt(dir, sourceHash)) {
    options.log(`reusing the build of these sources in ${dir}`);
    return { dir, sourceHash, reused: true, buildSeconds: null, release: claim(dir) };
  }
  const partial = path.join(BUILD_CACHE, `${key}.partial-${process.pid}`);
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    copySources(root, partial);
    options.log(`building the app in ${partial} …`);
    const started = performance.now();
    await runBuild(partial);
    const buildSeconds = (performance.now() - started) / 1000;
    // Only next build reads its cache; next start does not need it.
    fs.rmSync(path.join(partial, ".next", "cache"), { recursive: true, force: true });
    fs.writeFileSync(path.join(partial, STAMP), `${sourceHash}\n`);
    if (!inUse(dir)) fs.rmSync(dir, { recursive: true, force: true });
    if (isBuilt(dir, sourceHash)) {
      // Another run built the same sources meanwhile: use theirs.
      fs.rmSync(partial, { recursive: true, force: true });
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(partial, dir);
    }
    return { dir, sourceHash, reused: false, buildSeconds, release: claim(dir) };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}
