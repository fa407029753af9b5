import type { Role } from "@/db/schema";

// DESIGN.md, People and roles: each role can do everything the one before it can.
const RANK: Record<Role, number> = { reviewer: 1, editor: 2, admin: 3 };

export type Permission =
  | "claim.edit" // articles, claims, evidence, status, comments
  | "claim.publish" // publish, unpublish, merge
  | "user.manage"
  | "audit.read"
  | "about.edit"; // the public /about page

const MINIMUM_ROLE: Record<Permission, Role> = {
  "claim.edit": "reviewer",
  "claim.publish": "editor",
  "user.manage": "admin",
  "audit.read": "admin",
  "about.edit": "admin",
};

export function can(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[MINIMUM_ROLE[permission]];
}
