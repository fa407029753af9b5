"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/lib/actions";
import { assignClaim } from "@/lib/claims/assignment";
import { publishClaim, unpublishClaim } from "@/lib/claims/publication";
import { removeEvidence } from "@/lib/claims/evidence";
import { setClaimStatus } from "@/lib/claims/claims";
import type { PublicPages } from "@/lib/public/published-claim";
import { addComment, deleteComment, editComment } from "@/lib/claims/comments";
import { updateClaimDetails } from "@/lib/claims/details";
import { addEvidenceWithSnapshot, recheckEvidence } from "@/lib/claims/evidence";
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

export async function saveDetailsAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      updateClaimDetails({
        by,
        claimId: field(formData, "claimId"),
        expectedVersion: field(formData, "expectedVersion"),
        summary: field(formData, "summary"),
        claimant: field(formData, "claimant"),
        reportedBy: field(formData, "reportedBy"),
        firstAppearedIn: field(formData, "firstAppearedIn"),
        attributionStatus: field(formData, "attributionStatus"),
        attributionNote: field(formData, "attributionNote"),
        priority: field(formData, "priority"),
      });
      return "Details saved.";
    }),
  );
}

export async function addEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async (by) => {
      const added = await addEvidenceWithSnapshot({
        by,
        claimId: field(formData, "claimId"),
        expectedVersion: field(formData, "expectedVersion"),
        url: field(formData, "url"),
        title: field(formData, "title"),
        publisher: field(formData, "publisher"),
        quotedPassage: field(formData, "quotedPassage"),
        stance: field(formData, "stance"),
        fetchPage: field(formData, "fetchPage") === "on",
      });
      if (added.snapshot === "fetched") return "Evidence added, with a copy of the page as it reads now.";
      if (added.snapshotError) {
        return added.snapshot === "manual"
          ? `Evidence added. The page could not be fetched (${added.snapshotError}), so your quoted passage is kept as its snapshot.`
          : `Evidence added without a snapshot: the page could not be fetched (${added.snapshotError}). Paste the passage you rely on so it lasts.`;
      }
      return added.snapshot === "manual"
        ? "Evidence added, with your quoted passage as its snapshot."
        : "Evidence added.";
    }),
  );
}

export async function recheckEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async (by) => {
      const check = await recheckEvidence({ by, evidenceId: field(formData, "evidenceId") });
      return check.detail;
    }),
  );
}

export async function assignAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      const { assignee } = assignClaim({
        by,
        claimId: field(formData, "claimId"),
        assigneeId: field(formData, "assigneeId"),
        expectedAssigneeId: field(formData, "expectedAssigneeId"),
      });
      return assignee ? `Assigned to ${assignee.name}.` : "The claim is unassigned.";
    }),
  );
}

export async function addCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      addComment({ by, claimId: field(formData, "claimId"), body: field(formData, "body") });
      return "Comment added.";
    }),
  );
}

export async function editCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      editComment({ by, commentId: field(formData, "commentId"), body: field(formData, "body") });
      return "Comment updated.";
    }),
  );
}

export async function deleteCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      deleteComment({ by, commentId: field(formData, "commentId") });
      return "Comment deleted.";
    }),
  );
}

export async function removeEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, (by) => {
      removeEvidence({
        by,
        evidenceId: field(formData, "evidenceId"),
        expectedVersion: field(formData, "expectedVersion"),
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
