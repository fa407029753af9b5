import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { safeCallbackPath } from "@/lib/http/callback-url";
import { clientAddressFrom } from "@/lib/http/client-address";
import { endThisSession } from "@/lib/users/sessions";
import { loadSessionUser, signIn } from "@/lib/users/users";
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

const signOutClaims = z.object({
  uid: z.number().int().positive(),
  sv: z.number().int().positive(),
  signedInAt: z.number().int().positive(),
  sid: z.string().min(20).max(100),
});

/**
 * What the sign-in form hears besides "failed" (app/signin/sign-in-form.tsx).
 * Both only ever answer the right password of an account with two-factor sign-in.
 */
export const SIGN_IN_CODE_NEEDED = "CodeNeeded";
export const SIGN_IN_CODE_REFUSED = "CodeRefused";

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
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, req) {
          const userAgent = req.headers?.["user-agent"];
          const outcome = await signIn({
            email: credentials?.email,
            password: credentials?.password,
            code: credentials?.code,
            address: clientAddressFrom(req.headers),
            userAgent: typeof userAgent === "string" ? userAgent : undefined,
          });
          // next-auth hands a thrown message to the form as its error.
          if (outcome.kind === "code_needed") throw new Error(SIGN_IN_CODE_NEEDED);
          if (outcome.kind === "code_refused") throw new Error(SIGN_IN_CODE_REFUSED);
          if (outcome.kind === "failed") return null;
          const { user } = outcome;
          return { id: String(user.id), name: user.name, email: user.email, sessionVersion: user.sessionVersion, sessionId: user.sessionId };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sv = user.sessionVersion;
          token.signedInAt = Math.floor(Date.now() / 1000);
          token.sid = user.sessionId;
          return token;
        }
        // A refresh (/api/auth/session) must not renew a session the database has ended.
        const alive =
          typeof token.uid === "number" &&
          typeof token.sv === "number" &&
          typeof token.sid === "string" &&
          loadSessionUser(token.uid, token.sv, token.sid) !== null;
        return alive ? token : { sub: token.sub };
      },
      // Where next-auth sends the browser after signing in or out: only a place on this site (lib/http/callback-url.ts).
      redirect({ url, baseUrl }) {
        return `${new URL(baseUrl).origin}${safeCallbackPath(url, baseUrl)}`;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, signedInAt: token.signedInAt, sid: token.sid };
      },
    },
    events: {
      // Sign-out ends this one session. Only a live session may: an old token
      // (already signed out, or of an ended session) writes nothing.
      signOut({ token }) {
        const claims = signOutClaims.safeParse(token);
        if (!claims.success || Date.now() / 1000 - claims.data.signedInAt > SESSION_ABSOLUTE_SECONDS) return;
        if (loadSessionUser(claims.data.uid, claims.data.sv, claims.data.sid) === null) return;
        endThisSession(claims.data.uid, claims.data.sid);
      },
    },
  };
  return options;
}
