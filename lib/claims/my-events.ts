import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getConnection, getDb, writeTransaction } from "@/db/client";
import {
  CLAIM_STATUSES,
  deskVisits,
  SOURCE_CHECK_RESULTS,
  type ClaimStatus,
  type SourceCheckResult,
} from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";

// "What changed for me" (issue #13): the latest events on the claims a person
// is assigned to or has commented on, read from the audit log, the same
// record the claim's history shows. Their own events are left out by default:
// a reviewer wants to know what others did to their claims, not what they did.

export const MY_EVENTS_PAGE_SIZE = 30;

/** The events that change what a reviewer has to do on a claim. */
const CLAIM_ACTIONS = [
  "claim.status_changed",
  "claim.published",
  "claim.corrected",
  "claim.unpublished",
  "claim.assigned",
];

export type MyEventKind = "verdict" | "published" | "corrected" | "unpublished" | "assigned" | "comment" | "drift";

export interface MyEvent {
  id: number;
  at: string;
  kind: MyEventKind;
  actor: { id: number | null; name: string };
  /** Whether the person reading did it themselves (shown greyed when their own are included). */
  own: boolean;
  claim: { id: number; slug: string; summary: string };
  /** The verdict set or published, where the event has one. */
  status: ClaimStatus | null;
  /** For an assignment: who it went to (null: unassigned), and whether that is the reader. */
  assignee: { name: string | null; isReader: boolean } | null;
  /** For a re-check that found drift: what it found and which source. */
  drift: { result: Exclude<SourceCheckResult, "match">; title: string | null } | null;
  /** For a comment: its first words. */
  excerpt: string | null;
  reason: string | null;
}

export interface MyEventsPage {
  events: MyEvent[];
  /** The id to pass as `before` for the next, older page; null on the last page. */
  olderBefore: number | null;
  /** The reader's previous visit, before this one moved it; events after it are new. */
  lastVisit: string | null;
}

export const myEventsQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional().catch(undefined),
  own: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
});

interface Row {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: number | null;
  action: string;
  after: string | null;
  reason: string | null;
  claim_id: number;
  slug: string;
  summary: string;
  actor_name: string | null;
}

// The claims are few per person, so each branch looks events up by entity
// through audit_events_entity_idx (entity_type, entity_id, id) rather than
// walking the whole log. Comments and evidence are their own entities in the
// log: their claim is found through their rows.
const SELECT = `
with mine(claim_id) as (
  select id from claims where assignee_id = @me
  union
  select claim_id from comments where author_id = @me
),
events as (
  select e.id, e.at, e.actor_kind, e.actor_id, e.action, e.after, e.reason, cast(e.entity_id as integer) as claim_id
    from audit_events e
   where e.entity_type = 'claim'
     and e.entity_id in (select cast(claim_id as text) from mine)
     and e.action in (${CLAIM_ACTIONS.map((a) => `'${a}'`).join(", ")})
  union all
  select e.id, e.at, e.actor_kind, e.actor_id, e.action, e.after, e.reason, c.claim_id
    from comments c
    join audit_events e on e.entity_type = 'comment' and e.entity_id = cast(c.id as text)
   where c.claim_id in (select claim_id from mine) and e.action = 'comment.added'
  union all
  select e.id, e.at, e.actor_kind, e.actor_id, e.action, e.after, e.reason, v.claim_id
    from evidence v
    join audit_events e on e.entity_type = 'evidence' and e.entity_id = cast(v.id as text)
   where v.claim_id in (select claim_id from mine)
     and e.action = 'evidence.checked'
     and json_extract(e.after, '$.result') <> 'match'
)
select events.*, claims.slug, claims.summary, users.name as actor_name
  from events
  join claims on claims.id = events.claim_id
  left join users on events.actor_kind = 'user' and users.id = events.actor_id
 where (@own = 1 or events.actor_kind <> 'user' or events.actor_id <> @me)
   and (@before is null or events.id < @before)
 order by events.id desc
 limit @limit`;

function parse(value: string | null): Record<string, unknown> {
  if (value === null) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const statusOf = (value: unknown): ClaimStatus | null =>
  typeof value === "string" && (CLAIM_STATUSES as readonly string[]).includes(value) ? (value as ClaimStatus) : null;

const KIND: Record<string, MyEventKind> = {
  "claim.status_changed": "verdict",
  "claim.published": "published",
  "claim.corrected": "corrected",
  "claim.unpublished": "unpublished",
  "claim.assigned": "assigned",
  "comment.added": "comment",
  "evidence.checked": "drift",
};

function toEvent(row: Row, meId: number): MyEvent {
  const after = parse(row.after);
  const kind = KIND[row.action] ?? "verdict";
  const result = after.result;
  const drift =
    kind === "drift" &&
    typeof result === "string" &&
    result !== "match" &&
    (SOURCE_CHECK_RESULTS as readonly string[]).includes(result)
      ? {
          result: result as Exclude<SourceCheckResult, "match">,
          title: typeof after.title === "string" ? after.title : null,
        }
      : null;
  const body = typeof after.body === "string" ? after.body.replace(/\s+/g, " ").trim() : null;
  return {
    id: row.id,
    at: row.at,
    kind,
    actor: {
      id: row.actor_kind === "user" ? row.actor_id : null,
      name: row.actor_name ?? (row.actor_kind === "system" ? "System" : "Someone"),
    },
    own: row.actor_kind === "user" && row.actor_id === meId,
    claim: { id: row.claim_id, slug: row.slug, summary: row.summary },
    status: statusOf(after.status ?? after.publishedStatus),
    assignee:
      kind === "assigned"
        ? {
            name: typeof after.assignee === "string" ? after.assignee : null,
            isReader: after.assigneeId === meId,
          }
        : null,
    drift,
    excerpt: kind === "comment" && body ? (body.length > 160 ? `${body.slice(0, 159)}…` : body) : null,
    reason: row.reason,
  };
}

/** One page of the events on the person's claims, newest first. */
export function listMyEvents(input: { by: Principal | null; before?: number; includeOwn?: boolean; limit?: number }): {
  events: MyEvent[];
  olderBefore: number | null;
} {
  authorize(input.by, "claim.edit");
  const meId = input.by.kind === "user" ? input.by.id : -1;
  const limit = input.limit ?? MY_EVENTS_PAGE_SIZE;
  const rows = getConnection()
    .sqlite.prepare<Record<string, number | null>, Row>(SELECT)
    .all({ me: meId, own: input.includeOwn ? 1 : 0, before: input.before ?? null, limit: limit + 1 });
  const events = rows.slice(0, limit).map((row) => toEvent(row, meId));
  const last = events.at(-1);
  return { events, olderBefore: rows.length > limit && last ? last.id : null };
}

/** When the person last opened "My claims", or null the first time. */
export function lastMineVisit(input: { by: Principal | null }): string | null {
  authorize(input.by, "claim.edit");
  if (input.by.kind !== "user") return null;
  return (
    getDb().select({ at: deskVisits.mineSeenAt }).from(deskVisits).where(eq(deskVisits.userId, input.by.id)).get()
      ?.at ?? null
  );
}

/**
 * Moves the person's "since my last visit" mark to `at`. The one write in lib/
 * outside mutate(), on purpose: it is where a person has read to, not a change
 * to the desk. An audit event per page view would bury the log in visits, and
 * since each event moves the chain's head it would also throw away the
 * queue's cached counts (queue.ts) every time someone looked at this page.
 */
export function markMineVisited(input: { by: Principal | null; at?: Date }): void {
  authorize(input.by, "claim.edit");
  const by = input.by;
  if (by.kind !== "user") return;
  const at = (input.at ?? new Date()).toISOString();
  writeTransaction((tx) =>
    tx
      .insert(deskVisits)
      .values({ userId: by.id, mineSeenAt: at })
      .onConflictDoUpdate({ target: deskVisits.userId, set: { mineSeenAt: at } })
      .run(),
  );
}

/**
 * The "My claims" page: the events, and the previous visit to mark new ones
 * against. Opening the first page moves the mark; paging back does not.
 */
export function openMyEvents(input: { by: Principal | null; before?: number; includeOwn?: boolean }): MyEventsPage {
  const lastVisit = lastMineVisit(input);
  // Taken before the read, so an event written meanwhile still counts as new next time.
  const now = new Date();
  const page = listMyEvents(input);
  if (input.before === undefined) markMineVisited({ by: input.by, at: now });
  return { ...page, lastVisit };
}

const DRIFT_WORDS: Record<Exclude<SourceCheckResult, "match">, string> = {
  changed: "the page has changed since it was cited",
  "passage-missing": "the quoted passage is no longer on the page",
  unreachable: "the page could not be reached",
};

/** What happened, after the actor's name: "set the verdict to Sourced". Status words come from the rules. */
export function describeMyEvent(event: MyEvent, statusLabel: (status: ClaimStatus) => string): string {
  const status = event.status ? statusLabel(event.status) : null;
  switch (event.kind) {
    case "verdict":
      return status ? `set the verdict to ${status}` : "changed the verdict";
    case "published":
      return status ? `published the verdict (${status})` : "published the verdict";
    case "corrected":
      return status ? `published a correction (now ${status})` : "published a correction";
    case "unpublished":
      return "unpublished the verdict";
    case "assigned":
      if (event.assignee?.isReader) return "assigned it to you";
      return event.assignee?.name ? `assigned it to ${event.assignee.name}` : "left it unassigned";
    case "comment":
      return "commented";
    case "drift": {
      const source = event.drift?.title ? ` “${event.drift.title}”` : "";
      return `re-checked the source${source}: ${event.drift ? DRIFT_WORDS[event.drift.result] : "it has drifted"}`;
    }
  }
}
