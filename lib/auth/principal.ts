import type { Role } from "@/db/schema";
import type { Actor } from "@/lib/audit/events";
import { AppError } from "@/lib/errors";
import { can, type Permission } from "./permissions";

/** A signed-in person as the data-access layer sees them, loaded fresh from the database. */
export interface SessionUser {
  kind: "user";
  id: number;
  name: string;
  email: string;
  role: Role;
  /**
   * Their role must use two-factor sign-in (an admin's desk setting) and they
   * have not set it up: until they do, only their own account page works.
   */
  twoFactorMissing?: boolean;
}

/** What authorize() answers someone whose role requires two-factor sign-in they have not set up. */
export const TWO_FACTOR_REQUIRED_MESSAGE = "Your role must use two-factor sign-in: set it up on your account page first.";

/** The command line: whoever can run scripts already holds the database file. */
export interface SystemPrincipal {
  kind: "system";
}

export type Principal = SessionUser | SystemPrincipal;

export const SYSTEM_PRINCIPAL: SystemPrincipal = { kind: "system" };

/** Throws unless `principal` may do `permission`; every data-access function that changes anything calls it first. */
export function authorize(principal: Principal | null, permission: Permission): asserts principal is Principal {
  if (!principal) throw new AppError("unauthenticated", "Please sign in to do that.");
  if (principal.kind === "system") return;
  if (principal.twoFactorMissing) throw new AppError("forbidden", TWO_FACTOR_REQUIRED_MESSAGE);
  if (!can(principal.role, permission)) throw new AppError("forbidden", "Your role does not allow that.");
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === "user" ? { kind: "user", id: principal.id } : { kind: "system" };
}
