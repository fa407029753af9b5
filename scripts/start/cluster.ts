// The primary of `npm start`: forks one server process (scripts/start/worker.ts)
// per core on one port, with Node's own cluster module, and keeps that many
// running. The primary does the one-off work (secret, migrations, demo desk,
// build) before it forks, so the workers only open the migrated database.
import cluster, { type Worker } from "node:cluster";
import path from "node:path";
import type { Writable } from "node:stream";

export const WORKER_ENTRY = path.join(process.cwd(), "scripts", "start", "worker.ts");

// A worker that dies soon after starting is restarted after a growing pause,
// so a crash on every start does not spin; one that ran a while comes back at once.
const STABLE_AFTER_MS = 30_000;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;
// Workers that never reach listen() this many times in a row mean the
// server cannot start at all (port taken, build broken): give up.
const MAX_FAILED_STARTS = 3;
const STOP_GRACE_MS = 12_000;

export interface ClusterOptions {
  workers: number;
  env: NodeJS.ProcessEnv;
  /** Where the workers' output goes; by default the primary's own stdout and stderr. */
  output?: Writable;
  /** Called once, when every worker has started listening. */
  onReady?: () => void;
  log?: (message: string) => void;
}

export interface RunningCluster {
  /** Resolves with the exit code once every worker is gone. */
  done: Promise<number>;
  /** Asks every worker to finish its requests and stop (SIGKILL after a grace period). */
  stop: () => Promise<number>;
  /** The pids of the workers now running. */
  pids: () => number[];
}

interface Slot {
  worker: Worker;
  startedAt: number;
  listening: boolean;
  backoffMs: number;
}

export function startCluster(options: ClusterOptions): RunningCluster {
  const log = options.log ?? ((message: string) => console.log(`claimtrail: ${message}`));
  // tsx, for the worker's TypeScript; not the primary's react-server condition, which is for scripts only.
  cluster.setupPrimary({ exec: WORKER_ENTRY, execArgv: ["--import", "tsx"], silent: options.output !== undefined });

  const slots = new Set<Slot>();
  const restarts = new Set<NodeJS.Timeout>();
  let stopping = false;
  let ready = false;
  let failedStarts = 0;
  let exitCode = 0;
  let resolveDone: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });

  const fork = (backoffMs: number): void => {
    const worker = cluster.fork(options.env);
    if (options.output) {
      worker.process.stdout?.pipe(options.output, { end: false });
      worker.process.stderr?.pipe(options.output, { end: false });
    }
    const slot: Slot = { worker, startedAt: Date.now(), listening: false, backoffMs };
    slots.add(slot);
    worker.on("listening", () => {
      slot.listening = true;
      failedStarts = 0;
      if (ready) log(`server process ${worker.process.pid} is serving.`);
      if (!ready && [...slots].every((each) => each.listening) && slots.size === options.workers) {
        ready = true;
        options.onReady?.();
      }
    });
    worker.on("exit", (code, signal) => {
      slots.delete(slot);
      if (stopping) {
        if (slots.size === 0) resolveDone(exitCode);
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (!slot.listening) failedStarts += 1;
      if (failedStarts >= MAX_FAILED_STARTS) {
        log(`a server process ${how} before it could serve, ${failedStarts} times in a row; stopping.`);
        exitCode = 1;
        void stop();
        if (slots.size === 0) resolveDone(exitCode);
        return;
      }
      const ranLong = Date.now() - slot.startedAt >= STABLE_AFTER_MS;
      const wait = ranLong ? 0 : slot.backoffMs;
      log(`server process ${worker.process.pid} ${how}; starting another${wait ? ` in ${wait} ms` : ""}.`);
      const nextBackoff = ranLong ? FIRST_BACKOFF_MS : Math.min(slot.backoffMs * 2, MAX_BACKOFF_MS);
      // Not unref'd: while no worker runs, this timer is what keeps the primary alive.
      const restart = setTimeout(() => {
        restarts.delete(restart);
        if (!stopping) fork(nextBackoff);
      }, wait);
      restarts.add(restart);
    });
  };

  const stop = (): Promise<number> => {
    if (!stopping) {
      stopping = true;
      for (const restart of restarts) clearTimeout(restart);
      restarts.clear();
      for (const { worker } of slots) worker.process.kill("SIGTERM");
      const stragglers = setTimeout(() => {
        for (const { worker } of slots) worker.process.kill("SIGKILL");
      }, STOP_GRACE_MS);
      stragglers.unref();
      void done.then(() => clearTimeout(stragglers));
      if (slots.size === 0) resolveDone(exitCode);
    }
    return done;
  };

  for (let index = 0; index < options.workers; index += 1) fork(FIRST_BACKOFF_MS);
  return {
    done,
    stop,
    pids: () => [...slots].flatMap(({ worker }) => (worker.process.pid ? [worker.process.pid] : [])),
  };
}
