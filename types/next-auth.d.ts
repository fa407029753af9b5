import "next-auth";
import "next-auth/jwt";

// What Claimtrail keeps in the session token: the user's id and the session
// version it was issued under; role and name are read fresh from the database.
declare module "next-auth" {
  interface User {
    sessionVersion: number;
  }
  interface Session {
    uid?: number;
    sv?: number;
    signedInAt?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: number;
    sv?: number;
    /** Seconds since the epoch when the person signed in: the absolute lifetime counts from here. */
    signedInAt?: number;
  }
}
