import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { cache } from "react";
import { z } from "zod";
import { loadSessionUser } from "@/lib/users/users";
import { authOptions, SESSION_ABSOLUTE_SECONDS } from "./options";
import { authSecret } from "./secret";
import type { SessionUser } from "./principal";
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./session-cookie";

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
 * The session token among the cookies a browser sent, under the name
 * next-auth gives it (the __Secure- one when the site is served over https),
 * joined from its ".0", ".1", … chunks when next-auth split a long token.
 */
export function sessionTokenFrom(sent: { name: string; value: string }[], secure: boolean): string | undefined {
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const whole = sent.find((cookie) => cookie.name === name)?.value;
  if (whole) return whole;
  const chunks = sent
    .flatMap(({ name: cookieName, value }) => {
      const index = cookieName.startsWith(`${name}.`) ? Number(cookieName.slice(name.length + 1)) : NaN;
      return Number.isInteger(index) && index >= 0 ? [{ index, value }] : [];
    })
    .sort((a, b) => a.index - b.index);
  return chunks.length > 0 ? chunks.map((chunk) => chunk.value).join("") : undefined;
}

async function sessionToken(): Promise<string | undefined> {
  const secure = authOptions().useSecureCookies ?? process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
  return sessionTokenFrom((await cookies()).getAll(), secure);
}

/**
 * The signed-in user, checked against the database on every request: a
 * disabled account, a changed role or an ended session applies at once
 * (DESIGN.md, People and roles). Null when nobody valid is signed in.
 */
export const currentSession = cache(async (): Promise<{ user: SessionUser; sessionId: string } | null> => {
  // The token is read here, not through getServerSession: that runs next-auth's
  // whole session route, which checks the session in the database once more
  // and seals a renewed token a page cannot send anyway (the renewal is
  // SessionKeepAlive's). decode() checks the seal and the expiry as it does.
  const token = await sessionToken();
  const claims = token ? await decode({ token, secret: authSecret() }).catch(() => null) : null;
  const parsed = tokenClaims.safeParse(claims);
  if (!parsed.success || sessionExpired(parsed.data.signedInAt)) return null;
  const user = loadSessionUser(parsed.data.uid, parsed.data.sv, parsed.data.sid);
  return user ? { user, sessionId: parsed.data.sid } : null;
});

export const currentUser = cache(async (): Promise<SessionUser | null> => (await currentSession())?.user ?? null);
