import "server-only";
import type Database from "better-sqlite3";
import type { ClaimStatus, ReviewStage } from "@/db/schema";
import { daysBetween, weekOf } from "./maths";

// What the insights page counts, folded once from the audit log and the
// claims table and kept per process. The key is the newest audit event id:
// every write appends one (DESIGN.md, Data), so while the head stays put the
// desk has not changed, and when it moves only the events after the last one
// seen are read, with the claims they touched. At a million events the first
// fold costs a scan of the log (BENCHMARKS.md); each later one a few rows.

/** The actions the charts count; the names lib/claims and lib/public write. */
export const INSIGHT_ACTIONS = {
  statusChanged: "claim.status_changed",
  published: "claim.published",
  corrected: "claim.corrected",
  unpublished: "claim.unpublished",
  requestReceived: "correction_request.received",
} as const;

const VERDICTS: ReadonlySet<string> = new Set<ClaimStatus>(["sourced", "disputed"]);

/** One claim as the charts see it: the claims row's current columns, and its timeline from the log. */
export interface ClaimFacts {
  id: number;
  articleId: number;
  claimant: string | null;
  assigneeId: number | null;
  status: ClaimStatus;
  stage: ReviewStage;
  createdAt: string;
  /** The weeks (weekOf) of createdAt, firstVerdictAt and firstPublishedAt, worked out once when they are set. */
  createdWeek: string;
  firstVerdictWeek: string | null;
  firstPublishedWeek: string | null;
  updatedAt: string;
  /** When a verdict (sourced or disputed) was first set. */
  firstVerdictAt: string | null;
  /** Days from intake to that first verdict, once both are known. */
  intakeToVerdictDays: number | null;
  /** The latest verdict set so far: the one a first publication publishes. */
  lastVerdictAt: string | null;
  firstPublishedAt: string | null;
  /** Days from the verdict that was published to the first publication. */
  verdictToPublicationDays: number | null;
}

/** An event the charts count: when, on which claim, by whom, and the verdict it set or published. */
export interface Occurrence {
  at: string;
  week: string;
  claimId: number;
  actorId: number | null;
  status: ClaimStatus | null;
}

export interface InsightsAggregate {
  /** The newest audit event folded in. */
  headId: number;
  claims: Map<number, ClaimFacts>;
  /** Verdicts set (a status changed to sourced or disputed), in log order. */
  verdicts: Occurrence[];
  /** First publications and republications after a withdrawal. */
  publications: Occurrence[];
  corrections: Occurrence[];
  withdrawals: Occurrence[];
  /** Readers' correction requests, on the claim they concern. */
  requests: Occurrence[];
  /** The latest `updated_at` among the claims rows read: rows changed since are read again. */
  claimsSeenThrough: string;
}

interface EventRow {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  beforeStatus: string | null;
  afterStatus: string | null;
  publishedStatus: string | null;
  requestClaimId: number | null;
}

interface ClaimRow {
  id: number;
  articleId: number;
  claimant: string | null;
  assigneeId: number | null;
  status: ClaimStatus;
  stage: ReviewStage;
  createdAt: string;
  updatedAt: string;
}

const CLAIM_COLUMNS =
  "id, article_id as articleId, claimant, assignee_id as assigneeId, status, stage, created_at as createdAt, updated_at as updatedAt";

const aggregates = new WeakMap<Database.Database, InsightsAggregate>();

function emptyAggregate(): InsightsAggregate {
  return {
    headId: 0,
    claims: new Map(),
    verdicts: [],
    publications: [],
    corrections: [],
    withdrawals: [],
    requests: [],
    claimsSeenThrough: "",
  };
}

function factsFor(aggregate: InsightsAggregate, id: number): ClaimFacts {
  let facts = aggregate.claims.get(id);
  if (!facts) {
    // The row is read after the events; until then the claim is only its timeline.
    facts = {
      id,
      articleId: 0,
      claimant: null,
      assigneeId: null,
      status: "unverified",
      stage: "needs-evidence",
      createdAt: "",
      createdWeek: "",
      firstVerdictWeek: null,
      firstPublishedWeek: null,
      updatedAt: "",
      firstVerdictAt: null,
      intakeToVerdictDays: null,
      lastVerdictAt: null,
      firstPublishedAt: null,
      verdictToPublicationDays: null,
    };
    aggregate.claims.set(id, facts);
  }
  return facts;
}

function asStatus(value: string | null): ClaimStatus | null {
  return value === "sourced" || value === "disputed" || value === "unverified" ? value : null;
}

/** Folds one event into the aggregate; events come in id order. */
function fold(aggregate: InsightsAggregate, event: EventRow): void {
  if (event.action === INSIGHT_ACTIONS.requestReceived) {
    if (event.requestClaimId !== null) {
      aggregate.requests.push({
        at: event.at,
        week: weekOf(event.at),
        claimId: event.requestClaimId,
        actorId: null,
        status: null,
      });
    }
    return;
  }
  if (event.entityType !== "claim") return;
  const claimId = Number(event.entityId);
  if (!Number.isSafeInteger(claimId)) return;
  const occurrence = (status: string | null): Occurrence => ({
    at: event.at,
    week: weekOf(event.at),
    claimId,
    actorId: event.actorId,
    status: asStatus(status),
  });
  switch (event.action) {
    case INSIGHT_ACTIONS.statusChanged: {
      // A rationale edited under the same verdict is not a new verdict.
      if (!event.afterStatus || !VERDICTS.has(event.afterStatus) || event.afterStatus === event.beforeStatus) return;
      const facts = factsFor(aggregate, claimId);
      if (facts.firstVerdictAt === null) {
        facts.firstVerdictAt = event.at;
        facts.firstVerdictWeek = weekOf(event.at);
        if (facts.createdAt) facts.intakeToVerdictDays = daysBetween(facts.createdAt, event.at);
      }
      facts.lastVerdictAt = event.at;
      aggregate.verdicts.push(occurrence(event.afterStatus));
      return;
    }
    case INSIGHT_ACTIONS.published: {
      const facts = factsFor(aggregate, claimId);
      if (facts.firstPublishedAt === null) {
        facts.firstPublishedAt = event.at;
        facts.firstPublishedWeek = weekOf(event.at);
        if (facts.lastVerdictAt) facts.verdictToPublicationDays = daysBetween(facts.lastVerdictAt, event.at);
      }
      aggregate.publications.push(occurrence(event.publishedStatus));
      return;
    }
    case INSIGHT_ACTIONS.corrected:
      aggregate.corrections.push(occurrence(event.publishedStatus));
      return;
    case INSIGHT_ACTIONS.unpublished:
      aggregate.withdrawals.push(occurrence(null));
      return;
  }
}

function applyClaimRow(aggregate: InsightsAggregate, row: ClaimRow): void {
  const facts = factsFor(aggregate, row.id);
  facts.articleId = row.articleId;
  facts.claimant = row.claimant;
  facts.assigneeId = row.assigneeId;
  facts.status = row.status;
  facts.stage = row.stage;
  if (facts.createdAt !== row.createdAt) {
    facts.createdAt = row.createdAt;
    facts.createdWeek = weekOf(row.createdAt);
    if (facts.firstVerdictAt) facts.intakeToVerdictDays = daysBetween(row.createdAt, facts.firstVerdictAt);
  }
  facts.updatedAt = row.updatedAt;
  if (row.updatedAt > aggregate.claimsSeenThrough) aggregate.claimsSeenThrough = row.updatedAt;
}

/**
 * The aggregate as of the newest audit event, brought up to date from the
 * events after the last one seen. Called inside one read transaction by the
 * caller, so the events and the claims rows agree.
 */
export function insightsAggregate(sqlite: Database.Database): InsightsAggregate {
  const head = sqlite.prepare<[], number>("select coalesce(max(id), 0) from audit_events").pluck().get() ?? 0;
  let aggregate = aggregates.get(sqlite);
  // A head below what was seen means another database behind the same connection (a restore): start over.
  if (!aggregate || head < aggregate.headId) {
    aggregate = emptyAggregate();
    aggregates.set(sqlite, aggregate);
  }
  if (head === aggregate.headId) return aggregate;

  const events = sqlite
    .prepare<[string, number, number], EventRow>(
      `select id, at, actor_id as actorId, action, entity_type as entityType, entity_id as entityId,
         case when action = 'claim.status_changed' then json_extract(before, '$.status') end as beforeStatus,
         case when action = 'claim.status_changed' then json_extract(after, '$.status') end as afterStatus,
         case when action in ('claim.published', 'claim.corrected') then json_extract(after, '$.publishedStatus') end as publishedStatus,
         case when action = ? then json_extract(after, '$.claimId') end as requestClaimId
       from audit_events where id > ? and id <= ? and (entity_type = 'claim' or action = 'correction_request.received')
       order by id`,
    )
    .iterate(INSIGHT_ACTIONS.requestReceived, aggregate.headId, head);
  const touched = new Set<number>();
  const first = aggregate.headId === 0;
  for (const event of events) {
    fold(aggregate, event);
    if (!first && event.entityType === "claim") touched.add(Number(event.entityId));
  }

  if (first) {
    for (const row of sqlite.prepare<[], ClaimRow>(`select ${CLAIM_COLUMNS} from claims`).iterate()) {
      applyClaimRow(aggregate, row);
    }
  } else {
    // Rows changed since the last read, and any the new events name (an assignment keeps updated_at too).
    const changed = sqlite
      .prepare<[string], ClaimRow>(`select ${CLAIM_COLUMNS} from claims where updated_at >= ?`)
      .all(aggregate.claimsSeenThrough);
    for (const row of changed) {
      touched.delete(row.id);
      applyClaimRow(aggregate, row);
    }
    const byId = sqlite.prepare<[number], ClaimRow>(`select ${CLAIM_COLUMNS} from claims where id = ?`);
    for (const id of touched) {
      const row = byId.get(id);
      if (row) applyClaimRow(aggregate, row);
    }
  }
  aggregate.headId = head;
  return aggregate;
}

/** Drops the cached aggregate (tests that rebuild a desk behind the same connection). */
export function forgetInsightsAggregate(sqlite: Database.Database): void {
  aggregates.delete(sqlite);
}
