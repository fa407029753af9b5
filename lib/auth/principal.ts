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
}

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
  if (!can(principal.role, permission)) throw new AppError("forbidden", "Your role does not allow that.");
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === "user" ? { kind: "user", id: principal.id } : { kind: "system" };
}
