/**
 * A second production server of the built app, on a database of its own, for
 * specs that must stop and restart a server (the suite's shared one must stay
 * up). Started with the server processes `npm start` runs (scripts/start/serve.ts:
 * a cluster primary and its workers) in their own process group on a free
 * port; `kill()` ends them all at once with SIGKILL, as a crash or a pulled
 * plug would, and `restart()` brings them back on the same database and secret.
 * Given a database (and the secret they share), several such servers serve one
 * desk, as the instances of one deployment on several machines do.
 *
 * `port` and `env` are also for a server behind a proxy (e2e/nginx.spec.ts):
 * its port known before the proxy starts, and NEXTAUTH_URL, PURGE_* and the
 * like set to the proxy's side of things.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/testing/free-port";
import { commandLine, listProcesses } from "@/lib/testing/processes";
import { repoRoot, runScriptAsync } from "@/lib/testing/run-script";

const START_TIMEOUT_MS = 90_000;

export interface OwnServer {
  baseURL: string;
  databaseUrl: string;
  /** The session secret, shared by every instance on this database. */
  secret: string;
  /** Runs a repository script (tsx) against this server's database. */
  script(file: string, args: readonly string[], input?: string): Promise<string>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** The pids of the server processes (the cluster's workers) now running. */
  workerPids(): number[];
  /** What the server has printed so far. */
  log(): string;
  close(): Promise<void>;
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited before answering:\n${fs.readFileSync(log, "utf8").slice(-2000)}`);
    }
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the server did not answer on ${url}.`);
}

/** The cluster workers among the children of `parent`: tsx's esbuild service can be a child of the primary too. */
function workerPidsOf(parent: number): number[] {
  return listProcesses()
    .filter((entry) => entry.ppid === parent && commandLine(entry.pid).includes("scripts/start/worker.ts"))
    .map((entry) => entry.pid);
}

export interface OwnServerOptions {
  /** Server processes (WEB_CONCURRENCY); one unless a spec needs more. */
  workers?: number;
  /** A port chosen beforehand (kept on restart); a free one by default. */
  port?: number;
  /** More environment for the server, such as TRUST_PROXY; added last, so NEXTAUTH_URL can be overridden. */
  env?: Readonly<Record<string, string>>;
  /** A database (migrated already) and session secret shared with other servers, instead of its own. */
  shared?: { databaseUrl: string; secret: string };
}

export async function startOwnServer(options: OwnServerOptions = {}): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-own-server-"));
  const databaseUrl = options.shared?.databaseUrl ?? path.join(dir, "own.db");
  const secret = options.shared?.secret ?? randomBytes(32).toString("base64url");
  const log = path.join(dir, "server.log");
  let child: ChildProcess | undefined;
  let baseURL = "";

  const launch = async (): Promise<void> => {
    const port = options.port ?? (await freePort());
    baseURL = `http://127.0.0.1:${port}`;
    const out = fs.openSync(log, "a");
    child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/start/serve.ts"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: databaseUrl,
        NEXTAUTH_URL: baseURL,
        NEXTAUTH_SECRET: secret,
        PORT: String(port),
        HOST: "127.0.0.1",
        WEB_CONCURRENCY: String(options.workers ?? 1),
        // The suite's TRUST_PROXY is for its own server; this one sees what a spec asks for.
        TRUST_PROXY: "",
        ...options.env,
      },
      stdio: ["ignore", out, out],
      detached: true,
    });
    fs.closeSync(out);
    await waitUntilAnswering(`${baseURL}/api/auth/csrf`, child, log);
  };

  const kill = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    try {
      process.kill(-running.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    await exited;
  };

  await launch();
  const server: OwnServer = {
    get baseURL() {
      return baseURL;
    },
    databaseUrl,
    secret,
    script: (file, args, input = "") =>
      runScriptAsync(file, args, { input, env: { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secret } }),
    kill,
    workerPids: () => (child?.pid ? workerPidsOf(child.pid) : []),
    log: () => fs.readFileSync(log, "utf8"),
    restart: async () => {
      await kill();
      await launch();
    },
    close: async () => {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
