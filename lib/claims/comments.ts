import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import { comments, users } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { Loose } from "@/lib/validation";
import { loadClaim } from "./claims";
import type { PersonRef } from "./workspace";

const bodySchema = z
  .string()
  .trim()
  .min(1, "Write a comment first.")
  .max(5000, "A comment is at most 5,000 characters.");
const commentId = z.coerce.number({ message: "Unknown comment." }).int().positive();

export const commentInputSchema = z.object({
  claimId: z.coerce.number({ message: "Unknown claim." }).int().positive(),
  body: bodySchema,
});
export const commentEditSchema = z.object({ commentId, body: bodySchema });
export const commentDeleteSchema = z.object({ commentId });

/** The team's discussion of a claim; never public. */
export interface CommentItem {
  id: number;
  author: PersonRef;
  /** Null once deleted: the audit log keeps what it said. */
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  canEdit: boolean;
  canDelete: boolean;
}

function mayDelete(by: Principal, authorId: number): boolean {
  return by.kind === "system" || (by.kind === "user" && (by.id === authorId || can(by.role, "claim.publish")));
}

export function listComments(input: { by: Principal | null; claimId: number }): CommentItem[] {
  authorize(input.by, "claim.edit");
  const by = input.by;
  return getDb()
    .select({
      id: comments.id,
      authorId: comments.authorId,
      authorName: users.name,
      body: comments.body,
      createdAt: comments.createdAt,
      editedAt: comments.editedAt,
      deletedAt: comments.deletedAt,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(eq(comments.claimId, input.claimId))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all()
    .map((c) => ({
      id: c.id,
      author: { id: c.authorId, name: c.authorName },
      body: c.deletedAt ? null : c.body,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
      deletedAt: c.deletedAt,
      canEdit: !c.deletedAt && by.kind === "user" && by.id === c.authorId,
      canDelete: !c.deletedAt && mayDelete(by, c.authorId),
    }));
}

export function addComment(input: Loose<typeof commentInputSchema> & { by: Principal | null }): { id: number } {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    person: "Comments are written by people.",
    schema: commentInputSchema,
    input,
    write: (tx, data, by) => {
      const claim = loadClaim(tx, data.claimId);
      const row = tx
        .insert(comments)
        .values({ claimId: claim.id, authorId: by.id, body: data.body, createdAt: new Date().toISOString() })
        .returning({ id: comments.id })
        .get();
      return {
        result: row,
        audit: {
          action: "comment.added",
          entityType: "comment",
          entityId: row.id,
          after: { claimId: claim.id, body: data.body },
        },
      };
    },
  });
}

function loadComment(tx: Tx, id: number) {
  const row = tx.select().from(comments).where(eq(comments.id, id)).get();
  if (!row) throw new AppError("not_found", "That comment does not exist.");
  if (row.deletedAt) throw new AppError("invalid", "That comment was deleted.");
  return row;
}

export function editComment(input: Loose<typeof commentEditSchema> & { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    schema: commentEditSchema,
    input,
    write: (tx, data, by) => {
      const row = loadComment(tx, data.commentId);
      if (by.kind !== "user" || by.id !== row.authorId)
        throw new AppError("forbidden", "Only the author can edit a comment.");
      if (row.body === data.body) throw new AppError("invalid", "Nothing changed.");
      tx.update(comments)
        .set({ body: data.body, editedAt: new Date().toISOString() })
        .where(and(eq(comments.id, row.id), eq(comments.body, row.body)))
        .run();
      return {
        result: undefined,
        audit: {
          action: "comment.edited",
          entityType: "comment",
          entityId: row.id,
          before: { claimId: row.claimId, body: row.body },
          after: { claimId: row.claimId, body: data.body },
        },
      };
    },
  });
}

export function deleteComment(input: Loose<typeof commentDeleteSchema> & { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    schema: commentDeleteSchema,
    input,
    write: (tx, data, by) => {
      const row = loadComment(tx, data.commentId);
      if (!mayDelete(by, row.authorId))
        throw new AppError("forbidden", "Only the author or an editor can delete a comment.");
      tx.update(comments).set({ deletedAt: new Date().toISOString() }).where(eq(comments.id, row.id)).run();
      return {
        result: undefined,
        audit: {
          action: "comment.deleted",
          entityType: "comment",
          entityId: row.id,
          before: { claimId: row.claimId, body: row.body },
          after: { claimId: row.claimId, deleted: true },
        },
      };
    },
  });
}
