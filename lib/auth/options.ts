import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { safeCallbackPath } from "@/lib/http/callback-url";
import { clientAddress } from "@/lib/http/client-address";
import { authenticate, endSessions, loadSessionUser } from "@/lib/users/users";
import { authSecret } from "./secret";

/**
 * Session lifetimes (issue #4). Idle: a session unused for 2 hours ends (the
 * token's expiry rolls forward while the reviewer area is in use, see
 * app/components/session-keep-alive.tsx). Absolute: 12 hours after sign-in it
 * ends however busy it was (checked in lib/auth/session.ts). A disabled user,
 * a role change, a password reset or a sign-out bite on the next request anyway.
 */
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

function requestAddress(headers: Record<string, unknown> | undefined): string | undefined {
  const forwarded = headers?.["x-forwarded-for"];
  return clientAddress(typeof forwarded === "string" ? forwarded : null);
}

const signOutClaims = z.object({
  uid: z.number().int().positive(),
  sv: z.number().int().positive(),
  signedInAt: z.number().int().positive(),
});

let options: NextAuthOptions | undefined;

/** Built on first use, so `next build` never reads the secret or the database. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 5 * 60 },
    // The token itself must expire with the cookie: next-auth's default would keep it valid for 30 days.
    jwt: { maxAge: SESSION_IDLE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const user = await authenticate({
            email: credentials?.email,
            password: credentials?.password,
            address: requestAddress(req.headers),
          });
          if (!user) return null;
          return { id: String(user.id), name: user.name, email: user.email, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sv = user.sessionVersion;
          token.signedInAt = Math.floor(Date.now() / 1000);
          return token;
        }
        // A refresh (/api/auth/session) must not renew a session the database has ended.
        const alive = typeof token.uid === "number" && typeof token.sv === "number" && loadSessionUser(token.uid, token.sv) !== null;
        return alive ? token : { sub: token.sub };
      },
      // Where next-auth sends the browser after signing in or out: only a place on this site (lib/http/callback-url.ts).
      redirect({ url, baseUrl }) {
        return `${new URL(baseUrl).origin}${safeCallbackPath(url, baseUrl)}`;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, signedInAt: token.signedInAt };
      },
    },
    events: {
      // Only a token of the current session version ends the user's sessions: an old one
      // (already signed out, or stolen before a reset) must not keep signing them out.
      signOut({ token }) {
        const claims = signOutClaims.safeParse(token);
        if (!claims.success || Date.now() / 1000 - claims.data.signedInAt > SESSION_ABSOLUTE_SECONDS) return;
        endSessions(claims.data.uid, claims.data.sv);
      },
    },
  };
  return options;
}
