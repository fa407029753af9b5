import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ATTRIBUTION_STATUSES, claims, PRIORITIES, type ClaimRow } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { Loose } from "@/lib/validation";
import { assertVersion, idSchema, loadClaim, summarySchema, versionSchema } from "./claims";
import { PRIORITY_LABELS } from "./labels";

const optional = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is at most ${max} characters.`)
    .transform((v) => (v.length > 0 ? v : null))
    .nullish()
    .transform((v) => v ?? null);

const prioritySchema = z.coerce
  .number({ message: "Choose a priority." })
  .int()
  .refine((p) => (PRIORITIES as readonly number[]).includes(p), "Choose high, normal or low.");

export const claimDetailsSchema = z
  .object({
    claimId: z.coerce.number({ message: "Unknown claim." }).int().positive(),
    expectedVersion: versionSchema,
    summary: summarySchema,
    claimant: optional(200, "The claimant"),
    reportedBy: optional(200, "Reported by"),
    firstAppearedIn: optional(500, "Where it first appeared"),
    attributionStatus: z.enum(ATTRIBUTION_STATUSES, { message: "Choose whether the attribution is confirmed." }),
    attributionNote: z.string().trim().max(2000, "The note is at most 2,000 characters.").default(""),
    priority: prioritySchema,
  })
  .superRefine((data, ctx) => {
    // A confirmed or refuted attribution says how the desk knows, just as a verdict does.
    if (data.attributionStatus !== "unconfirmed" && data.attributionNote.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["attributionNote"],
        message: "Say how the attribution was checked (for example, the original statement you found).",
      });
    }
    if (data.attributionStatus !== "unconfirmed" && !data.claimant) {
      ctx.addIssue({ code: "custom", path: ["claimant"], message: "Name the claimant whose attribution you checked." });
    }
  });

const EDITABLE = [
  "summary",
  "claimant",
  "reportedBy",
  "firstAppearedIn",
  "attributionStatus",
  "attributionNote",
  "priority",
] as const;
type Editable = (typeof EDITABLE)[number];

/**
 * Edits what the desk records about a claim besides its verdict: the summary,
 * the attribution chain (claimant, where it first appeared, who reported it,
 * and whether the attribution is confirmed) and its priority. Refused when the
 * claim changed after the person loaded it.
 */
export function updateClaimDetails(input: Loose<typeof claimDetailsSchema> & { by: Principal | null }): {
  version: number;
  changed: Editable[];
} {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: claimDetailsSchema,
    input,
    write: (tx, data) => {
      const claim: ClaimRow = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      const changed = EDITABLE.filter((field) => claim[field] !== data[field]);
      if (changed.length === 0) throw new AppError("invalid", "Nothing changed: the details are as they were.");
      const now = new Date().toISOString();
      const version = claim.version + 1;
      const set = Object.fromEntries(changed.map((field) => [field, data[field]]));
      tx.update(claims)
        .set({ ...set, version, updatedAt: now })
        .where(and(eq(claims.id, claim.id), eq(claims.version, claim.version)))
        .run();
      return {
        result: { version, changed },
        audit: {
          action: "claim.details_changed",
          entityType: "claim",
          entityId: claim.id,
          before: { ...Object.fromEntries(changed.map((field) => [field, claim[field]])), version: claim.version },
          after: { ...set, version },
        },
      };
    },
  });
}

export const claimPrioritySchema = z.object({
  claimId: idSchema,
  expectedVersion: versionSchema,
  priority: prioritySchema,
});

/**
 * Sets a claim's priority alone, for the queue's bulk change: the same version
 * check and the same audit event as the details form, without having to send
 * every other detail back as it was.
 */
export function setClaimPriority(input: Loose<typeof claimPrioritySchema> & { by: Principal | null }): {
  version: number;
} {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: claimPrioritySchema,
    input,
    write: (tx, data) => {
      const claim = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      if (claim.priority === data.priority) {
        throw new AppError(
          "invalid",
          `Its priority is already ${(PRIORITY_LABELS[data.priority] ?? "that").toLowerCase()}.`,
        );
      }
      const version = claim.version + 1;
      tx.update(claims)
        .set({ priority: data.priority, version, updatedAt: new Date().toISOString() })
        .where(and(eq(claims.id, claim.id), eq(claims.version, claim.version)))
        .run();
      return {
        result: { version },
        audit: {
          action: "claim.details_changed",
          entityType: "claim",
          entityId: claim.id,
          before: { priority: claim.priority, version: claim.version },
          after: { priority: data.priority, version },
        },
      };
    },
  });
}
