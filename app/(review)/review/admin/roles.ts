import type { Role } from "@/db/schema";

export const ROLE_LABELS: Record<Role, string> = {
  reviewer: "Reviewer",
  editor: "Editor",
  admin: "Admin",
};
