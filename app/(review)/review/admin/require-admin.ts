import "server-only";
import type { SessionUser } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "../../require-user";

/**
 * The signed-in admin, or null for anyone else signed in (the page then shows
 * AdminOnly); signed-out visitors go to sign in. The lib/admin and lib/users
 * functions the page calls check the role again.
 */
export async function requireAdmin(path: string): Promise<SessionUser | null> {
  const user = await requireUser(path);
  return can(user.role, "user.manage") && can(user.role, "audit.read") ? user : null;
}
