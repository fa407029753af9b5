import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, ne } from "drizzle-orm";
import { z } from "zod";
import { getDb, writeTransaction, type Tx } from "@/db/client";
import { userSessions } from "@/db/schema";
import type { SessionUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput } from "@/lib/validation";

/**
 * One row per sign-in (issue #14). The session token (a signed, encrypted
 * JWT) carries a random session id; the table keeps only its SHA-256, so a
 * copy of the database opens no session. A session is alive while its row
 * has no `ended_at` and the user's session version still matches (an admin's
 * reset or disable, a recovery-code sign-in, ends them all at once that way).
 */
export type SignInMethod = "password" | "password+totp" | "password+recovery";

/** How stale `last_seen_at` may get before a request moves it: one write per few minutes, not per request. */
const TOUCH_AFTER_MS = 5 * 60_000;

export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export function sessionTokenHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

export function insertSession(
  tx: Tx,
  input: { userId: number; sessionId: string; method: SignInMethod; userAgent?: string; address?: string; at: string },
): void {
  tx.insert(userSessions)
    .values({
      userId: input.userId,
      tokenHash: sessionTokenHash(input.sessionId),
      createdAt: input.at,
      lastSeenAt: input.at,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      address: input.address ?? null,
      method: input.method,
    })
    .run();
}

/** Ends every live session of `userId` but the one with `keepSessionId` (all of them when null); how many ended. */
export function endSessionRows(tx: Tx, userId: number, keepSessionId: string | null, at: string): number {
  const live = and(eq(userSessions.userId, userId), isNull(userSessions.endedAt));
  const where = keepSessionId === null ? live : and(live, ne(userSessions.tokenHash, sessionTokenHash(keepSessionId)));
  return tx.update(userSessions).set({ endedAt: at }).where(where).run().changes;
}

/**
 * Whether the session is still open. Moves its "last seen" along every few
 * minutes: bookkeeping for the account page, not a change anyone asked for,
 * so it is written without an audit event (like the My claims read mark).
 */
export function sessionAlive(userId: number, sessionId: string, now = new Date()): boolean {
  const tokenHash = sessionTokenHash(sessionId);
  const row = getDb()
    .select({ id: userSessions.id, lastSeenAt: userSessions.lastSeenAt })
    .from(userSessions)
    .where(and(eq(userSessions.tokenHash, tokenHash), eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .get();
  if (!row) return false;
  if (now.getTime() - Date.parse(row.lastSeenAt) > TOUCH_AFTER_MS) {
    const at = now.toISOString();
    writeTransaction((tx) =>
      tx
        .update(userSessions)
        .set({ lastSeenAt: at })
        .where(and(eq(userSessions.id, row.id), lt(userSessions.lastSeenAt, at)))
        .run(),
    );
  }
  return true;
}

export interface ActiveSession {
  id: number;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  address: string | null;
  method: string;
  current: boolean;
}

/** The signed-in person, or the refusal every account write gives a visitor. */
export function person(by: SessionUser | null): SessionUser {
  if (!by) throw new AppError("unauthenticated", "Please sign in to do that.");
  return by;
}

/** The person's own live sign-ins, newest first, the one making this request marked. */
export function listMySessions(input: { by: SessionUser | null; sessionId: string | null }): ActiveSession[] {
  const by = person(input.by);
  const currentHash = input.sessionId ? sessionTokenHash(input.sessionId) : null;
  return getDb()
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.userId, by.id), isNull(userSessions.endedAt)))
    .orderBy(desc(userSessions.lastSeenAt), desc(userSessions.id))
    .all()
    .map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      userAgent: row.userAgent,
      address: row.address,
      method: row.method,
      current: row.tokenHash === currentHash,
    }));
}

const sessionIdInput = z.object({
  id: z.coerce.number({ message: "Choose a sign-in to end." }).int().positive("Choose a sign-in to end."),
});

/** Ends one of the person's other sign-ins (this one ends with Sign out). */
export function endMySession(input: { by: SessionUser | null; sessionId: string | null; id: unknown }): void {
  const by = person(input.by);
  const { id } = parseInput(sessionIdInput, input);
  mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      const row = tx
        .select()
        .from(userSessions)
        .where(and(eq(userSessions.id, id), eq(userSessions.userId, by.id), isNull(userSessions.endedAt)))
        .get();
      if (!row) throw new AppError("not_found", "That sign-in has already ended.");
      if (input.sessionId && row.tokenHash === sessionTokenHash(input.sessionId)) {
        throw new AppError("rule", "This is the sign-in you are using: sign out to end it.");
      }
      tx.update(userSessions).set({ endedAt: new Date().toISOString() }).where(eq(userSessions.id, id)).run();
      return {
        result: undefined,
        audit: {
          action: "user.session_ended",
          entityType: "user",
          entityId: by.id,
          after: { sessionId: id, method: row.method },
        },
      };
    },
  });
}

/** Ends every sign-in of the person but this one; how many ended. */
export function endMyOtherSessions(input: { by: SessionUser | null; sessionId: string | null }): number {
  const by = person(input.by);
  if (!input.sessionId) throw new AppError("unauthenticated", "Please sign in to do that.");
  const keep = input.sessionId;
  return mutate({
    actor: { kind: "user", id: by.id },
    write: (tx) => {
      const ended = endSessionRows(tx, by.id, keep, new Date().toISOString());
      return {
        result: ended,
        audit: { action: "user.other_sessions_ended", entityType: "user", entityId: by.id, after: { ended } },
      };
    },
  });
}

/**
 * Sign-out: ends this one session. Only a live session may do it, so an old
 * token replayed at sign-out writes nothing. Returns whether it ended.
 */
export function endThisSession(userId: number, sessionId: string): boolean {
  try {
    return mutate({
      actor: { kind: "user", id: userId },
      write: (tx) => {
        const ended = tx
          .update(userSessions)
          .set({ endedAt: new Date().toISOString() })
          .where(
            and(
              eq(userSessions.tokenHash, sessionTokenHash(sessionId)),
              eq(userSessions.userId, userId),
              isNull(userSessions.endedAt),
            ),
          )
          .run().changes;
        if (ended === 0) throw new AppError("conflict", "That session had already ended.");
        return { result: true, audit: { action: "user.logout", entityType: "user", entityId: userId } };
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return false;
    throw error;
  }
}
