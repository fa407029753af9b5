// One id range of the audit chain, checked in a worker thread started by
// verify-parallel.ts. Plain Node: no "server-only" here, as the worker runs
// without the react-server condition; it reads the database and nothing else.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { checkSegment, SELECT_HASHED_ROWS } from "./chain";

export interface ChainRange {
  file: string;
  fromId: number;
  toId: number;
}

function rangeOf(data: unknown): ChainRange {
  if (
    typeof data === "object" &&
    data !== null &&
    "file" in data &&
    "fromId" in data &&
    "toId" in data &&
    typeof data.file === "string" &&
    Number.isSafeInteger(data.fromId) &&
    Number.isSafeInteger(data.toId)
  ) {
    return { file: data.file, fromId: Number(data.fromId), toId: Number(data.toId) };
  }
  throw new Error("chain-worker: started without a range to check.");
}

const range = rangeOf(workerData);
const sqlite = new Database(range.file, { readonly: true, fileMustExist: true });
try {
  const rows = sqlite
    .prepare<[number, number], unknown[]>(`${SELECT_HASHED_ROWS} where id between ? and ? order by id`)
    .raw()
    .iterate(range.fromId, range.toId);
  parentPort?.postMessage(checkSegment(rows));
} finally {
  sqlite.close();
}
