import "next-auth";
import "next-auth/jwt";

// What Claimtrail keeps in the session token: the user's id and the session
// version it was issued under; role and name are read fresh from the database.
declare module "next-auth" {
  interface User {
    sessionVersion: number;
    /** The random id of this sign-in's row in user_sessions (kept there only as a hash). */
    sessionId: string;
  }
  interface Session {
    uid?: number;
    sv?: number;
    signedInAt?: number;
    sid?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    sv?: number;
    /** Seconds since the epoch when the person signed in: the absolute lifetime counts from here. */
    signedInAt?: number;
    /** This sign-in's session id (lib/users/sessions.ts). */
    sid?: string;
  }
}
