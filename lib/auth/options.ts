import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "@/lib/http/client-address";
import { authenticate, endSessions } from "@/lib/users/users";
import { authSecret } from "./secret";

/** Sessions last a working day; a disabled user or a role change bites on the next request anyway. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function requestAddress(headers: Record<string, unknown> | undefined): string | undefined {
  const forwarded = headers?.["x-forwarded-for"];
  return clientAddress(typeof forwarded === "string" ? forwarded : null);
}

let options: NextAuthOptions | undefined;

/** Built on first use, so `next build` never reads the secret or the database. */
export function authOptions(): NextAuthOptions {
  options ??= {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
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
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv };
      },
    },
    events: {
      signOut({ token }) {
        if (typeof token?.uid === "number") endSessions(token.uid);
      },
    },
  };
  return options;
}
