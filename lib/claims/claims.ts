import "server-only";
import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, writeTransaction, type Reader, type Tx } from "@/db/client";
import {
  articles,
  ATTRIBUTION_STATUSES,
  auditEvents,
  CLAIM_STATUSES,
  claims,
  comments,
  evidence,
  publications,
  STANCES,
  users,
  type ClaimRow,
  type AttributionStatus,
  type ClaimStatus,
  type PublicationKind,
  type ReviewStage,
  type Role,
  type SnapshotSource,
  type SourceCheckResult,
  type Stance,
} from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/events";
import { actorOf, authorize, type Principal } from "@/lib/auth/principal";
import { AppError, ConflictError } from "@/lib/errors";
import { slugify, uniqueSlug } from "@/lib/slug";
import { parseInput, type Loose } from "@/lib/validation";
import { fourEyesViolation, statusRuleViolation } from "./rules";

// ---------------------------------------------------------------- input schemas

const idSchema = z.coerce.number({ message: "Unknown claim." }).int().positive();
export const versionSchema = z.coerce
  .number({ message: "The page is missing the claim's version; reload it." })
  .int()
  .positive();
const reasonSchema = z.string().trim().max(2000, "At most 2,000 characters.");

export const summarySchema = z
  .string()
  .trim()
  .min(1, "A summary is required.")
  .max(75, "The summary must be 75 characters or fewer (it becomes ClaimReview's claimReviewed).");

export const claimInputSchema = z.object({
  articleId: idSchema,
  spanStart: z.coerce.number().int().min(0),
  spanEnd: z.coerce.number().int().min(1),
  summary: summarySchema,
  claimant: z.string().trim().max(200).nullish(),
  reportedBy: z.string().trim().max(200).nullish(),
});

export const statusChangeSchema = z.object({
  claimId: idSchema,
  expectedVersion: versionSchema,
  status: z.enum(CLAIM_STATUSES, { message: "Choose unverified, sourced or disputed." }),
  rationale: z.string().trim().max(5000, "The rationale is at most 5,000 characters."),
});

export const evidenceInputSchema = z.object({
  claimId: idSchema,
  url: z.url({ protocol: /^https?$/, message: "Enter a full http(s) URL." }).max(2000),
  title: z.string().trim().min(1, "A title is required.").max(300),
  publisher: z.string().trim().max(200).nullish(),
  quotedPassage: z.string().trim().max(5000, "The quoted passage is at most 5,000 characters.").nullish(),
  stance: z.enum(STANCES, { message: "Choose supports, contradicts or context." }),
  accessedAt: z.iso.datetime({ message: "Use an ISO date and time." }).nullish(),
  // Forms always send the version they showed; scripts adding evidence to a fresh claim may leave it out.
  expectedVersion: versionSchema.optional(),
});

export const evidenceRemovalSchema = z.object({
  evidenceId: z.coerce.number({ message: "Unknown evidence." }).int().positive(),
  expectedVersion: versionSchema.optional(),
  reason: reasonSchema.min(1, "Say why the evidence is removed."),
});

export const publishSchema = z.object({
  claimId: idSchema,
  expectedVersion: versionSchema,
  reason: reasonSchema.optional(),
});

export const unpublishSchema = z.object({
  claimId: idSchema,
  reason: reasonSchema.min(1, "Say why the verdict is withdrawn."),
});

// ---------------------------------------------------------------- DTOs

export interface PersonRef {
  id: number;
  name: string;
}

export interface EvidenceItem {
  id: number;
  url: string;
  title: string;
  publisher: string | null;
  quotedPassage: string | null;
  stance: Stance;
  accessedAt: string;
  addedBy: PersonRef;
  addedAt: string;
  removed: { at: string; reason: string | null } | null;
  snapshot: EvidenceSnapshotInfo | null;
  /** Why the server could not fetch the page when the evidence was added. */
  snapshotError: string | null;
  lastCheck: { at: string; result: SourceCheckResult } | null;
}

export interface EvidenceSnapshotInfo {
  source: SnapshotSource;
  text: string;
  sha256: string;
  fetchedAt: string;
}

/** A snapshot taken by lib/evidence when the evidence was added; never from the form. */
export type EvidenceSnapshotInput = EvidenceSnapshotInfo;

/** What someone needs to see when their edit was refused because the claim moved on. */
export interface ClaimState {
  version: number;
  status: ClaimStatus;
  rationale: string;
  summary: string;
  claimant: string | null;
  reportedBy: string | null;
  firstAppearedIn: string | null;
  attributionStatus: AttributionStatus;
  attributionNote: string;
  priority: number;
  updatedAt: string;
  lastChangedBy: string | null;
  /** What happened after the version the person saw, newest first (empty when unknown). */
  changesSince: HistoryEntry[];
}

export interface ClaimWorkspace extends ClaimState {
  id: number;
  slug: string;
  text: string;
  stage: ReviewStage;
  assignee: PersonRef | null;
  spanStart: number;
  spanEnd: number;
  statusSetBy: PersonRef | null;
  statusSetAt: string | null;
  article: { id: number; slug: string; title: string; outlet: string | null; url: string | null };
  evidence: EvidenceItem[];
  published: { status: ClaimStatus; at: string; by: PersonRef | null; version: number; current: boolean } | null;
}

export interface HistoryChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryEntry {
  id: number;
  at: string;
  /** The claim's version after this event, where the event recorded it. */
  version: number | null;
  actor: { name: string; role: Role | null };
  action: string;
  changes: HistoryChange[];
  reason: string | null;
}

/** The verdict frozen at publication: all the public ever sees of a claim. */
const snapshotSchema = z.object({
  status: z.enum(CLAIM_STATUSES),
  rationale: z.string(),
  text: z.string(),
  summary: z.string(),
  claimant: z.string().nullable(),
  reportedBy: z.string().nullable(),
  // Snapshots taken before the attribution chain existed lack these.
  firstAppearedIn: z.string().nullable().default(null),
  attributionStatus: z.enum(ATTRIBUTION_STATUSES).default("unconfirmed"),
  statusSetAt: z.string().nullable(),
  evidence: z.array(
    z.object({
      url: z.string(),
      title: z.string(),
      publisher: z.string().nullable(),
      quotedPassage: z.string().nullable(),
      stance: z.enum(STANCES),
      accessedAt: z.string(),
      // The SHA-256 of what the source said when cited, where a snapshot was kept.
      contentHash: z.string().nullable().default(null),
      snapshotFetchedAt: z.string().nullable().default(null),
    }),
  ),
});
export type VerdictSnapshot = z.output<typeof snapshotSchema>;

export interface PublicVerdictHistoryEntry {
  kind: PublicationKind;
  status: ClaimStatus | null;
  previousStatus: ClaimStatus | null;
  reason: string | null;
  at: string;
}

export interface PublishedClaim {
  slug: string;
  verdict: VerdictSnapshot;
  spanStart: number;
  spanEnd: number;
  publishedAt: string;
  firstPublishedAt: string;
  article: {
    slug: string;
    title: string;
    outlet: string | null;
    url: string | null;
    author: string | null;
    publishedAt: string | null;
  };
  history: PublicVerdictHistoryEntry[];
}

// ---------------------------------------------------------------- reads

export function loadClaim(tx: Reader, claimId: number): ClaimRow {
  const claim = tx.select().from(claims).where(eq(claims.id, claimId)).get();
  if (!claim) throw new AppError("not_found", "That claim does not exist.");
  return claim;
}

export function activeStances(tx: Reader, claimId: number): Stance[] {
  return tx
    .select({ stance: evidence.stance })
    .from(evidence)
    .where(and(eq(evidence.claimId, claimId), isNull(evidence.removedAt)))
    .all()
    .map((e) => e.stance);
}

function lastChangedBy(tx: Reader, claimId: number): string | null {
  const row = tx
    .select({ name: users.name })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.entityType, "claim"), eq(auditEvents.entityId, String(claimId))))
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  return row?.name ?? null;
}

function claimState(tx: Reader, claim: ClaimRow, seenVersion?: number): ClaimState {
  return {
    version: claim.version,
    status: claim.status,
    rationale: claim.rationale,
    summary: claim.summary,
    claimant: claim.claimant,
    reportedBy: claim.reportedBy,
    firstAppearedIn: claim.firstAppearedIn,
    attributionStatus: claim.attributionStatus,
    attributionNote: claim.attributionNote,
    priority: claim.priority,
    updatedAt: claim.updatedAt,
    lastChangedBy: lastChangedBy(tx, claim.id),
    changesSince:
      seenVersion === undefined
        ? []
        : historyOf(tx, claim.id).filter((e) => e.version !== null && e.version > seenVersion),
  };
}

/**
 * Refuses a stale edit: the person saw `expectedVersion`, the claim has moved
 * on. The error carries the claim as it is now and what changed since, so the
 * page can show both beside what the person typed.
 */
export function assertVersion(tx: Reader, claim: ClaimRow, expectedVersion: number | undefined): void {
  if (expectedVersion === undefined || claim.version === expectedVersion) return;
  const state = claimState(tx, claim, expectedVersion);
  throw new ConflictError(
    `Someone${state.lastChangedBy ? ` (${state.lastChangedBy})` : ""} changed this claim after you opened it. Your change was not saved; check the current state below and try again.`,
    state,
  );
}

export function nameOf(tx: Reader, userId: number | null): PersonRef | null {
  if (userId === null) return null;
  const row = tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, userId)).get();
  return row ?? null;
}

export function getClaimWorkspace(input: { by: Principal | null; slug: string }): ClaimWorkspace | null {
  authorize(input.by, "claim.edit");
  const db = getDb();
  const claim = db.select().from(claims).where(eq(claims.slug, input.slug)).get();
  if (!claim) return null;
  const article = db
    .select({ id: articles.id, slug: articles.slug, title: articles.title, outlet: articles.outlet, url: articles.url })
    .from(articles)
    .where(eq(articles.id, claim.articleId))
    .get();
  if (!article) return null;
  const evidenceRows = db
    .select({
      id: evidence.id,
      url: evidence.url,
      title: evidence.title,
      publisher: evidence.publisher,
      quotedPassage: evidence.quotedPassage,
      stance: evidence.stance,
      accessedAt: evidence.accessedAt,
      addedAt: evidence.addedAt,
      removedAt: evidence.removedAt,
      removalReason: evidence.removalReason,
      snapshotSource: evidence.snapshotSource,
      snapshotText: evidence.snapshotText,
      snapshotFetchedAt: evidence.snapshotFetchedAt,
      snapshotError: evidence.snapshotError,
      contentHash: evidence.contentHash,
      lastCheckedAt: evidence.lastCheckedAt,
      lastCheckResult: evidence.lastCheckResult,
      addedById: users.id,
      addedByName: users.name,
    })
    .from(evidence)
    .innerJoin(users, eq(users.id, evidence.addedBy))
    .where(eq(evidence.claimId, claim.id))
    .orderBy(evidence.id)
    .all();
  return {
    ...claimState(db, claim),
    id: claim.id,
    slug: claim.slug,
    text: claim.text,
    stage: claim.stage,
    assignee: nameOf(db, claim.assigneeId),
    spanStart: claim.spanStart,
    spanEnd: claim.spanEnd,
    statusSetBy: nameOf(db, claim.statusSetBy),
    statusSetAt: claim.statusSetAt,
    article,
    evidence: evidenceRows.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      publisher: e.publisher,
      quotedPassage: e.quotedPassage,
      stance: e.stance,
      accessedAt: e.accessedAt,
      addedBy: { id: e.addedById, name: e.addedByName },
      addedAt: e.addedAt,
      removed: e.removedAt ? { at: e.removedAt, reason: e.removalReason } : null,
      snapshot:
        e.snapshotSource && e.snapshotText !== null && e.contentHash && e.snapshotFetchedAt
          ? { source: e.snapshotSource, text: e.snapshotText, sha256: e.contentHash, fetchedAt: e.snapshotFetchedAt }
          : null,
      snapshotError: e.snapshotError,
      lastCheck: e.lastCheckedAt && e.lastCheckResult ? { at: e.lastCheckedAt, result: e.lastCheckResult } : null,
    })),
    published:
      claim.publishedAt && claim.publishedStatus && claim.publishedVersion !== null
        ? {
            status: claim.publishedStatus,
            at: claim.publishedAt,
            by: nameOf(db, claim.publishedBy),
            version: claim.publishedVersion,
            current: claim.publishedVersion === claim.version,
          }
        : null,
  };
}

function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Field-level differences between an event's before and after. */
export function diffFields(before: unknown, after: unknown): HistoryChange[] {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(before) && !isRecord(after)) {
    return before === null && after === null ? [] : [{ field: "value", before, after }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null }));
}

function recordedVersion(after: unknown): number | null {
  if (typeof after !== "object" || after === null) return null;
  const record = after as Record<string, unknown>;
  const version = record.claimVersion ?? record.version;
  return typeof version === "number" ? version : null;
}

/** Every audit event about the claim, its evidence and its comments, newest first. */
function historyOf(db: Reader, claimId: number): HistoryEntry[] {
  const related = (table: typeof evidence | typeof comments) =>
    db
      .select({ id: table.id })
      .from(table)
      .where(eq(table.claimId, claimId))
      .all()
      .map((e) => String(e.id));
  const evidenceIds = related(evidence);
  const commentIds = related(comments);
  const rows = db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      actorKind: auditEvents.actorKind,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      reason: auditEvents.reason,
      name: users.name,
      role: users.role,
    })
    .from(auditEvents)
    .leftJoin(users, and(eq(auditEvents.actorKind, "user"), eq(users.id, auditEvents.actorId)))
    .where(
      or(
        and(eq(auditEvents.entityType, "claim"), eq(auditEvents.entityId, String(claimId))),
        evidenceIds.length > 0
          ? and(eq(auditEvents.entityType, "evidence"), inArray(auditEvents.entityId, evidenceIds))
          : undefined,
        commentIds.length > 0
          ? and(eq(auditEvents.entityType, "comment"), inArray(auditEvents.entityId, commentIds))
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .all();
  return rows.map((r) => {
    const after = parseJson(r.after);
    return {
      id: r.id,
      at: r.at,
      version: recordedVersion(after),
      actor: { name: r.name ?? (r.actorKind === "system" ? "System" : "Public"), role: r.role },
      action: r.action,
      changes: diffFields(parseJson(r.before), after),
      reason: r.reason,
    };
  });
}

export function getClaimHistory(input: { by: Principal | null; claimId: number }): HistoryEntry[] {
  authorize(input.by, "claim.edit");
  return historyOf(getDb(), input.claimId);
}

export function getPublishedClaim(slug: string): PublishedClaim | null {
  const parsedSlug = z.string().min(1).max(200).safeParse(slug);
  if (!parsedSlug.success) return null;
  const db = getDb();
  const row = db
    .select({
      id: claims.id,
      slug: claims.slug,
      spanStart: claims.spanStart,
      spanEnd: claims.spanEnd,
      snapshot: claims.publishedSnapshot,
      publishedAt: claims.publishedAt,
      firstPublishedAt: claims.firstPublishedAt,
      articleSlug: articles.slug,
      articleTitle: articles.title,
      articleOutlet: articles.outlet,
      articleUrl: articles.url,
      articleAuthor: articles.author,
      articlePublishedAt: articles.publishedAt,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(and(eq(claims.slug, parsedSlug.data), isNotNull(claims.publishedAt)))
    .get();
  if (!row || !row.snapshot || !row.publishedAt) return null;
  const verdict = snapshotSchema.parse(JSON.parse(row.snapshot));
  const history = db
    .select({
      kind: publications.kind,
      status: publications.status,
      previousStatus: publications.previousStatus,
      reason: publications.reason,
      at: publications.at,
    })
    .from(publications)
    .where(eq(publications.claimId, row.id))
    .orderBy(desc(publications.at), desc(publications.id))
    .all();
  return {
    slug: row.slug,
    verdict,
    spanStart: row.spanStart,
    spanEnd: row.spanEnd,
    publishedAt: row.publishedAt,
    firstPublishedAt: row.firstPublishedAt ?? row.publishedAt,
    article: {
      slug: row.articleSlug,
      title: row.articleTitle,
      outlet: row.articleOutlet,
      url: row.articleUrl,
      author: row.articleAuthor,
      publishedAt: row.articlePublishedAt,
    },
    history,
  };
}

// ---------------------------------------------------------------- writes

export interface ClaimRef {
  id: number;
  slug: string;
}

export type ClaimInput = z.output<typeof claimInputSchema>;

/**
 * Inserts a claim and its audit event inside the caller's write transaction,
 * for callers that must create it together with other rows (accepting an
 * extractor suggestion). `data` must already be parsed with claimInputSchema.
 */
export function insertClaim(tx: Tx, by: Principal, data: ClaimInput): ClaimRef {
  const article = tx.select({ body: articles.body }).from(articles).where(eq(articles.id, data.articleId)).get();
  if (!article) throw new AppError("not_found", "That article does not exist.");
  if (data.spanEnd <= data.spanStart || data.spanEnd > article.body.length) {
    throw new AppError("invalid", "The claim's span does not lie inside the article.", { spanEnd: ["Out of range."] });
  }
  // The claim's text is always exactly what the article says at its offsets.
  const text = article.body.slice(data.spanStart, data.spanEnd).trim();
  if (text.length === 0) throw new AppError("invalid", "The selected span is empty.");
  const slug = uniqueSlug(slugify(data.summary), (s) =>
    Boolean(tx.select({ id: claims.id }).from(claims).where(eq(claims.slug, s)).get()),
  );
  const now = new Date().toISOString();
  const row = tx
    .insert(claims)
    .values({
      slug,
      articleId: data.articleId,
      text,
      summary: data.summary,
      claimant: data.claimant || null,
      reportedBy: data.reportedBy || null,
      spanStart: data.spanStart,
      spanEnd: data.spanEnd,
      createdBy: by.kind === "user" ? by.id : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: claims.id, slug: claims.slug })
    .get();
  appendAuditEvent(tx, {
    actor: actorOf(by),
    action: "claim.created",
    entityType: "claim",
    entityId: row.id,
    after: {
      slug,
      text,
      summary: data.summary,
      claimant: data.claimant || null,
      reportedBy: data.reportedBy || null,
      status: "unverified",
    },
  });
  return row;
}

export function createClaim(input: Loose<typeof claimInputSchema> & { by: Principal | null }): ClaimRef {
  authorize(input.by, "claim.edit");
  const data = parseInput(claimInputSchema, input);
  const by = input.by;
  return writeTransaction((tx) => insertClaim(tx, by, data));
}

export interface StatusChangeResult {
  version: number;
  status: ClaimStatus;
}

/** Sets a claim's verdict under the status rules and the version check (DESIGN.md, Status rules). */
export function setClaimStatus(input: Loose<typeof statusChangeSchema> & { by: Principal | null }): StatusChangeResult {
  authorize(input.by, "claim.edit");
  const data = parseInput(statusChangeSchema, input);
  const by = input.by;
  return writeTransaction((tx) => {
    const claim = loadClaim(tx, data.claimId);
    assertVersion(tx, claim, data.expectedVersion);
    if (claim.status === data.status && claim.rationale === data.rationale) {
      throw new AppError("invalid", "Nothing changed: the status and rationale are as they were.");
    }
    const violation = statusRuleViolation(data.status, data.rationale, activeStances(tx, claim.id));
    if (violation) throw new AppError("rule", violation, { status: [violation] });
    const now = new Date().toISOString();
    const version = claim.version + 1;
    tx.update(claims)
      .set({
        status: data.status,
        rationale: data.rationale,
        version,
        statusSetBy: by.kind === "user" ? by.id : null,
        statusSetAt: now,
        updatedAt: now,
      })
      .where(and(eq(claims.id, claim.id), eq(claims.version, claim.version)))
      .run();
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: "claim.status_changed",
      entityType: "claim",
      entityId: claim.id,
      before: { status: claim.status, rationale: claim.rationale, version: claim.version },
      after: { status: data.status, rationale: data.rationale, version },
    });
    return { version, status: data.status };
  });
}

/** Records that the claim changed: every edit moves its version on, so stale edits can be refused. */
export function bumpVersion(tx: Tx, claim: ClaimRow, now: string): number {
  const version = claim.version + 1;
  tx.update(claims).set({ version, updatedAt: now }).where(eq(claims.id, claim.id)).run();
  return version;
}

export function addEvidence(
  input: Loose<typeof evidenceInputSchema> & {
    by: Principal | null;
    /** What the source said when cited (lib/evidence), or why it could not be fetched. */
    snapshot?: EvidenceSnapshotInput | null;
    snapshotError?: string | null;
  },
): { id: number; version: number } {
  authorize(input.by, "claim.edit");
  const data = parseInput(evidenceInputSchema, input);
  const by = input.by;
  if (by.kind !== "user") throw new AppError("forbidden", "Evidence is added by a person.");
  const snapshot = input.snapshot ?? null;
  return writeTransaction((tx) => {
    const claim = loadClaim(tx, data.claimId);
    assertVersion(tx, claim, data.expectedVersion);
    const now = new Date().toISOString();
    const values = {
      claimId: claim.id,
      url: data.url,
      title: data.title,
      publisher: data.publisher || null,
      quotedPassage: data.quotedPassage || null,
      stance: data.stance,
      accessedAt: data.accessedAt ?? snapshot?.fetchedAt ?? now,
      addedBy: by.id,
      addedAt: now,
      snapshotSource: snapshot?.source ?? null,
      snapshotText: snapshot?.text ?? null,
      snapshotFetchedAt: snapshot?.fetchedAt ?? null,
      contentHash: snapshot?.sha256 ?? null,
      // Kept beside a pasted passage too: the reviewer sees why the page itself was not copied.
      snapshotError: input.snapshotError ?? null,
    };
    const row = tx.insert(evidence).values(values).returning({ id: evidence.id }).get();
    const version = bumpVersion(tx, claim, now);
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: "evidence.added",
      entityType: "evidence",
      entityId: row.id,
      after: {
        claimId: claim.id,
        claimVersion: version,
        url: values.url,
        title: values.title,
        publisher: values.publisher,
        stance: values.stance,
        quotedPassage: values.quotedPassage,
        snapshot: snapshot ? { source: snapshot.source, sha256: snapshot.sha256, fetchedAt: snapshot.fetchedAt } : null,
      },
    });
    return { id: row.id, version };
  });
}

export function removeEvidence(input: Loose<typeof evidenceRemovalSchema> & { by: Principal | null }): {
  version: number;
} {
  authorize(input.by, "claim.edit");
  const data = parseInput(evidenceRemovalSchema, input);
  const by = input.by;
  return writeTransaction((tx) => {
    const item = tx.select().from(evidence).where(eq(evidence.id, data.evidenceId)).get();
    if (!item) throw new AppError("not_found", "That evidence does not exist.");
    if (item.removedAt) throw new AppError("invalid", "That evidence was already removed.");
    const claim = loadClaim(tx, item.claimId);
    assertVersion(tx, claim, data.expectedVersion);
    const remaining = activeStances(tx, claim.id);
    remaining.splice(remaining.indexOf(item.stance), 1);
    // Removing the last support of a sourced claim would leave a verdict with nothing behind it.
    const violation = statusRuleViolation(claim.status, claim.rationale, remaining);
    if (violation) {
      throw new AppError(
        "rule",
        `This is the evidence the current "${claim.status}" verdict rests on. Change the status first. (${violation})`,
      );
    }
    const now = new Date().toISOString();
    tx.update(evidence)
      .set({ removedAt: now, removedBy: by.kind === "user" ? by.id : null, removalReason: data.reason })
      .where(eq(evidence.id, item.id))
      .run();
    const version = bumpVersion(tx, claim, now);
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: "evidence.removed",
      entityType: "evidence",
      entityId: item.id,
      before: { claimId: claim.id, url: item.url, title: item.title, stance: item.stance, removed: false },
      after: { claimId: claim.id, claimVersion: version, removed: true },
      reason: data.reason,
    });
    return { version };
  });
}

function snapshotOf(tx: Tx, claim: ClaimRow): VerdictSnapshot {
  const items = tx
    .select({
      url: evidence.url,
      title: evidence.title,
      publisher: evidence.publisher,
      quotedPassage: evidence.quotedPassage,
      stance: evidence.stance,
      accessedAt: evidence.accessedAt,
      contentHash: evidence.contentHash,
      snapshotFetchedAt: evidence.snapshotFetchedAt,
    })
    .from(evidence)
    .where(and(eq(evidence.claimId, claim.id), isNull(evidence.removedAt)))
    .orderBy(evidence.id)
    .all();
  return {
    status: claim.status,
    rationale: claim.rationale,
    text: claim.text,
    summary: claim.summary,
    claimant: claim.claimant,
    reportedBy: claim.reportedBy,
    firstAppearedIn: claim.firstAppearedIn,
    attributionStatus: claim.attributionStatus,
    statusSetAt: claim.statusSetAt,
    evidence: items,
  };
}

/** Which public pages show the claim: the caller refreshes their caches after a publication. */
export interface PublicPages {
  slug: string;
  articleSlug: string;
}

export interface PublishResult extends PublicPages {
  kind: PublicationKind;
  publishedAt: string;
}

function publicPagesOf(tx: Tx, claim: ClaimRow): PublicPages {
  const article = tx.select({ slug: articles.slug }).from(articles).where(eq(articles.id, claim.articleId)).get();
  if (!article) throw new AppError("not_found", "That claim's article does not exist.");
  return { slug: claim.slug, articleSlug: article.slug };
}

/**
 * Copies the claim's current verdict to its public page. Four-eyes: the editor
 * must not be the one who set the status. A later publication is a correction
 * and needs a reason, which the public history and corrections log show.
 */
export function publishClaim(input: Loose<typeof publishSchema> & { by: Principal | null }): PublishResult {
  authorize(input.by, "claim.publish");
  const data = parseInput(publishSchema, input);
  const by = input.by;
  if (by.kind !== "user") throw new AppError("forbidden", "A verdict is published by an editor, not by the system.");
  return writeTransaction((tx) => {
    const claim = loadClaim(tx, data.claimId);
    assertVersion(tx, claim, data.expectedVersion);
    const fourEyes = fourEyesViolation(by.id, claim.statusSetBy);
    if (fourEyes) throw new AppError("rule", fourEyes);
    if (claim.rationale.trim().length === 0)
      throw new AppError("rule", "A verdict needs a rationale before it is published.");
    if (claim.publishedAt && claim.publishedVersion === claim.version) {
      throw new AppError("invalid", "This verdict is already published as it stands.");
    }
    const kind: PublicationKind = claim.firstPublishedAt ? "correction" : "published";
    const reason = data.reason?.trim() || null;
    if (kind === "correction" && !reason) {
      throw new AppError(
        "invalid",
        "This claim was published before, so this is a correction: say what changed and why.",
        {
          reason: ["Required for a correction."],
        },
      );
    }
    const snapshot = snapshotOf(tx, claim);
    const now = new Date().toISOString();
    tx.update(claims)
      .set({
        publishedStatus: claim.status,
        publishedSnapshot: JSON.stringify(snapshot),
        publishedVersion: claim.version,
        publishedBy: by.id,
        publishedAt: now,
        firstPublishedAt: claim.firstPublishedAt ?? now,
      })
      .where(eq(claims.id, claim.id))
      .run();
    const previous = tx
      .select({ status: publications.status })
      .from(publications)
      .where(and(eq(publications.claimId, claim.id), isNotNull(publications.status)))
      .orderBy(desc(publications.id))
      .limit(1)
      .get();
    tx.insert(publications)
      .values({
        claimId: claim.id,
        kind,
        status: claim.status,
        previousStatus: previous?.status ?? null,
        snapshot: JSON.stringify(snapshot),
        reason,
        claimVersion: claim.version,
        publishedBy: by.id,
        at: now,
      })
      .run();
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: kind === "correction" ? "claim.corrected" : "claim.published",
      entityType: "claim",
      entityId: claim.id,
      before: { publishedStatus: claim.publishedStatus, publishedVersion: claim.publishedVersion },
      after: { publishedStatus: claim.status, publishedVersion: claim.version },
      reason,
    });
    return { ...publicPagesOf(tx, claim), kind, publishedAt: now };
  });
}

export function unpublishClaim(input: Loose<typeof unpublishSchema> & { by: Principal | null }): PublicPages {
  authorize(input.by, "claim.publish");
  const data = parseInput(unpublishSchema, input);
  const by = input.by;
  if (by.kind !== "user") throw new AppError("forbidden", "A verdict is withdrawn by an editor, not by the system.");
  return writeTransaction((tx) => {
    const claim = loadClaim(tx, data.claimId);
    if (!claim.publishedAt) throw new AppError("invalid", "This claim is not published.");
    const now = new Date().toISOString();
    tx.update(claims)
      .set({
        publishedAt: null,
        publishedStatus: null,
        publishedSnapshot: null,
        publishedVersion: null,
        publishedBy: null,
      })
      .where(eq(claims.id, claim.id))
      .run();
    tx.insert(publications)
      .values({
        claimId: claim.id,
        kind: "unpublished",
        status: null,
        previousStatus: claim.publishedStatus,
        reason: data.reason,
        claimVersion: claim.version,
        publishedBy: by.id,
        at: now,
      })
      .run();
    appendAuditEvent(tx, {
      actor: actorOf(by),
      action: "claim.unpublished",
      entityType: "claim",
      entityId: claim.id,
      before: { publishedStatus: claim.publishedStatus, publishedVersion: claim.publishedVersion },
      after: { publishedStatus: null, publishedVersion: null },
      reason: data.reason,
    });
    return publicPagesOf(tx, claim);
  });
}

/** How many claims exist; the start script seeds the demo desk only into an empty one. */
export function countClaims(): number {
  return (
    getDb()
      .select({ n: sql<number>`count(*)` })
      .from(claims)
      .get()?.n ?? 0
  );
}
