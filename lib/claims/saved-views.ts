import "server-only";
import { and, asc, eq, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Tx } from "@/db/client";
import { savedViews, users, type SavedViewRow } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { authorize, type Principal, type SessionUser } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import type { Loose } from "@/lib/validation";
import { countQueueMatches, parseQueueFilters, queueHref, type QueueFilters } from "./queue";

// Saved views (issue #13): a named set of the queue's filters. A view is its
// owner's until an editor shares it; shared views are listed for everyone, and
// the owner or any editor may rename, unshare or delete them.

/** Enough for a desk's working views; the header lists them all, each with its count. */
export const MAX_VIEWS_PER_PERSON = 30;

const nameSchema = z
  .string({ message: "Give the view a name." })
  .trim()
  .min(1, "Give the view a name.")
  .max(60, "A view's name is at most 60 characters.");
const viewId = z.coerce.number({ message: "Unknown view." }).int().positive({ message: "Unknown view." });
// Checkboxes send "on"; forms and scripts may say true/false or 1/0.
const flag = z
  .union([z.boolean(), z.enum(["on", "true", "false", "1", "0", ""])])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

/**
 * The view's query string as the queue writes it: known filters only, in
 * order, defaults and the page left out. Whatever was typed into the URL, a
 * view stores only what the queue would understand.
 */
export function normalizeViewQuery(raw: string): string {
  const text = raw
    .trim()
    .replace(/^\/review/, "")
    .replace(/^\?/, "");
  const params = new URLSearchParams(text);
  const record: Record<string, string> = {};
  for (const key of ["status", "stage", "assignee", "article", "claimant", "sort"]) {
    const value = params.get(key);
    if (value !== null) record[key] = value;
  }
  return queueHref({ ...parseQueueFilters(record), page: 1 }).replace(/^\/review\??/, "");
}

export const createViewSchema = z.object({
  name: nameSchema,
  query: z.string().max(2000, "That view's filters are too long to keep.").default("").transform(normalizeViewQuery),
  shared: flag,
});
export const renameViewSchema = z.object({ viewId, name: nameSchema });
export const shareViewSchema = z.object({ viewId, shared: flag });
export const deleteViewSchema = z.object({ viewId });

export interface SavedViewItem {
  id: number;
  name: string;
  /** The queue with this view's filters. */
  href: string;
  /** Claims the view holds now, counted for the person looking (a view of "Mine" is theirs). */
  count: number;
  shared: boolean;
  owner: { id: number; name: string };
  mine: boolean;
  /** Rename and delete: the owner, or an editor for a shared view. */
  canManage: boolean;
  /** Share or unshare: editors; the owner may always unshare their own. */
  canShare: boolean;
}

export interface SavedViewList {
  mine: SavedViewItem[];
  /** Views others shared with the desk. */
  shared: SavedViewItem[];
}

function mayManage(by: Principal, view: Pick<SavedViewRow, "ownerId" | "shared">): boolean {
  if (by.kind === "system") return true;
  return view.ownerId === by.id || (view.shared && can(by.role, "claim.publish"));
}

function mayShare(by: Principal, view: Pick<SavedViewRow, "ownerId" | "shared">, shared: boolean): boolean {
  if (by.kind === "system") return true;
  if (!shared && view.shared && mayManage(by, view)) return true;
  return can(by.role, "claim.publish") && (view.ownerId === by.id || view.shared);
}

/** A view the person may see: their own or a shared one. Others' private views read as not there at all. */
function loadVisibleView(tx: Tx, by: Principal, id: number): SavedViewRow {
  const row = tx.select().from(savedViews).where(eq(savedViews.id, id)).get();
  if (!row || (by.kind === "user" && row.ownerId !== by.id && !row.shared)) {
    throw new AppError("not_found", "That view does not exist.");
  }
  return row;
}

function assertNameFree(tx: Tx, ownerId: number, name: string, except?: number): void {
  const clash = tx
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.ownerId, ownerId),
        eq(savedViews.name, name),
        except === undefined ? undefined : ne(savedViews.id, except),
      ),
    )
    .get();
  if (clash) {
    const message = `There is already a view named “${name}”. Choose another name.`;
    throw new AppError("invalid", message, { name: [message] });
  }
}

const described = (row: SavedViewRow) => ({
  name: row.name,
  query: row.query,
  shared: row.shared,
  ownerId: row.ownerId,
});

export function createSavedView(input: Loose<typeof createViewSchema> & { by: Principal | null }): { id: number } {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    person: "Views belong to a person.",
    schema: createViewSchema,
    input,
    write: (tx, data, by: SessionUser) => {
      if (data.shared && !can(by.role, "claim.publish")) {
        throw new AppError("forbidden", "Only editors can share a view with the desk.", {
          shared: ["Only editors can share a view with the desk."],
        });
      }
      const held = tx
        .select({ n: sql<number>`count(*)` })
        .from(savedViews)
        .where(eq(savedViews.ownerId, by.id))
        .get();
      if ((held?.n ?? 0) >= MAX_VIEWS_PER_PERSON) {
        throw new AppError("rule", `You can keep ${MAX_VIEWS_PER_PERSON} views. Delete one you no longer use first.`);
      }
      assertNameFree(tx, by.id, data.name);
      const now = new Date().toISOString();
      const row = tx
        .insert(savedViews)
        .values({
          ownerId: by.id,
          name: data.name,
          query: data.query,
          shared: data.shared,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      return {
        result: { id: row.id },
        audit: { action: "view.created", entityType: "saved_view", entityId: row.id, after: described(row) },
      };
    },
  });
}

export function renameSavedView(input: Loose<typeof renameViewSchema> & { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    schema: renameViewSchema,
    input,
    write: (tx, data, by) => {
      const row = loadVisibleView(tx, by, data.viewId);
      if (!mayManage(by, row)) throw new AppError("forbidden", "Only its owner or an editor can rename this view.");
      if (row.name === data.name) throw new AppError("invalid", "That is the view's name already.");
      assertNameFree(tx, row.ownerId, data.name, row.id);
      tx.update(savedViews)
        .set({ name: data.name, updatedAt: new Date().toISOString() })
        .where(eq(savedViews.id, row.id))
        .run();
      return {
        result: undefined,
        audit: {
          action: "view.renamed",
          entityType: "saved_view",
          entityId: row.id,
          before: { name: row.name },
          after: { name: data.name },
        },
      };
    },
  });
}

export function setSavedViewShared(input: Loose<typeof shareViewSchema> & { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    schema: shareViewSchema,
    input,
    write: (tx, data, by) => {
      const row = loadVisibleView(tx, by, data.viewId);
      if (row.shared === data.shared) {
        throw new AppError("invalid", data.shared ? "This view is shared already." : "This view is not shared.");
      }
      // The desk's usual refusal (lib/auth/principal.ts): sharing is an editor's call.
      if (!mayShare(by, row, data.shared)) throw new AppError("forbidden", "Your role does not allow that.");
      tx.update(savedViews)
        .set({ shared: data.shared, updatedAt: new Date().toISOString() })
        .where(eq(savedViews.id, row.id))
        .run();
      return {
        result: undefined,
        audit: {
          action: data.shared ? "view.shared" : "view.unshared",
          entityType: "saved_view",
          entityId: row.id,
          before: { shared: row.shared },
          after: { shared: data.shared },
        },
      };
    },
  });
}

export function deleteSavedView(input: Loose<typeof deleteViewSchema> & { by: Principal | null }): void {
  mutate({
    by: input.by,
    permission: "claim.edit",
    schema: deleteViewSchema,
    input,
    write: (tx, data, by) => {
      const row = loadVisibleView(tx, by, data.viewId);
      if (!mayManage(by, row)) throw new AppError("forbidden", "Only its owner or an editor can delete this view.");
      tx.delete(savedViews).where(eq(savedViews.id, row.id)).run();
      // The event keeps what the view was: the row is gone, the record of it is not.
      return {
        result: undefined,
        audit: { action: "view.deleted", entityType: "saved_view", entityId: row.id, before: described(row) },
      };
    },
  });
}

/** The views a person sees, each with its count: their own, then the ones shared with the desk, by name. */
export function listSavedViews(input: { by: Principal | null }): SavedViewList {
  authorize(input.by, "claim.edit");
  const by = input.by;
  const meId = by.kind === "user" ? by.id : -1;
  const rows = getDb()
    .select({ view: savedViews, ownerName: users.name })
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .where(or(eq(savedViews.ownerId, meId), eq(savedViews.shared, true)))
    .orderBy(asc(sql`${savedViews.name} collate nocase`), asc(savedViews.id))
    .all();
  const items = rows.map(({ view, ownerName }): SavedViewItem => {
    const filters: QueueFilters = parseQueueFilters(Object.fromEntries(new URLSearchParams(view.query)));
    return {
      id: view.id,
      name: view.name,
      href: queueHref(filters),
      count: countQueueMatches({ by, filters }),
      shared: view.shared,
      owner: { id: view.ownerId, name: ownerName },
      mine: view.ownerId === meId,
      canManage: mayManage(by, view),
      canShare: mayShare(by, view, !view.shared),
    };
  });
  return { mine: items.filter((v) => v.mine), shared: items.filter((v) => !v.mine) };
}
