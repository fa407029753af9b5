/**
 * A second production server of the built app, on a database of its own, for
 * specs that must stop and restart a server (the suite's shared one must stay
 * up). Started like scripts/test-e2e.ts starts that one: `next start` in its
 * own process group on a free port; `kill()` ends it at once with SIGKILL, as
 * a crash or a pulled plug would, and `restart()` brings it back on the same
 * database and secret. Given a database (and the secret the servers share),
 * several of them serve one desk, as the processes of one deployment do.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/lib/testing/free-port";
import { repoRoot, runScriptAsync } from "@/lib/testing/run-script";

const nextBin = path.join(repoRoot, "node_modules", "next", "dist", "bin", "next");
const START_TIMEOUT_MS = 90_000;

export interface OwnServer {
  baseURL: string;
  databaseUrl: string;
  /** Runs a repository script (tsx) against this server's database. */
  script(file: string, args: readonly string[], input?: string): Promise<string>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited before answering:\n${fs.readFileSync(log, "utf8").slice(-2000)}`);
    }
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`next start did not answer on ${url}.`);
}

export async function startOwnServer(shared: { databaseUrl: string; secret: string } | null = null): Promise<OwnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "claimtrail-own-server-"));
  const databaseUrl = shared?.databaseUrl ?? path.join(dir, "own.db");
  const secret = shared?.secret ?? randomBytes(32).toString("base64url");
  const log = path.join(dir, "server.log");
  let child: ChildProcess | undefined;
  let baseURL = "";

  const launch = async (): Promise<void> => {
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    const out = fs.openSync(log, "a");
    child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: databaseUrl,
        NEXTAUTH_URL: baseURL,
        NEXTAUTH_SECRET: secret,
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
    script: (file, args, input = "") =>
      runScriptAsync(file, args, { input, env: { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secret } }),
    kill,
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
