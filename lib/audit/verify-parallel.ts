import "server-only";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";
import { joinSegments, type ChainCheck, type SegmentCheck } from "./chain";
import type { ChainRange } from "./chain-worker";
import { verifyAuditChain } from "./events";

/** Two threads: DESIGN.md's machine has two cores, and the walk is CPU-bound (reading rows, hashing). */
const MAX_THREADS = 2;
/** Below this many events a thread costs more to start (about a third of a second) than it saves. */
const MIN_EVENTS_TO_SPLIT = 200_000;

export interface ParallelOptions {
  threads?: number;
  /** Events from which the walk is split; tests lower it to split a small chain. */
  minEventsToSplit?: number;
}

/** A worker thread for one range: chain-worker.ts, compiled on the fly by tsx as every script is. */
function checkRangeInWorker(range: ChainRange): Promise<SegmentCheck> {
  const requireHere = createRequire(__filename);
  const register = requireHere.resolve("tsx/cjs/api");
  const script = path.join(__dirname, "chain-worker.ts");
  // Node 20 cannot start a worker from a .ts file, even under tsx: the eval'd stub registers tsx first.
  const stub = `require(${JSON.stringify(register)}).register(); require(${JSON.stringify(script)});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(stub, { eval: true, workerData: range });
    let answered = false;
    worker.once("message", (segment: SegmentCheck) => {
      answered = true;
      resolve(segment);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!answered)
        reject(new Error(`audit chain check of events ${range.fromId}–${range.toId} stopped (exit ${code}).`));
    });
  });
}

/**
 * The same check as verifyAuditChain, with the events split into id ranges
 * checked at once in worker threads. Each event's hash depends only on its own
 * row (its prev_hash included), so a range is checked alone; joinSegments
 * then checks the seams between ranges and reports the first bad event, as
 * the walk from the start would. Events appended after the check starts are
 * left for the next one: the ranges are fixed by the ids present then, and
 * those rows never change (the append-only triggers).
 */
export async function verifyAuditChainInParallel(
  sqlite: Database.Database,
  options: ParallelOptions = {},
): Promise<ChainCheck & { threads: number }> {
  const threads = Math.max(1, options.threads ?? Math.min(MAX_THREADS, os.availableParallelism()));
  const bounds = sqlite
    .prepare<[], [number | null, number | null]>("select min(id), max(id) from audit_events")
    .raw()
    .get();
  const [low, high] = bounds ?? [null, null];
  const small = low === null || high === null || high - low + 1 < (options.minEventsToSplit ?? MIN_EVENTS_TO_SPLIT);
  // Worker threads open the file themselves, so an in-memory database is checked here.
  if (low === null || high === null || small || threads === 1 || sqlite.memory) {
    return { ...verifyAuditChain(sqlite), threads: 1 };
  }
  const size = Math.ceil((high - low + 1) / threads);
  const ranges: ChainRange[] = [];
  for (let fromId = low; fromId <= high; fromId += size) {
    ranges.push({ file: sqlite.name, fromId, toId: Math.min(high, fromId + size - 1) });
  }
  return { ...joinSegments(await Promise.all(ranges.map(checkRangeInWorker))), threads: ranges.length };
}
