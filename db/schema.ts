import { sql } from "drizzle-orm";
import { blob, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

// Times are ISO-8601 UTC strings: readable in the audit log, sortable as text,
// and hashed byte-for-byte in the audit chain.

export const ROLES = ["reviewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const CLAIM_STATUSES = ["unverified", "sourced", "disputed"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const STANCES = ["supports", "contradicts", "context"] as const;
export type Stance = (typeof STANCES)[number];

export const PUBLICATION_KINDS = ["published", "correction", "unpublished"] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const ACTOR_KINDS = ["user", "system", "public"] as const;

// 1 is the most urgent; the queue sorts ascending.
export const PRIORITIES = [1, 2, 3] as const;
export type Priority = (typeof PRIORITIES)[number];

// Whether the claimant really said it, judged apart from whether it is true.
export const ATTRIBUTION_STATUSES = ["unconfirmed", "confirmed", "misattributed"] as const;
export type AttributionStatus = (typeof ATTRIBUTION_STATUSES)[number];

// Where a claim is in the desk's work; derived from the claim's columns (see claims.stage).
export const REVIEW_STAGES = ["needs-evidence", "awaiting-publication", "published", "published-changed"] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export const SNAPSHOT_SOURCES = ["fetched", "manual"] as const;
export type SnapshotSource = (typeof SNAPSHOT_SOURCES)[number];

export const SOURCE_CHECK_RESULTS = ["match", "changed", "passage-missing", "unreachable"] as const;
export type SourceCheckResult = (typeof SOURCE_CHECK_RESULTS)[number];

export const SUGGESTION_LABELS = ["check", "maybe", "skip"] as const;
export type SuggestionLabel = (typeof SUGGESTION_LABELS)[number];

export const SUGGESTION_STATES = ["open", "accepted", "rejected"] as const;
export type SuggestionState = (typeof SUGGESTION_STATES)[number];
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // DESIGN.md: unique and case-folded; the check keeps a raw write from sneaking in mixed case.
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    disabledAt: text("disabled_at"),
    sessionVersion: integer("session_version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    // Two-factor sign-in (issue #14). The TOTP secret is sealed with the app secret
    // (never stored readable); the pending one waits for its first code at set-up.
    totpSecret: text("totp_secret"),
    totpPendingSecret: text("totp_pending_secret"),
    totpEnabledAt: text("totp_enabled_at"),
    // The last 30-second step a code was accepted for: the same code never signs in twice.
    totpLastStep: integer("totp_last_step"),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    check("users_email_folded", sql`${t.email} = lower(${t.email})`),
    check("users_role_known", sql`${t.role} in ('reviewer', 'editor', 'admin')`),
  ],
);

export const articles = sqliteTable(
  "articles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    outlet: text("outlet"),
    url: text("url"),
    author: text("author"),
    publishedAt: text("published_at"),
    body: text("body").notNull(),
    bodyHash: text("body_hash").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("articles_slug_unique").on(t.slug),
    uniqueIndex("articles_body_hash_unique").on(t.bodyHash),
    // Intake refuses an article whose URL the desk already holds.
    index("articles_url_idx").on(t.url),
  ],
);

export const claims = sqliteTable(
  "claims",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    text: text("text").notNull(),
    // The ClaimReview `claimReviewed`: Google asks for 75 characters at most.
    summary: text("summary").notNull(),
    claimant: text("claimant"),
    // Who passed the claim on, e.g. "Fox News Digital" for a ministry's figure.
    reportedBy: text("reported_by"),
    spanStart: integer("span_start").notNull(),
    spanEnd: integer("span_end").notNull(),
    status: text("status", { enum: CLAIM_STATUSES }).notNull().default("unverified"),
    rationale: text("rationale").notNull().default(""),
    assigneeId: integer("assignee_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    statusSetBy: integer("status_set_by").references(() => users.id),
    statusSetAt: text("status_set_at"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    // The verdict as the public sees it: a frozen copy taken at publication.
    publishedStatus: text("published_status", { enum: CLAIM_STATUSES }),
    publishedSnapshot: text("published_snapshot"),
    publishedVersion: integer("published_version"),
    publishedBy: integer("published_by").references(() => users.id),
    publishedAt: text("published_at"),
    firstPublishedAt: text("first_published_at"),
    priority: integer("priority").notNull().default(2),
    // The attribution chain: who said it (claimant), where it first appeared, who passed it on (reportedBy).
    firstAppearedIn: text("first_appeared_in"),
    attributionStatus: text("attribution_status", { enum: ATTRIBUTION_STATUSES }).notNull().default("unconfirmed"),
    attributionNote: text("attribution_note").notNull().default(""),
    // Set when the desk links this claim to one already checked elsewhere instead of re-checking it.
    duplicateOfId: integer("duplicate_of_id").references((): AnySQLiteColumn => claims.id),
    // Where the claim is in the desk's work, kept by triggers (migration 0006), never written by
    // the app: published (as it stands), published with later changes, awaiting publication (a
    // verdict with a rationale), or still needing evidence. A stored column keeps the queue's
    // indexes covering, which an index on a virtual generated column is not.
    stage: text("stage", { enum: REVIEW_STAGES }).notNull().default("needs-evidence"),
  },
  (t) => [
    uniqueIndex("claims_slug_unique").on(t.slug),
    index("claims_article_idx").on(t.articleId, t.spanStart),
    index("claims_status_idx").on(t.status, t.updatedAt),
    // The review queue's "All" view: newest change first without sorting the whole desk (BENCHMARKS.md).
    index("claims_updated_idx").on(t.updatedAt),
    index("claims_published_idx").on(t.publishedAt),
    // Review queue filters and sorts (issue #5), each ordered by the default newest-change-first.
    index("claims_stage_idx").on(t.stage, t.updatedAt),
    index("claims_assignee_idx").on(t.assigneeId, t.updatedAt),
    index("claims_claimant_idx").on(t.claimant, t.updatedAt),
    index("claims_priority_idx").on(t.priority, t.createdAt),
    index("claims_created_idx").on(t.createdAt),
    index("claims_duplicate_idx").on(t.duplicateOfId),
    // The queue's counts per filter option: every combination of the broad filters is a covering scan.
    index("claims_facets_idx").on(t.stage, t.status, t.assigneeId),
    check("claims_status_known", sql`${t.status} in ('unverified', 'sourced', 'disputed')`),
    check("claims_summary_short", sql`length(${t.summary}) between 1 and 75`),
    check("claims_span_ordered", sql`${t.spanStart} >= 0 and ${t.spanEnd} > ${t.spanStart}`),
    check("claims_version_positive", sql`${t.version} >= 1`),
    check("claims_priority_known", sql`${t.priority} in (1, 2, 3)`),
    check("claims_attribution_known", sql`${t.attributionStatus} in ('unconfirmed', 'confirmed', 'misattributed')`),
  ],
);

// Every publication, correction and unpublication of a claim: the public verdict history.
export const publications = sqliteTable(
  "publications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    claimId: integer("claim_id")
      .notNull()
      .references(() => claims.id),
    kind: text("kind", { enum: PUBLICATION_KINDS }).notNull(),
    status: text("status", { enum: CLAIM_STATUSES }),
    previousStatus: text("previous_status", { enum: CLAIM_STATUSES }),
    snapshot: text("snapshot"),
    reason: text("reason"),
    claimVersion: integer("claim_version").notNull(),
    publishedBy: integer("published_by")
      .notNull()
      .references(() => users.id),
    at: text("at").notNull(),
  },
  (t) => [index("publications_claim_idx").on(t.claimId, t.at), index("publications_kind_idx").on(t.kind, t.at)],
);

export const evidence = sqliteTable(
  "evidence",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    claimId: integer("claim_id")
      .notNull()
      .references(() => claims.id),
    url: text("url").notNull(),
    title: text("title").notNull(),
    publisher: text("publisher"),
    quotedPassage: text("quoted_passage"),
    stance: text("stance", { enum: STANCES }).notNull(),
    accessedAt: text("accessed_at").notNull(),
    contentHash: text("content_hash"),
    archiveUrl: text("archive_url"),
    addedBy: integer("added_by")
      .notNull()
      .references(() => users.id),
    addedAt: text("added_at").notNull(),
    // Removal is recorded, never a delete (DESIGN.md, Data).
    removedAt: text("removed_at"),
    removedBy: integer("removed_by").references(() => users.id),
    removalReason: text("removal_reason"),
    // What the source said when it was cited: the page's text as fetched, or the passage pasted by hand.
    snapshotSource: text("snapshot_source", { enum: SNAPSHOT_SOURCES }),
    snapshotText: text("snapshot_text"),
    snapshotFetchedAt: text("snapshot_fetched_at"),
    // Why the server could not fetch the page, shown so the reviewer pastes the passage instead.
    snapshotError: text("snapshot_error"),
    // The latest re-check of the live page against the snapshot (content_hash is the snapshot's SHA-256).
    lastCheckedAt: text("last_checked_at"),
    lastCheckResult: text("last_check_result", { enum: SOURCE_CHECK_RESULTS }),
    lastCheckHash: text("last_check_hash"),
  },
  (t) => [
    index("evidence_claim_idx").on(t.claimId),
    check("evidence_stance_known", sql`${t.stance} in ('supports', 'contradicts', 'context')`),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    claimId: integer("claim_id")
      .notNull()
      .references(() => claims.id),
    authorId: integer("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    editedAt: text("edited_at"),
    deletedAt: text("deleted_at"),
  },
  (t) => [index("comments_claim_idx").on(t.claimId, t.createdAt)],
);

// Append-only: triggers in the migrations refuse UPDATE and DELETE, and every
// row's hash covers its content and the previous row's hash (lib/audit).
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey(),
    at: text("at").notNull(),
    actorKind: text("actor_kind", { enum: ACTOR_KINDS }).notNull(),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before"),
    after: text("after"),
    reason: text("reason"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId, t.id),
    index("audit_events_actor_idx").on(t.actorKind, t.actorId, t.id),
    // The admin audit log filters by action (exact, or every action under a prefix) and by date.
    index("audit_events_action_idx").on(t.action, t.id),
    index("audit_events_at_idx").on(t.at, t.id),
    check("audit_events_actor_known", sql`${t.actorKind} in ('user', 'system', 'public')`),
  ],
);

export const CORRECTION_REQUEST_STATES = ["open", "resolved", "dismissed"] as const;
export type CorrectionRequestState = (typeof CORRECTION_REQUEST_STATES)[number];

// A reader's request to correct a published verdict. Never shown publicly;
// the reviewer area lists them for editors.
export const correctionRequests = sqliteTable(
  "correction_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    claimId: integer("claim_id")
      .notNull()
      .references(() => claims.id),
    message: text("message").notNull(),
    email: text("email"),
    // A salted hash of the sender's address: enough to rate-limit, not to track.
    addressHash: text("address_hash"),
    state: text("state", { enum: CORRECTION_REQUEST_STATES }).notNull().default("open"),
    createdAt: text("created_at").notNull(),
    handledBy: integer("handled_by").references(() => users.id),
    handledAt: text("handled_at"),
    // The reader's private link (issue #14): only a SHA-256 of its token is kept.
    tokenHash: text("token_hash"),
    // Set when an editor starts looking at it: the reader's page then says "under review".
    reviewStartedAt: text("review_started_at"),
    // What the desk tells the reader, shown on their private page once answered.
    publicAnswer: text("public_answer"),
    answeredAt: text("answered_at"),
    // The correction the request led to, if one was made.
    publicationId: integer("publication_id").references(() => publications.id),
  },
  (t) => [
    uniqueIndex("correction_requests_token_unique").on(t.tokenHash),
    index("correction_requests_state_idx").on(t.state, t.createdAt),
    index("correction_requests_address_idx").on(t.addressHash, t.createdAt),
    check("correction_requests_state_known", sql`${t.state} in ('open', 'resolved', 'dismissed')`),
  ],
);

// Sentences the extractor proposes for checking (issue #6); a reviewer accepts or rejects each.
export const suggestions = sqliteTable(
  "suggestions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    spanStart: integer("span_start").notNull(),
    spanEnd: integer("span_end").notNull(),
    text: text("text").notNull(),
    score: real("score").notNull(),
    label: text("label", { enum: SUGGESTION_LABELS }).notNull(),
    // JSON array of the reasons behind the score.
    reasons: text("reasons").notNull(),
    claimant: text("claimant"),
    reportedBy: text("reported_by"),
    state: text("state", { enum: SUGGESTION_STATES }).notNull().default("open"),
    claimId: integer("claim_id").references(() => claims.id),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: text("decided_at"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    index("suggestions_article_idx").on(t.articleId, t.spanStart),
    check("suggestions_label_known", sql`${t.label} in ('check', 'maybe', 'skip')`),
    check("suggestions_state_known", sql`${t.state} in ('open', 'accepted', 'rejected')`),
    check("suggestions_span_ordered", sql`${t.spanStart} >= 0 and ${t.spanEnd} > ${t.spanStart}`),
  ],
);

// A reviewer's named set of queue filters (issue #13). Private to its owner
// until an editor shares it with the desk.
export const savedViews = sqliteTable(
  "saved_views",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    name: text("name").notNull(),
    // The queue's query string as queueHref writes it, without the page: "status=sourced&assignee=me".
    query: text("query").notNull(),
    shared: integer("shared", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("saved_views_owner_name_unique").on(t.ownerId, t.name),
    index("saved_views_shared_idx").on(t.shared, t.name),
    check("saved_views_name_length", sql`length(${t.name}) between 1 and 60`),
  ],
);

// Personal tokens for the "My claims" Atom feed: only a SHA-256 of the token is
// kept, so a copy of the database opens no one's feed. Revoked, never deleted.
export const feedTokens = sqliteTable(
  "feed_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("feed_tokens_hash_unique").on(t.tokenHash), index("feed_tokens_user_idx").on(t.userId)],
);

// When each person last opened "My claims": the page marks what came after.
// A reading position, not a change to the desk, so it is not audited.
export const deskVisits = sqliteTable("desk_visits", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  mineSeenAt: text("mine_seen_at").notNull(),
});

// One row per sign-in (issue #14): the account page lists the live ones, and
// ending one (or all the others) takes effect on that session's next request.
export const userSessions = sqliteTable(
  "user_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    // SHA-256 of the random session id carried in the (encrypted) session token.
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    userAgent: text("user_agent"),
    address: text("address"),
    // "password", or "password+totp" / "password+recovery" after a second factor.
    method: text("method").notNull(),
    endedAt: text("ended_at"),
  },
  (t) => [uniqueIndex("user_sessions_token_unique").on(t.tokenHash), index("user_sessions_user_idx").on(t.userId, t.endedAt)],
);

// Ten single-use recovery codes per user with two-factor sign-in; hashed like passwords.
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    createdAt: text("created_at").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

// Desk-wide settings an admin changes, e.g. which roles must use two-factor sign-in.
// The value is JSON; every change is audited.
export const deskSettings = sqliteTable("desk_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
});

// The public /about page (IFCN transparency), one row per section, edited by admins.
export const aboutSections = sqliteTable("about_sections", {
  key: text("key").primaryKey(),
  body: text("body").notNull(),
  updatedAt: text("updated_at").notNull(),
  updatedBy: integer("updated_by").references(() => users.id),
});

export const WEBHOOK_EVENT_TYPES = ["claim.published", "claim.corrected", "claim.unpublished", "claim.status_changed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

// Where the desk sends signed event notifications (Standard Webhooks).
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  url: text("url").notNull(),
  description: text("description").notNull().default(""),
  // JSON array of WebhookEventType.
  events: text("events").notNull(),
  // "whsec_" + base64 key, sealed with the app secret like TOTP secrets.
  secret: text("secret").notNull(),
  // An admin's explicit choice to let this endpoint reach a private address.
  allowPrivate: integer("allow_private", { mode: "boolean" }).notNull().default(false),
  createdBy: integer("created_by").references(() => users.id),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
  disabledAt: text("disabled_at"),
});

// The delivery queue: written in the same transaction as the change it reports,
// so a crash or restart loses nothing; a worker sends and retries with backoff.
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    // The webhook-id header: the same for every attempt, so receivers can drop repeats.
    messageId: text("message_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload").notNull(),
    auditEventId: integer("audit_event_id"),
    state: text("state", { enum: WEBHOOK_DELIVERY_STATES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    // A worker's claim on the row while it sends, so two processes never send it at once.
    lockedUntil: text("locked_until"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_message_unique").on(t.messageId),
    index("webhook_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    check("webhook_deliveries_state_known", sql`${t.state} in ('pending', 'delivered', 'failed')`),
  ],
);

// Every attempt at a delivery, with what the receiver answered: the delivery log.
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    at: text("at").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.id)],
);

// Rate limits (issue #15): every limiter's counters, shared by all server
// processes on the database and kept across restarts. One row per limiter
// ("bucket") and key (an account, an address, a person); times are epoch
// milliseconds, since these rows are arithmetic, not a record for people.
// Written outside mutate() and never audited: they are counters, not changes.
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    bucket: text("bucket").notNull(),
    key: text("key").notNull(),
    // Hits (failures, fetches) counted in the current window.
    count: integer("count").notNull().default(0),
    windowStart: integer("window_start").notNull(),
    lastAt: integer("last_at").notNull(),
    // A hard block's end, or a pacer's next turn; 0 when none.
    untilAt: integer("until_at").notNull().default(0),
    // Anything else a limiter keeps (JSON), e.g. a window's failed/throttled split.
    data: text("data"),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.key] }), index("rate_limits_last_at_idx").on(t.lastAt)],
);

// The shared page and data cache (issue #15): Next's cacheHandler keeps its
// entries here so every process (and every machine on this database) serves
// the same copy, bounded by size and evicted least recently used first.
export const cacheEntries = sqliteTable(
  "cache_entries",
  {
    key: text("key").primaryKey(),
    // Next's kind of entry (APP_PAGE, FETCH, ...) and the entry itself, serialised.
    kind: text("kind").notNull(),
    value: blob("value", { mode: "buffer" }).notNull(),
    // JSON array of the entry's tags, and its size in bytes (for the size bound).
    tags: text("tags").notNull().default("[]"),
    size: integer("size").notNull(),
    lastModified: integer("last_modified").notNull(),
    usedAt: integer("used_at").notNull(),
  },
  // Covering for the size bound: the total and the least-recently-used walk read
  // the index alone, never the blobs in the rows.
  (t) => [index("cache_entries_used_at_size_idx").on(t.usedAt, t.size)],
);

// When each cache tag was last expired (epoch ms): an entry stored before its
// tag's expiry is stale, in every process. A publish writes here.
export const cacheTags = sqliteTable("cache_tags", {
  tag: text("tag").primaryKey(),
  expiredAt: integer("expired_at").notNull(),
  // For a soft revalidation (serve stale while refetching): when it went stale.
  staleAt: integer("stale_at"),
});

export type UserRow = typeof users.$inferSelect;
export type ArticleRow = typeof articles.$inferSelect;
export type ClaimRow = typeof claims.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type SuggestionRow = typeof suggestions.$inferSelect;
export type PublicationRow = typeof publications.$inferSelect;
export type SavedViewRow = typeof savedViews.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
