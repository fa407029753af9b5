"use server";

import { revalidatePath } from "next/cache";
import { isStaleRefusal, runAction, type ActionState } from "@/lib/actions";
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

/**
 * Refreshes the workspace after a change, and after a refused stale edit too,
 * so the page shows the claim as it now is (the form keeps what was typed in
 * the returned state).
 */
function refreshed<S extends ActionState<unknown>>(state: S): S {
  if (state?.ok || isStaleRefusal(state)) revalidatePath("/(review)/review/claims/[slug]", "page");
  return state;
}

/** Public pages show only the published snapshot, so only publishing and unpublishing refresh them. */
function refreshedWithPublic(state: ActionState<PublicPages>): ActionState<PublicPages> {
  if (state?.ok) refreshPublicPages(state.data);
  return refreshed(state);
}

export async function saveVerdictAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      setClaimStatus({
        by,
        claimId: fields.claimId,
        expectedVersion: fields.expectedVersion,
        status: fields.status,
        rationale: fields.rationale,
      });
      return "Verdict saved.";
    }),
  );
}

export async function saveDetailsAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      updateClaimDetails({
        by,
        claimId: fields.claimId,
        expectedVersion: fields.expectedVersion,
        summary: fields.summary,
        claimant: fields.claimant,
        reportedBy: fields.reportedBy,
        firstAppearedIn: fields.firstAppearedIn,
        attributionStatus: fields.attributionStatus,
        attributionNote: fields.attributionNote,
        priority: fields.priority,
      });
      return "Details saved.";
    }),
  );
}

export async function addEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, async ({ by, fields }) => {
      const added = await addEvidenceWithSnapshot({
        by,
        claimId: fields.claimId,
        expectedVersion: fields.expectedVersion,
        url: fields.url,
        title: fields.title,
        publisher: fields.publisher,
        quotedPassage: fields.quotedPassage,
        stance: fields.stance,
        fetchPage: fields.fetchPage === "on",
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
    await runAction(formData, async ({ by, fields }) => {
      const check = await recheckEvidence({ by, evidenceId: fields.evidenceId });
      return check.detail;
    }),
  );
}

export async function assignAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      const { assignee } = assignClaim({
        by,
        claimId: fields.claimId,
        assigneeId: fields.assigneeId,
        expectedAssigneeId: fields.expectedAssigneeId,
      });
      return assignee ? `Assigned to ${assignee.name}.` : "The claim is unassigned.";
    }),
  );
}

export async function addCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      addComment({ by, claimId: fields.claimId, body: fields.body });
      return "Comment added.";
    }),
  );
}

export async function editCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      editComment({ by, commentId: fields.commentId, body: fields.body });
      return "Comment updated.";
    }),
  );
}

export async function deleteCommentAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      deleteComment({ by, commentId: fields.commentId });
      return "Comment deleted.";
    }),
  );
}

export async function removeEvidenceAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  return refreshed(
    await runAction(formData, ({ by, fields }) => {
      removeEvidence({
        by,
        evidenceId: fields.evidenceId,
        expectedVersion: fields.expectedVersion,
        reason: fields.reason,
      });
      return "Evidence removed.";
    }),
  );
}

export async function publishAction(
  _previous: ActionState<PublicPages>,
  formData: FormData,
): Promise<ActionState<PublicPages>> {
  return refreshedWithPublic(
    await runAction(formData, ({ by, fields }) => {
      const result = publishClaim({
        by,
        claimId: fields.claimId,
        expectedVersion: fields.expectedVersion,
        reason: fields.reason,
      });
      return {
        message: result.kind === "correction" ? "Correction published." : "Published.",
        data: { slug: result.slug, articleSlug: result.articleSlug },
      };
    }),
  );
}

export async function unpublishAction(
  _previous: ActionState<PublicPages>,
  formData: FormData,
): Promise<ActionState<PublicPages>> {
  return refreshedWithPublic(
    await runAction(formData, ({ by, fields }) => ({
      message: "Unpublished.",
      data: unpublishClaim({ by, claimId: fields.claimId, reason: fields.reason }),
    })),
  );
}
