// Child processes of the benchmark: the Next server, the bare node:http
// server, and helpers to find a free port, wait for an answer, read a process
// group's memory from /proc, and stop a group however the run ends.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "@/lib/testing/free-port";
import { listProcesses } from "@/lib/testing/processes";

const START_TIMEOUT_MS = 120_000;
// autocannon keeps its connections for the whole run; Node's default 5 s
// keep-alive would close idle ones between warm-up and measurement.
const KEEP_ALIVE_SECONDS = 10 * 60;

/** Every child started here, stopped by stopAll on the way out. */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    // Detached children lead their own process group: this reaches whatever they forked too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM, then SIGKILL after `graceMs`, to the child's whole process group. */
export async function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    signalGroup(child, "SIGTERM");
    await Promise.race([exited, sleep(graceMs)]);
  }
  signalGroup(child, "SIGKILL");
  children.delete(child);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stop(child)));
}

/** For process "exit" handlers, which cannot wait. */
export function killAllNow(): void {
  for (const child of children) signalGroup(child, "SIGKILL");
  children.clear();
}

export async function waitUntilAnswering(url: string, child: ChildProcess, describe: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `bench: the server exited (${child.exitCode ?? child.signalCode}) before answering.\n${describe()}`,
      );
    }
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await sleep(200);
    }
  }
  throw new Error(`bench: no answer on ${url} within ${START_TIMEOUT_MS / 1000} s.\n${describe()}`);
}

export interface NextServer {
  child: ChildProcess;
  baseUrl: string;
  logFile: string;
}

/**
 * The app as `npm start` serves it (scripts/start/serve.ts: a cluster of
 * `workers` server processes, one per core by default) from the build copy,
 * in its own process group, logging to `logFile`.
 */
export async function startNext(input: {
  buildDir: string;
  databaseFile: string;
  secret: string;
  logFile: string;
  workers: number;
}): Promise<NextServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = fs.openSync(input.logFile, "w");
  const child = track(
    spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", path.join("scripts", "start", "serve.ts")],
      {
        cwd: input.buildDir,
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEXT_TELEMETRY_DISABLED: "1",
          DATABASE_URL: input.databaseFile,
          NEXTAUTH_URL: baseUrl,
          NEXTAUTH_SECRET: input.secret,
          PORT: String(port),
          HOST: "127.0.0.1",
          WEB_CONCURRENCY: String(input.workers),
          KEEP_ALIVE_TIMEOUT: String(KEEP_ALIVE_SECONDS),
          TRUST_PROXY: "",
        },
        stdio: ["ignore", log, log],
        detached: true,
      },
    ),
  );
  fs.closeSync(log);
  await waitUntilAnswering(`${baseUrl}/api/auth/csrf`, child, () => tail(input.logFile));
  return { child, baseUrl, logFile: input.logFile };
}

/** The bare node:http server (bare-server.ts) serving the file `bodyFile`. */
export async function startBareServer(root: string, bodyFile: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = track(
    spawn(
      process.execPath,
      ["--import", "tsx", path.join(root, "scripts", "bench", "bare-server.ts"), String(port), bodyFile],
      {
        cwd: root,
        stdio: ["ignore", "ignore", "inherit"],
        detached: true,
      },
    ),
  );
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilAnswering(url, child, () => "");
  return { child, url };
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

// ---------------------------------------------------------------- memory

/** The pids in process group `pgid`. */
function groupPids(pgid: number): number[] {
  return listProcesses()
    .filter((entry) => entry.pgid === pgid)
    .map((entry) => entry.pid);
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Watches a process group's memory: the largest sum of VmRSS seen while it
 * polls, and on read, the sum of each process's own peak (VmHWM).
 */
export class MemoryWatch {
  private maxRssKb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pgid: number) {
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
    this.sample();
  }

  private sample(): void {
    const rss = groupPids(this.pgid).reduce((sum, pid) => sum + statusKb(pid, "VmRSS"), 0);
    this.maxRssKb = Math.max(this.maxRssKb, rss);
  }

  /** Call before the group is stopped: VmHWM goes with the process. */
  read(): { peakRssMb: number; maxSampledRssMb: number; processes: number } {
    this.sample();
    clearInterval(this.timer);
    const pids = groupPids(this.pgid);
    const hwm = pids.reduce((sum, pid) => sum + statusKb(pid, "VmHWM"), 0);
    return { peakRssMb: hwm / 1024, maxSampledRssMb: this.maxRssKb / 1024, processes: pids.length };
  }
}
