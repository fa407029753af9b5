import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { feedTokens, users } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { SessionUser } from "@/lib/auth/principal";
import { loadSessionUser } from "./users";

// A personal token opens one person's "My claims" feed in a feed reader,
// which cannot sign in. The token is shown once; only its SHA-256 is stored,
// so neither the database nor a backup of it opens a feed. A person has at
// most one live token: making a new one revokes the old in the same write.

const TOKEN_PREFIX = "ctf_";
// 32 random bytes: guessing is hopeless, so a plain hash (no salt, no slow KDF) is enough to look it up.
const TOKEN_BYTES = 32;
const tokenShape = z.string().regex(/^ctf_[A-Za-z0-9_-]{43}$/);

export function hashFeedToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface FeedTokenStatus {
  /** When the live token was made; null when there is none. */
  createdAt: string | null;
}

export function feedTokenStatus(input: { by: Principal | null }): FeedTokenStatus {
  authorize(input.by, "claim.edit");
  if (input.by.kind !== "user") return { createdAt: null };
  const row = getDb()
    .select({ createdAt: feedTokens.createdAt })
    .from(feedTokens)
    .where(and(eq(feedTokens.userId, input.by.id), isNull(feedTokens.revokedAt)))
    .orderBy(desc(feedTokens.id))
    .get();
  return { createdAt: row?.createdAt ?? null };
}

/** Makes a new token (revoking any earlier one) and returns it: the only time it is ever seen. */
export function createFeedToken(input: { by: Principal | null }): { token: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
  return mutate({
    by: input.by,
    permission: "claim.edit",
    person: "Feed tokens belong to a person.",
    write: (tx, _data, by) => {
      const now = new Date().toISOString();
      const revoked = tx
        .update(feedTokens)
        .set({ revokedAt: now })
        .where(and(eq(feedTokens.userId, by.id), isNull(feedTokens.revokedAt)))
        .returning({ id: feedTokens.id })
        .all();
      const row = tx
        .insert(feedTokens)
        .values({ userId: by.id, tokenHash: hashFeedToken(token), createdAt: now })
        .returning({ id: feedTokens.id })
        .get();
      // The events name the tokens by id; neither the token nor its hash goes into the log.
      const [first, ...more] = revoked.map((r) => revokedEvent(r.id, by.id, row.id));
      const created = {
        action: "feed_token.created",
        entityType: "feed_token",
        entityId: row.id,
        after: { userId: by.id },
      };
      return { result: { token }, audit: first ? [first, ...more, created] : created };
    },
  });
}

function revokedEvent(id: number, userId: number, replacedBy?: number) {
  return { action: "feed_token.revoked", entityType: "feed_token", entityId: id, after: { userId, replacedBy } };
}

export function revokeFeedToken(input: { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    person: "Feed tokens belong to a person.",
    write: (tx, _data, by) => {
      const revoked = tx
        .update(feedTokens)
        .set({ revokedAt: new Date().toISOString() })
        .where(and(eq(feedTokens.userId, by.id), isNull(feedTokens.revokedAt)))
        .returning({ id: feedTokens.id })
        .all();
      const [first, ...rest] = revoked;
      if (!first) throw new AppError("invalid", "You have no feed token to revoke.");
      return {
        result: undefined,
        audit: [revokedEvent(first.id, by.id), ...rest.map((r) => revokedEvent(r.id, by.id))],
      };
    },
  });
}

/**
 * The person a feed token opens, or null: malformed, unknown, revoked, or
 * belonging to a disabled account all answer the same, so a caller learns
 * nothing about which.
 */
export function userForFeedToken(token: unknown): SessionUser | null {
  const parsed = tokenShape.safeParse(token);
  if (!parsed.success) return null;
  const row = getDb()
    .select({ userId: feedTokens.userId, sessionVersion: users.sessionVersion })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(and(eq(feedTokens.tokenHash, hashFeedToken(parsed.data)), isNull(feedTokens.revokedAt)))
    .get();
  if (!row) return null;
  // The same check a session gets on each request: a disabled account's token opens nothing.
  return loadSessionUser(row.userId, row.sessionVersion);
}
