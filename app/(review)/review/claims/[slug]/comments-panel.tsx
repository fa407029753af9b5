"use client";

import { useActionState, useState } from "react";
import type { CommentItem } from "@/lib/claims/comments";
import { formatDateTime } from "@/app/components/format";
import { FormFeedback, fromState, SubmitButton, TextareaField } from "@/app/components/forms";
import { Panel } from "@/app/components/panel";
import { addCommentAction, deleteCommentAction, editCommentAction } from "./actions";
import styles from "./workspace.module.css";

function CommentEntry({ comment }: { comment: CommentItem }) {
  const [editState, editAction] = useActionState(editCommentAction, null);
  const [deleteState, deleteAction] = useActionState(deleteCommentAction, null);
  // The outcome of the form sent last: deleting after an edit must not leave "Comment updated." on screen.
  const [lastSent, setLastSent] = useState<"edit" | "delete">("edit");
  return (
    <li className={styles.comment}>
      <p className={styles.byline}>
        <strong>{comment.author.name}</strong>,{" "}
        <time dateTime={comment.createdAt}>{formatDateTime(comment.createdAt)}</time>
        {comment.editedAt && !comment.deletedAt && (
          <>
            {" "}
            (edited <time dateTime={comment.editedAt}>{formatDateTime(comment.editedAt)}</time>)
          </>
        )}
      </p>
      {comment.body === null ? (
        <p className="muted">
          Comment deleted
          {comment.deletedAt && (
            <>
              {" "}
              <time dateTime={comment.deletedAt}>{formatDateTime(comment.deletedAt)}</time>
            </>
          )}
          .
        </p>
      ) : (
        <p className={styles.commentBody}>{comment.body}</p>
      )}
      <FormFeedback state={lastSent === "delete" ? deleteState : editState} />
      {comment.canEdit && comment.body !== null && (
        <details className={styles.commentEdit} open={editState?.ok === false}>
          <summary>Edit</summary>
          <form action={editAction} onSubmit={() => setLastSent("edit")} noValidate>
            <input type="hidden" name="commentId" value={comment.id} />
            <TextareaField
              id={`comment-${comment.id}-body`}
              label="Your comment"
              rows={3}
              {...fromState(editState, "body", comment.body)}
            />
            <SubmitButton pendingLabel="Saving…">Save comment</SubmitButton>
          </form>
        </details>
      )}
      {comment.canDelete && (
        <form action={deleteAction} onSubmit={() => setLastSent("delete")} className={styles.inlineForm}>
          <input type="hidden" name="commentId" value={comment.id} />
          <SubmitButton className="button-danger">Delete comment</SubmitButton>
        </form>
      )}
    </li>
  );
}

/** The team's discussion of the claim: never shown to the public. */
export function CommentsPanel({ claimId, comments }: { claimId: number; comments: CommentItem[] }) {
  const [state, formAction] = useActionState(addCommentAction, null);
  return (
    <Panel aria-labelledby="comments-heading" id="comments">
      <h2 id="comments-heading">Team discussion</h2>
      <p className="hint">Only the desk sees these comments.</p>
      {comments.length === 0 ? (
        <p className="empty">No comments yet.</p>
      ) : (
        <ol className={styles.comments}>
          {comments.map((c) => (
            <CommentEntry key={c.id} comment={c} />
          ))}
        </ol>
      )}
      <FormFeedback state={state} />
      {/* A new comment clears the box; a refused one keeps what was typed. */}
      <form action={formAction} key={state?.ok ? state.at : 0} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <TextareaField id="comment-body" label="Add a comment" rows={3} {...fromState(state, "body")} />
        <SubmitButton pendingLabel="Posting…">Post comment</SubmitButton>
      </form>
    </Panel>
  );
}
