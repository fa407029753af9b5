import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { claims, users } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { Loose } from "@/lib/validation";
import { loadClaim } from "./claims";
import { nameOf, type PersonRef } from "./workspace";

// "" in a form means nobody: the claim goes back to the unassigned pile.
const assigneeId = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number({ message: "Choose who works on this claim." }).int().positive().nullable(),
);

export const assignmentSchema = z.object({
  claimId: z.coerce.number({ message: "Unknown claim." }).int().positive(),
  assigneeId,
  // Who the person saw assigned: a reassignment that crossed someone else's is refused, not merged.
  expectedAssigneeId: assigneeId.optional(),
});

/** People a claim can be given to: everyone active (every role can review). */
export function listAssignableUsers(input: { by: Principal | null }): (PersonRef & { role: string })[] {
  authorize(input.by, "claim.edit");
  return getDb()
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(isNull(users.disabledAt))
    .orderBy(asc(users.name))
    .all();
}

/**
 * Gives a claim to someone, or takes it back to unassigned. Editors assign and
 * reassign anyone; a reviewer may take an unassigned claim for themselves and
 * hand back their own.
 */
export function assignClaim(input: Loose<typeof assignmentSchema> & { by: Principal | null }): {
  assignee: PersonRef | null;
} {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: assignmentSchema,
    input,
    write: (tx, data, by) => {
      const claim = loadClaim(tx, data.claimId);
      const current = claim.assigneeId;
      if (data.expectedAssigneeId !== undefined && data.expectedAssigneeId !== current) {
        const holder = nameOf(tx, current);
        throw new AppError(
          "conflict",
          `Someone changed the assignment meanwhile: this claim is now ${holder ? `with ${holder.name}` : "unassigned"}. Nothing was changed.`,
        );
      }
      if (data.assigneeId === current) {
        throw new AppError(
          "invalid",
          data.assigneeId === null
            ? "This claim is already unassigned."
            : "This claim is already assigned to that person.",
        );
      }
      if (by.kind === "user" && !can(by.role, "claim.publish")) {
        const takingFree = current === null && data.assigneeId === by.id;
        const handingBack = current === by.id && data.assigneeId === null;
        if (!takingFree && !handingBack) {
          throw new AppError(
            "forbidden",
            current === null
              ? "You can take an unassigned claim for yourself; an editor assigns it to someone else."
              : "This claim is assigned to someone else; an editor can reassign it.",
          );
        }
      }
      let assignee: PersonRef | null = null;
      if (data.assigneeId !== null) {
        const target = tx
          .select({ id: users.id, name: users.name, disabledAt: users.disabledAt })
          .from(users)
          .where(eq(users.id, data.assigneeId))
          .get();
        if (!target || target.disabledAt) {
          throw new AppError("invalid", "That person cannot be assigned (unknown or disabled account).", {
            assigneeId: ["Choose an active member of the desk."],
          });
        }
        assignee = { id: target.id, name: target.name };
      }
      const previous = nameOf(tx, current);
      tx.update(claims)
        .set({ assigneeId: data.assigneeId, updatedAt: new Date().toISOString() })
        .where(
          and(eq(claims.id, claim.id), current === null ? isNull(claims.assigneeId) : eq(claims.assigneeId, current)),
        )
        .run();
      return {
        result: { assignee },
        audit: {
          action: "claim.assigned",
          entityType: "claim",
          entityId: claim.id,
          before: { assignee: previous?.name ?? null, assigneeId: current },
          after: { assignee: assignee?.name ?? null, assigneeId: assignee?.id ?? null },
        },
      };
    },
  });
}
