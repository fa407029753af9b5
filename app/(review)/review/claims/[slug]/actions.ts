"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import {
  addEvidence,
  publishClaim,
  removeEvidence,
  setClaimStatus,
  unpublishClaim,
  type PublicPages,
} from "@/lib/claims/claims";
import { refreshPublicPages } from "@/app/(public)/refresh-public-pages";

// Thin by design: lib/claims checks the role, parses every field with zod and
// writes the audit event; these only pass the form's fields through.

function field(formData: FormData, name: string): string | undefined {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
}

/**
 * Refreshes the workspace after a change, and after a refused stale edit too,
 * so the page shows the claim as it now is (the form keeps what was typed in
 * the returned state). Public pages show only the published snapshot, so only
 * publishing and unpublishing refresh them.
 */
function refreshed(state: ActionState, published: PublicPages[] = []): ActionState {
  if (state.status === "ok" || (state.status === "error" && state.current)) {
    revalidatePath("/(review)/review/claims/[slug]", "page");
  }
  for (const pages of published) refreshPublicPages(pages);
  return state;
}

export async function saveVerdictAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      setClaimStatus({
        by,
        claimId: field(formData, "claimId"),
        expectedVersion: field(formData, "expectedVersion"),
        status: field(formData, "status"),
        rationale: field(formData, "rationale"),
      });
      return "Verdict saved.";
    }),
  );
}

export async function addEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      addEvidence({
        by,
        claimId: field(formData, "claimId"),
        url: field(formData, "url"),
        title: field(formData, "title"),
        publisher: field(formData, "publisher"),
        quotedPassage: field(formData, "quotedPassage"),
        stance: field(formData, "stance"),
      });
      return "Evidence added.";
    }),
  );
}

export async function removeEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      removeEvidence({
        by,
        evidenceId: field(formData, "evidenceId"),
        reason: field(formData, "reason"),
      });
      return "Evidence removed.";
    }),
  );
}

export async function publishAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const published: PublicPages[] = [];
  const state = await runAction(formData, (by) => {
    const result = publishClaim({
      by,
      claimId: field(formData, "claimId"),
      expectedVersion: field(formData, "expectedVersion"),
      reason: field(formData, "reason"),
    });
    published.push(result);
    return result.kind === "correction" ? "Correction published." : "Published.";
  });
  return refreshed(state, published);
}

export async function unpublishAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const withdrawn: PublicPages[] = [];
  const state = await runAction(formData, (by) => {
    withdrawn.push(
      unpublishClaim({
        by,
        claimId: field(formData, "claimId"),
        reason: field(formData, "reason"),
      }),
    );
    return "Unpublished.";
  });
  return refreshed(state, withdrawn);
}
