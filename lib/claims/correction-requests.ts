import "server-only";
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { claims, CORRECTION_REQUEST_STATES, correctionRequests, users, type CorrectionRequestState } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { parseInput } from "@/lib/validation";

// Editors' side of readers' correction requests (the reader's side, the
// submission, is lib/public/correction-requests.ts): the list and its triage.

const stateSchema = z.enum(CORRECTION_REQUEST_STATES, { message: "Choose open, resolved or dismissed." });
const listSchema = z.object({ state: stateSchema.optional() });
const stateChangeSchema = z.object({
  id: z.coerce.number({ message: "Unknown correction request." }).int().positive("Unknown correction request."),
  state: stateSchema,
});

export interface CorrectionRequestItem {
  id: number;
  claim: { slug: string; summary: string };
  message: string;
  email: string | null;
  state: CorrectionRequestState;
  createdAt: string;
  handledBy: string | null;
  handledAt: string | null;
}

const MAX_LISTED = 500;

/** Readers' correction requests for editors, newest first (reviewer area only). */
export function listCorrectionRequests(input: { by: Principal | null; state?: unknown }): CorrectionRequestItem[] {
  authorize(input.by, "claim.publish");
  const { state } = parseInput(listSchema, { state: input.state === "" ? undefined : input.state });
  return getDb()
    .select({
      id: correctionRequests.id,
      claimSlug: claims.slug,
      claimSummary: claims.summary,
      message: correctionRequests.message,
      email: correctionRequests.email,
      state: correctionRequests.state,
      createdAt: correctionRequests.createdAt,
      handledBy: users.name,
      handledAt: correctionRequests.handledAt,
    })
    .from(correctionRequests)
    .innerJoin(claims, eq(claims.id, correctionRequests.claimId))
    .leftJoin(users, eq(users.id, correctionRequests.handledBy))
    .where(state ? eq(correctionRequests.state, state) : undefined)
    .orderBy(desc(correctionRequests.createdAt), desc(correctionRequests.id))
    .limit(MAX_LISTED)
    .all()
    .map(({ claimSlug, claimSummary, ...r }) => ({ ...r, claim: { slug: claimSlug, summary: claimSummary } }));
}

/** An editor resolves, dismisses or reopens a request; audited in the same transaction. */
export function setCorrectionRequestState(input: { by: Principal | null; id: unknown; state: unknown }): {
  id: number;
  state: CorrectionRequestState;
} {
  return mutate({
    by: input.by,
    permission: "claim.publish",
    schema: stateChangeSchema,
    input: { id: input.id, state: input.state },
    write: (tx, data, by) => {
      const request = tx
        .select({ id: correctionRequests.id, state: correctionRequests.state })
        .from(correctionRequests)
        .where(eq(correctionRequests.id, data.id))
        .get();
      if (!request) throw new AppError("not_found", "That correction request does not exist.");
      if (request.state === data.state) throw new AppError("invalid", `This request is already ${data.state}.`);
      const now = new Date();
      const handled =
        data.state === "open"
          ? { handledBy: null, handledAt: null }
          : {
              handledBy: by.kind === "user" ? by.id : null,
              handledAt: now.toISOString(),
            };
      tx.update(correctionRequests)
        .set({ state: data.state, ...handled })
        .where(eq(correctionRequests.id, request.id))
        .run();
      return {
        result: { id: request.id, state: data.state },
        audit: {
          action: "correction_request.state_changed",
          entityType: "correction_request",
          entityId: request.id,
          before: { state: request.state },
          after: { state: data.state },
          at: now,
        },
      };
    },
  });
}
