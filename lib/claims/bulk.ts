import "server-only";
import { and, asc, eq, gt, inArray, isNull, max } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditEvents, claims, PRIORITIES, users } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { authorize, type Principal, type SessionUser } from "@/lib/auth/principal";
import { AppError, ConflictError, isAppError } from "@/lib/errors";
import type { PublicPages } from "@/lib/public/published-claim";
import { parseInput, type Loose } from "@/lib/validation";
import { assignClaim } from "./assignment";
import type { ClaimState } from "./claims";
import { setClaimPriority } from "./details";
import type { HistoryEntry } from "./history";
import { publishClaim } from "./publication";
import { QUEUE_PAGE_SIZE } from "./queue";
import { STATUS_DEFINITIONS } from "./rules";
import type { PersonRef } from "./workspace";

// Changing many claims from the queue at once (issue #13). Each claim goes
// through the same assignClaim / setClaimPriority / publishClaim as a change
// made on its own page, in its own transaction with its own audit event, so
// the rules, the version check and four-eyes cannot drift apart, and one
// refusal does not undo the others. A refused claim is reported by its
// summary with what changed since the queue was loaded.

export const BULK_ACTIONS = ["assign", "unassign", "take", "handBack", "priority", "publish"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** A blank form field is the same as a missing one. */
const blank = (value: unknown) => (value === "" || value === null ? undefined : value);

const SELECTED = /^(\d{1,12}):(\d{1,12})$/;
const QUEUE_MARK = "The page did not say when the queue was loaded; reload it.";
const UNREADABLE = "A selected claim could not be read (it should be its id and version); reload the queue.";

/** One ticked queue row: `{id}:{version}` as the checkbox sends it, or the pair as an object. */
const selectedClaim = z.union(
  [
    z
      .string()
      .trim()
      .regex(SELECTED)
      .transform((value) => {
        const [, id, version] = SELECTED.exec(value) ?? [];
        return { claimId: Number(id), expectedVersion: Number(version) };
      }),
    z.object({
      claimId: z.number().int().positive(),
      expectedVersion: z.number().int().positive(),
    }),
  ],
  { message: UNREADABLE },
);

/** A form sends one ticked row as a string and several as an array; both become an array here. */
const selection = z
  .preprocess(
    (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z
      .array(selectedClaim)
      .min(1, "Select at least one claim in the queue.")
      .max(QUEUE_PAGE_SIZE, `At most ${QUEUE_PAGE_SIZE} claims at once (one page of the queue).`),
  )
  .superRefine((items, ctx) => {
    const versions = new Map<number, number>();
    for (const item of items) {
      const version = versions.get(item.claimId);
      if (version !== undefined && version !== item.expectedVersion) {
        ctx.addIssue({
          code: "custom",
          message: "The same claim was sent twice with different versions; reload the queue.",
        });
        return;
      }
      versions.set(item.claimId, item.expectedVersion);
    }
  })
  .transform((items) => [...new Map(items.map((item) => [item.claimId, item])).values()]);

export const bulkChangeSchema = z
  .object({
    action: z.enum(BULK_ACTIONS, { message: "Choose what to do with the selected claims." }),
    assigneeId: z.preprocess(
      blank,
      z.coerce
        .number({ message: "Choose who gets the claims." })
        .int()
        .positive("Choose who gets the claims.")
        .optional(),
    ),
    priority: z.preprocess(
      blank,
      z.coerce
        .number({ message: "Choose a priority." })
        .int()
        .refine((p) => (PRIORITIES as readonly number[]).includes(p), "Choose high, normal or low.")
        .optional(),
    ),
    items: selection,
    /** The newest audit event when the queue was loaded (queueMark): what the person saw is as of then. */
    seenEventId: z.preprocess(
      blank,
      z.coerce.number({ message: QUEUE_MARK }).int(QUEUE_MARK).min(0, QUEUE_MARK).optional(),
    ),
  })
  .superRefine((data, ctx) => {
    if (data.action === "assign" && data.assigneeId === undefined) {
      ctx.addIssue({ code: "custom", path: ["assigneeId"], message: "Choose who gets the claims." });
    }
    if (data.action === "priority" && data.priority === undefined) {
      ctx.addIssue({ code: "custom", path: ["priority"], message: "Choose a priority." });
    }
  });

export interface BulkClaim {
  claimId: number;
  slug: string;
  summary: string;
}

export interface BulkRefusal extends BulkClaim {
  /** Why this claim was left as it was, in words the desk uses: what changed meanwhile, or the rule. */
  reason: string;
}

export interface BulkOutcome {
  action: BulkAction;
  /** Who the claims went to, for "assign" and "take". */
  assignee: PersonRef | null;
  /** The claims changed, in the order selected. */
  done: BulkClaim[];
  refused: BulkRefusal[];
  /** Public pages to refresh after a bulk publication. */
  published: PublicPages[];
}

/**
 * The newest audit event's id: the queue hands it to the bulk form, so a
 * later bulk change can tell what happened to a claim after the page showed it.
 */
export function queueMark(input: { by: Principal | null }): number {
  authorize(input.by, "claim.edit");
  return (
    getDb()
      .select({ id: max(auditEvents.id) })
      .from(auditEvents)
      .get()?.id ?? 0
  );
}

function parsedJson(text: string | null): unknown {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

const assignedEvent = z.object({ assigneeId: z.number().int().nullable() });

/**
 * Who each claim was assigned to when the queue was loaded: the assignee before
 * the first assignment after `seenEventId`, else the one it has now. Claims
 * are read before the events, so an assignment landing in between is seen as
 * a change (refused), never missed (overwritten).
 */
function assigneesSeen(
  current: Map<number, number | null>,
  seenEventId: number | undefined,
): Map<number, number | null> {
  const seen = new Map(current);
  if (seenEventId === undefined || current.size === 0) return seen;
  const later = getDb()
    .select({ entityId: auditEvents.entityId, before: auditEvents.before })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "claim"),
        inArray(auditEvents.entityId, [...current.keys()].map(String)),
        eq(auditEvents.action, "claim.assigned"),
        gt(auditEvents.id, seenEventId),
      ),
    )
    .orderBy(asc(auditEvents.id))
    .all();
  const found = new Set<number>();
  for (const event of later) {
    const claimId = Number(event.entityId);
    if (found.has(claimId)) continue;
    found.add(claimId);
    const before = assignedEvent.safeParse(parsedJson(event.before));
    if (before.success) seen.set(claimId, before.data.assigneeId);
  }
  return seen;
}

const FIELD_WORDS: Record<string, string> = { priority: "priority", summary: "summary" };

function listed(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** What the events after the person's version changed, as "its verdict and priority". */
function whatChanged(entries: HistoryEntry[]): string[] {
  const words = new Set<string>();
  for (const entry of [...entries].reverse()) {
    if (entry.action === "claim.status_changed") words.add("verdict");
    else if (entry.action.startsWith("evidence.")) words.add("evidence");
    else if (entry.action === "claim.details_changed") {
      for (const change of entry.changes) {
        if (change.field !== "version") words.add(FIELD_WORDS[change.field] ?? "attribution");
      }
    }
  }
  return [...words];
}

/** A stale-version refusal told for the queue: what changed since it was loaded, by whom, and the verdict now. */
function staleReason(current: ClaimState): string {
  const words = whatChanged(current.changesSince);
  // changesSince is newest first; the reason tells it in the order it happened.
  const who = [...new Set([...current.changesSince].reverse().map((entry) => entry.actor.name))];
  const by = who.length > 0 ? `, by ${listed(who)}` : "";
  const verdict = words.includes("verdict")
    ? `: it is now ${STATUS_DEFINITIONS[current.status].label.toLowerCase()}`
    : "";
  return words.length > 0
    ? `Its ${listed(words)} changed since you loaded the queue${by}${verdict}. Nothing was changed.`
    : `It changed since you loaded the queue${by}. Nothing was changed.`;
}

function reasonOf(error: AppError): string {
  if (error instanceof ConflictError && error.current) return staleReason(error.current as ClaimState);
  // The bulk bar has no reason field: a correction is made on the claim's own page, with its reason.
  if (error.fieldErrors.reason) {
    return "It was published before, so this is a correction: publish it from its own page, with the reason.";
  }
  return error.message;
}

/** Refuses, before anything is written, what the person may not do to any claim. */
function assertAllowed(by: Principal, action: BulkAction): asserts by is SessionUser {
  if (by.kind !== "user") throw new AppError("forbidden", "Claims are changed from the queue by a person.");
  if ((action === "assign" || action === "unassign") && !can(by.role, "claim.publish")) {
    throw new AppError(
      "forbidden",
      "Only an editor assigns claims to others or unassigns them; you can take free claims or hand back your own.",
    );
  }
  if (action === "publish" && !can(by.role, "claim.publish")) {
    throw new AppError("forbidden", "Only an editor publishes verdicts.");
  }
}

/**
 * Applies one change to every selected claim: assign to someone, unassign,
 * take (assign to me), hand back (unassign my own), set the priority, or
 * publish. Bad input (nothing selected, more than a page, an unreadable or
 * unknown claim, an unknown person) is refused whole and changes nothing;
 * past that, each claim is done or refused on its own.
 */
export function applyBulkChange(input: Loose<typeof bulkChangeSchema> & { by: Principal | null }): BulkOutcome {
  authorize(input.by, "claim.edit");
  const data = parseInput(bulkChangeSchema, input);
  const by = input.by;
  assertAllowed(by, data.action);

  let assignee: PersonRef | null = data.action === "take" ? { id: by.id, name: by.name } : null;
  if (data.action === "assign" && data.assigneeId !== undefined) {
    const person = getDb()
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.id, data.assigneeId), isNull(users.disabledAt)))
      .get();
    if (!person) {
      throw new AppError("invalid", "That person cannot be assigned (unknown or disabled account).", {
        assigneeId: ["Choose an active member of the desk."],
      });
    }
    assignee = person;
  }

  const ids = data.items.map((item) => item.claimId);
  const rows = new Map(
    getDb()
      .select({ id: claims.id, slug: claims.slug, summary: claims.summary, assigneeId: claims.assigneeId })
      .from(claims)
      .where(inArray(claims.id, ids))
      .all()
      .map((row) => [row.id, row]),
  );
  const missing = ids.filter((id) => !rows.has(id));
  if (missing.length > 0) {
    throw new AppError(
      "invalid",
      `${missing.length === 1 ? "A selected claim does not" : `${missing.length} selected claims do not`} exist; reload the queue.`,
    );
  }
  const seenAssignee = assigneesSeen(
    new Map([...rows.values()].map((row) => [row.id, row.assigneeId])),
    data.seenEventId,
  );

  const outcome: BulkOutcome = { action: data.action, assignee, done: [], refused: [], published: [] };
  for (const { claimId, expectedVersion } of data.items) {
    const row = rows.get(claimId);
    if (!row) continue;
    const named = { claimId, slug: row.slug, summary: row.summary };
    const expectedAssigneeId = seenAssignee.get(claimId) ?? null;
    const target = data.action === "assign" || data.action === "take" ? assignee : null;
    try {
      // Already where it was sent, and nobody moved it since: said in the queue's words, not assignClaim's.
      if (target && row.assigneeId === target.id && expectedAssigneeId === target.id) {
        throw new AppError(
          "invalid",
          target.id === by.id ? "It is already yours." : `It is already with ${target.name}.`,
        );
      }
      switch (data.action) {
        case "assign":
          assignClaim({ by, claimId, assigneeId: data.assigneeId, expectedAssigneeId });
          break;
        case "unassign":
          assignClaim({ by, claimId, assigneeId: null, expectedAssigneeId });
          break;
        case "take":
          assignClaim({ by, claimId, assigneeId: by.id, expectedAssigneeId });
          break;
        case "handBack":
          // Hand back is for one's own claims; an editor unassigning someone else's uses "unassign".
          if (expectedAssigneeId !== by.id) {
            throw new AppError(
              "invalid",
              expectedAssigneeId === null
                ? "Nobody is assigned to it, so there is nothing to hand back."
                : "It is not assigned to you, so you cannot hand it back.",
            );
          }
          assignClaim({ by, claimId, assigneeId: null, expectedAssigneeId });
          break;
        case "priority":
          setClaimPriority({ by, claimId, expectedVersion, priority: data.priority });
          break;
        case "publish":
          {
            const { slug, articleSlug } = publishClaim({ by, claimId, expectedVersion });
            outcome.published.push({ slug, articleSlug });
          }
          break;
      }
      outcome.done.push(named);
    } catch (error) {
      // Only expected refusals are reported per claim; a bug still ends the request.
      if (!isAppError(error)) throw error;
      outcome.refused.push({ ...named, reason: reasonOf(error) });
    }
  }
  return outcome;
}
