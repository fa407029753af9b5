import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/events";
import type { SessionUser } from "@/lib/auth/principal";
import { useTemporaryDatabase } from "@/lib/testing/database";
import { makeDemoClaim, makeUser } from "@/lib/testing/fixtures";
import { addEvidence } from "./evidence";
import type { ClaimRef } from "./claims";

// DESIGN.md, Reliability rules: a kill -9 at any moment loses no acknowledged
// change and leaves the audit chain verifiable; concurrent writers lose nothing.

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER = path.join(ROOT, "lib", "testing", "claim-worker.ts");

let db: ReturnType<typeof useTemporaryDatabase>;
let reviewer: SessionUser;
const claims: ClaimRef[] = [];

beforeAll(async () => {
  db = useTemporaryDatabase();
  reviewer = await makeUser("reviewer");
  for (const key of ["death-toll", "biden-doubts", "un-reliable"] as const) {
    const { claim } = makeDemoClaim(key);
    addEvidence({ by: reviewer, claimId: claim.id, url: "https://example.org/for", title: "For", stance: "supports" });
    addEvidence({
      by: reviewer,
      claimId: claim.id,
      url: "https://example.org/against",
      title: "Against",
      stance: "contradicts",
    });
    claims.push(claim);
  }
});
afterAll(() => db.cleanup());

interface WorkerRun {
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs a worker; `killAfterAcks` sends SIGKILL once that many changes were acknowledged. */
function runWorker(mode: "crash" | "race", iterations: number, killAfterAcks?: number): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    // node itself with tsx's loader, not the tsx launcher: SIGKILL must hit the process that writes.
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        WORKER,
        mode,
        String(reviewer.id),
        String(iterations),
        ...claims.map((c) => c.slug),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.file },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const lines: string[] = [];
    let buffer = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (killAfterAcks !== undefined && lines.filter((l) => l.startsWith("ack ")).length >= killAfterAcks)
          child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (buffer) lines.push(buffer);
      if (code !== 0 && signal !== "SIGKILL") reject(new Error(`worker failed (${code}): ${stderr}`));
      else resolve({ lines, code, signal });
    });
  });
}

function acks(lines: string[]): { claimId: number; version: number }[] {
  return lines.flatMap((line) => {
    const m = /^ack (\d+) (\d+)$/.exec(line);
    return m ? [{ claimId: Number(m[1]), version: Number(m[2]) }] : [];
  });
}

function checkDatabase(acknowledged: { claimId: number; version: number }[]) {
  const raw = new Database(db.file, { readonly: true });
  try {
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(raw.pragma("foreign_key_check")).toEqual([]);
    const chain = verifyAuditChain(raw);
    expect(chain.ok, chain.problem).toBe(true);
    const event = raw.prepare(
      "select count(*) as n from audit_events where action = 'claim.status_changed' and entity_id = ? and json_extract(after, '$.version') = ?",
    );
    const claimVersion = raw.prepare("select version from claims where id = ?");
    for (const ack of acknowledged) {
      expect(event.get(String(ack.claimId), ack.version), `audit event for ${JSON.stringify(ack)}`).toEqual({ n: 1 });
      const row = claimVersion.get(ack.claimId) as { version: number };
      expect(row.version).toBeGreaterThanOrEqual(ack.version);
    }
    return chain.count;
  } finally {
    raw.close();
  }
}

describe("crash safety", () => {
  it("loses no acknowledged change over 50 kill -9s at random moments", async () => {
    const acknowledged: { claimId: number; version: number }[] = [];
    let kills = 0;
    for (let round = 0; round < 50; round += 1) {
      const killAfter = 1 + Math.floor(Math.random() * 25);
      const run = await runWorker("crash", 100_000, killAfter);
      if (run.signal === "SIGKILL") kills += 1;
      acknowledged.push(...acks(run.lines));
      checkDatabase(acknowledged);
    }
    expect(kills).toBe(50);
    expect(acknowledged.length).toBeGreaterThanOrEqual(50);
  }, 600_000);
});

describe("concurrency", () => {
  it("lets four processes change the same claims at once: nothing lost, no SQLITE_BUSY, stale edits refused, one audit row per change", async () => {
    const raw = new Database(db.file, { readonly: true });
    const count = raw.prepare("select count(*) as n from audit_events where action = 'claim.status_changed'");
    const versions = raw.prepare("select sum(version) as v from claims");
    const before = { events: (count.get() as { n: number }).n, versions: (versions.get() as { v: number }).v };

    const runs = await Promise.all([0, 1, 2, 3].map(() => runWorker("race", 60)));
    const lines = runs.flatMap((r) => r.lines);
    expect(lines.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(lines.filter((l) => l.startsWith("refused"))).toEqual([]);
    const succeeded = acks(lines).length;
    expect(lines.filter((l) => l.endsWith(" stale")).length).toBe(4 * 12);
    expect(succeeded + lines.filter((l) => l.startsWith("conflict")).length).toBe(4 * 60);

    const after = { events: (count.get() as { n: number }).n, versions: (versions.get() as { v: number }).v };
    raw.close();
    expect(after.events - before.events).toBe(succeeded);
    expect(after.versions - before.versions).toBe(succeeded);
    checkDatabase(acks(lines));
  }, 300_000);
});
