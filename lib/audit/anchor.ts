import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { z } from "zod";

/**
 * An anchor is the chain's head (id and hash) written down outside the
 * database. The chain alone cannot show that its newest events were cut off
 * or rewritten wholesale; an anchor kept elsewhere can.
 */
export const anchorSchema = z.object({
  id: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.string(),
});
export type Anchor = z.infer<typeof anchorSchema>;

export function currentAnchor(sqlite: Database.Database, now: Date = new Date()): Anchor | null {
  const row = sqlite.prepare("select id, hash from audit_events order by id desc limit 1").get() as { id: number; hash: string } | undefined;
  return row ? { id: row.id, hash: row.hash, at: now.toISOString() } : null;
}

/** Appends an anchor as one JSON line; the file is created if needed and flushed to disk. */
export function appendAnchor(file: string, anchor: Anchor): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const fd = fs.openSync(file, "a");
  try {
    fs.writeSync(fd, `${JSON.stringify(anchor)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads an anchor file: one JSON anchor a line; a bad line is an error naming it. */
export function readAnchors(file: string): Anchor[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const anchors: Anchor[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${index + 1}: not JSON`);
    }
    const parsed = anchorSchema.safeParse(value);
    if (!parsed.success) throw new Error(`${file}:${index + 1}: not an anchor (${parsed.error.issues[0]?.message ?? "invalid"})`);
    anchors.push(parsed.data);
  });
  return anchors;
}

export interface AnchorProblem {
  anchor: Anchor;
  problem: string;
}

/** Each anchored event must still be there with the same hash. */
export function checkAnchors(sqlite: Database.Database, anchors: readonly Anchor[]): AnchorProblem[] {
  const find = sqlite.prepare("select hash from audit_events where id = ?");
  const problems: AnchorProblem[] = [];
  for (const anchor of anchors) {
    const row = find.get(anchor.id) as { hash: string } | undefined;
    if (!row) problems.push({ anchor, problem: `event #${anchor.id} anchored at ${anchor.at} is gone: the log was truncated` });
    else if (row.hash !== anchor.hash) problems.push({ anchor, problem: `event #${anchor.id} no longer has the hash anchored at ${anchor.at}: the log was rewritten` });
  }
  return problems;
}
