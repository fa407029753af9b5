import "server-only";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ensurePrivateDir, PRIVATE_FILE_MODE, tightenDatabaseFiles } from "@/db/private-files";
import { missingProtection } from "@/lib/audit/guard";
import { verifyAuditChain } from "@/lib/audit/events";
import { AppError } from "@/lib/errors";

export interface DatabaseCheck {
  ok: boolean;
  integrity: string;
  foreignKeyProblems: number;
  chain: ReturnType<typeof verifyAuditChain>;
  protection: string | null;
}

/** Integrity, foreign keys, the audit chain and the protective triggers of a database file, read-only. */
export function checkDatabaseFile(file: string): DatabaseCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; ");
    const foreignKeyProblems = (db.pragma("foreign_key_check") as unknown[]).length;
    const chain = verifyAuditChain(db);
    const protection = missingProtection(db);
    return { ok: integrity === "ok" && foreignKeyProblems === 0 && chain.ok && protection === null, integrity, foreignKeyProblems, chain, protection };
  } finally {
    db.close();
  }
}

export function describeCheck(check: DatabaseCheck): string {
  if (check.ok) return `integrity ok, ${check.chain.count} audit events, head #${check.chain.headId ?? "-"} ${check.chain.headHash}`;
  const problems = [
    check.integrity !== "ok" ? `integrity: ${check.integrity}` : null,
    check.foreignKeyProblems > 0 ? `${check.foreignKeyProblems} foreign key problems` : null,
    check.chain.ok ? null : `audit chain broken at event #${check.chain.firstBadId}: ${check.chain.problem}`,
    check.protection,
  ].filter((p): p is string => p !== null);
  return problems.join("; ");
}

/**
 * Copies the live database with SQLite's online backup API (safe while the
 * app keeps serving and writing), then checks the copy. A copy that fails its
 * check is deleted and the backup refused.
 */
export async function backupDatabase(input: { source: Database.Database; destination: string }): Promise<DatabaseCheck> {
  const destination = path.resolve(input.destination);
  ensurePrivateDir(path.dirname(destination));
  // Made here, empty and 0600, before SQLite writes into it; "wx" refuses a file that is already there.
  try {
    fs.closeSync(fs.openSync(destination, "wx", PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new AppError("invalid", `${destination} already exists; choose a new file for the backup.`);
    }
    throw error;
  }
  try {
    await input.source.backup(destination);
  } catch (error) {
    fs.rmSync(destination, { force: true });
    throw error;
  }
  tightenDatabaseFiles(destination);
  const check = checkDatabaseFile(destination);
  if (!check.ok) {
    fs.rmSync(destination, { force: true });
    throw new AppError("rule", `The backup failed its check and was removed: ${describeCheck(check)}`);
  }
  return check;
}

/**
 * Replaces the database file with a backup, but only one that passes the same
 * check. The replaced file is kept beside it. Stop the server first: a
 * running server keeps the old file open.
 */
export async function restoreDatabase(input: { source: string; target: string }): Promise<DatabaseCheck & { keptAs: string | null }> {
  const source = path.resolve(input.source);
  const target = path.resolve(input.target);
  if (!fs.existsSync(source)) throw new AppError("not_found", `No backup at ${source}.`);
  if (source === target) throw new AppError("invalid", "The backup and the database are the same file.");
  const check = checkDatabaseFile(source);
  if (!check.ok) throw new AppError("rule", `Refusing to restore ${source}: ${describeCheck(check)}`);
  let keptAs: string | null = null;
  if (fs.existsSync(target)) {
    keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.closeSync(fs.openSync(keptAs, "wx", PRIVATE_FILE_MODE));
    const current = new Database(target);
    try {
      await current.backup(keptAs);
    } finally {
      current.close();
    }
  }
  const backup = new Database(source, { readonly: true });
  try {
    await backup.backup(target);
  } finally {
    backup.close();
  }
  if (keptAs) tightenDatabaseFiles(keptAs);
  tightenDatabaseFiles(target);
  return { ...checkDatabaseFile(target), keptAs };
}
