import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { z } from "zod";
import { loadSessionUser } from "@/lib/users/users";
import { authOptions, SESSION_ABSOLUTE_SECONDS } from "./options";
import type { SessionUser } from "./principal";

const tokenClaims = z.object({
  uid: z.number().int().positive(),
  sv: z.number().int().positive(),
  signedInAt: z.number().int().positive(),
  sid: z.string().min(20).max(100),
});

/** Whether a session that began at `signedInAt` (epoch seconds) is past its absolute lifetime. */
export function sessionExpired(signedInAt: number, nowMs: number = Date.now()): boolean {
  return nowMs / 1000 - signedInAt > SESSION_ABSOLUTE_SECONDS;
}

/**
 * The signed-in user, checked against the database on every request: a
 * disabled account, a changed role or an ended session applies at once
 * (DESIGN.md, People and roles). Null when nobody valid is signed in.
 */
export const currentSession = cache(async (): Promise<{ user: SessionUser; sessionId: string } | null> => {
  const session = await getServerSession(authOptions());
  const parsed = tokenClaims.safeParse(session);
  if (!parsed.success || sessionExpired(parsed.data.signedInAt)) return null;
  const user = loadSessionUser(parsed.data.uid, parsed.data.sv, parsed.data.sid);
  return user ? { user, sessionId: parsed.data.sid } : null;
});

export const currentUser = cache(async (): Promise<SessionUser | null> => (await currentSession())?.user ?? null);
