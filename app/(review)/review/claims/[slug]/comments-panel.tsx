"use client";

import { useActionState, useState } from "react";
import type { CommentItem } from "@/lib/claims/comments";
import { formatDateTime } from "@/app/components/format";
import { FieldError, FormMessages, IDLE_STATE, invalidProps, typedValue } from "@/app/components/form-feedback";
import { addCommentAction, deleteCommentAction, editCommentAction } from "./actions";
import styles from "./workspace.module.css";

function CommentEntry({ comment }: { comment: CommentItem }) {
  const [editState, editAction, editing] = useActionState(editCommentAction, IDLE_STATE);
  const [deleteState, deleteAction, deleting] = useActionState(deleteCommentAction, IDLE_STATE);
  // The outcome of the form sent last: deleting after an edit must not leave "Comment updated." on screen.
  const [lastSent, setLastSent] = useState<"edit" | "delete">("edit");
  const errorId = `comment-${comment.id}-error`;
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
      <FormMessages state={lastSent === "delete" ? deleteState : editState} />
      {comment.canEdit && comment.body !== null && (
        <details className={styles.commentEdit} open={editState.status === "error"}>
          <summary>Edit</summary>
          <form action={editAction} onSubmit={() => setLastSent("edit")} noValidate>
            <input type="hidden" name="commentId" value={comment.id} />
            <div className="field">
              <label htmlFor={`comment-${comment.id}-body`}>Your comment</label>
              <textarea
                id={`comment-${comment.id}-body`}
                name="body"
                rows={3}
                defaultValue={typedValue(editState, "body", comment.body)}
                {...invalidProps(editState, "body", errorId)}
              />
              <FieldError id={errorId} state={editState} name="body" />
            </div>
            <button type="submit" disabled={editing}>
              {editing ? "Saving…" : "Save comment"}
            </button>
          </form>
        </details>
      )}
      {comment.canDelete && (
        <form action={deleteAction} onSubmit={() => setLastSent("delete")} className={styles.inlineForm}>
          <input type="hidden" name="commentId" value={comment.id} />
          <button type="submit" className="button-danger" disabled={deleting}>
            Delete comment
          </button>
        </form>
      )}
    </li>
  );
}

/** The team's discussion of the claim: never shown to the public. */
export function CommentsPanel({ claimId, comments }: { claimId: number; comments: CommentItem[] }) {
  const [state, formAction, pending] = useActionState(addCommentAction, IDLE_STATE);
  return (
    <section aria-labelledby="comments-heading" className="panel" id="comments">
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
      <FormMessages state={state} />
      {/* A new comment clears the box; a refused one keeps what was typed. */}
      <form action={formAction} key={state.status === "ok" ? state.at : 0} noValidate>
        <input type="hidden" name="claimId" value={claimId} />
        <div className="field">
          <label htmlFor="comment-body">Add a comment</label>
          <textarea
            id="comment-body"
            name="body"
            rows={3}
            defaultValue={typedValue(state, "body", "")}
            {...invalidProps(state, "body", "comment-body-error")}
          />
          <FieldError id="comment-body-error" state={state} name="body" />
        </div>
        <button type="submit" disabled={pending}>
          {pending ? "Posting…" : "Post comment"}
        </button>
      </form>
    </section>
  );
}
