import "server-only";
import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getConnection, getDb } from "@/db/client";
import {
  articles,
  CLAIM_STATUSES,
  claims,
  REVIEW_STAGES,
  users,
  type ClaimStatus,
  type ReviewStage,
} from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";

export const QUEUE_PAGE_SIZE = 50;

/**
 * Every order the queue can be read in. Each is served by an index of
 * db/schema.ts (claims_updated_idx, _created_idx, _priority_idx, _status_idx,
 * _stage_idx, _claimant_idx), walked forwards or backwards, so any sort costs
 * one page's worth of rows at 100,000 claims. That is why the ties inside a
 * status, stage or claimant follow the column's own direction (A–Z, then the
 * longest untouched first), and why the summary, article and assignee columns
 * have no sort: nothing indexes them.
 */
export const QUEUE_SORTS = [
  "newest",
  "updated-asc",
  "oldest",
  "priority",
  "priority-asc",
  "status",
  "status-desc",
  "stage",
  "stage-desc",
  "claimant",
  "claimant-desc",
] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The columns a reviewer can sort the queue by from its header. */
export const QUEUE_SORT_COLUMNS = ["status", "claimant", "priority", "stage", "updated"] as const;
export type QueueSortColumn = (typeof QUEUE_SORT_COLUMNS)[number];

export type SortDirection = "ascending" | "descending";

/**
 * What each sort means to a reader: its column (none for "oldest", the order
 * of creation, which has no column of its own) and direction as `aria-sort`
 * names it. Priority reads as urgency: "descending" puts High first.
 */
export const QUEUE_SORT_ORDER: Record<
  QueueSort,
  { column: QueueSortColumn | null; direction: SortDirection; label: string }
> = {
  newest: { column: "updated", direction: "descending", label: "most recently changed first" },
  "updated-asc": { column: "updated", direction: "ascending", label: "longest unchanged first" },
  oldest: { column: null, direction: "ascending", label: "oldest first" },
  priority: { column: "priority", direction: "descending", label: "priority, high first, then oldest" },
  "priority-asc": { column: "priority", direction: "ascending", label: "priority, low first, then newest" },
  status: { column: "status", direction: "ascending", label: "status A–Z, longest unchanged first" },
  "status-desc": { column: "status", direction: "descending", label: "status Z–A, most recently changed first" },
  stage: { column: "stage", direction: "ascending", label: "stage A–Z, longest unchanged first" },
  "stage-desc": { column: "stage", direction: "descending", label: "stage Z–A, most recently changed first" },
  claimant: { column: "claimant", direction: "ascending", label: "claimant A–Z, longest unchanged first" },
  "claimant-desc": { column: "claimant", direction: "descending", label: "claimant Z–A, most recently changed first" },
};

// A header's first click: what a reader most often wants from that column.
const FIRST_SORT: Record<QueueSortColumn, QueueSort> = {
  status: "status",
  claimant: "claimant",
  priority: "priority",
  stage: "stage",
  updated: "newest",
};

/** The sort a column's header links to: that column's usual order, or the reverse when it is already sorted so. */
export function sortForColumn(column: QueueSortColumn, current: QueueSort): QueueSort {
  const now = QUEUE_SORT_ORDER[current];
  if (now.column !== column) return FIRST_SORT[column];
  const reverse = QUEUE_SORTS.find(
    (sort) => QUEUE_SORT_ORDER[sort].column === column && QUEUE_SORT_ORDER[sort].direction !== now.direction,
  );
  return reverse ?? FIRST_SORT[column];
}

export const ASSIGNEE_FILTERS = ["me", "unassigned"] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

// A filter the URL got wrong is dropped, not an error: a shared link keeps working.
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

export const queueFiltersSchema = z.object({
  status: lenient(z.enum(CLAIM_STATUSES)),
  stage: lenient(z.enum(REVIEW_STAGES)),
  assignee: lenient(z.enum(ASSIGNEE_FILTERS)),
  article: lenient(z.string().trim().min(1).max(200)),
  claimant: lenient(z.string().trim().min(1).max(200)),
  sort: z.enum(QUEUE_SORTS).catch("newest").default("newest"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type QueueFilters = z.output<typeof queueFiltersSchema>;

/** The queue's filters from a URL's search parameters; unknown or malformed values are ignored. */
export function parseQueueFilters(params: Record<string, string | string[] | undefined>): QueueFilters {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return queueFiltersSchema.parse({
    status: single(params.status),
    stage: single(params.stage),
    assignee: single(params.assignee),
    article: single(params.article),
    claimant: single(params.claimant),
    sort: single(params.sort),
    page: single(params.page),
  });
}

/** The query string for a view of the queue, with defaults left out so links stay short. */
export function queueHref(filters: Partial<QueueFilters>): string {
  const query = new URLSearchParams();
  for (const key of ["status", "stage", "assignee", "article", "claimant"] as const) {
    const value = filters[key];
    if (value) query.set(key, value);
  }
  if (filters.sort && filters.sort !== "newest") query.set("sort", filters.sort);
  if (filters.page && filters.page > 1) query.set("page", String(filters.page));
  const text = query.toString();
  return text ? `/review?${text}` : "/review";
}

export interface QueueItem {
  id: number;
  /** The version a change made from the queue (bulk actions) must expect. */
  version: number;
  slug: string;
  summary: string;
  claimant: string | null;
  status: ClaimStatus;
  stage: ReviewStage;
  priority: number;
  assignee: { id: number; name: string } | null;
  createdAt: string;
  updatedAt: string;
  article: { slug: string; title: string };
}

export interface QueueCounts {
  total: number;
  status: Record<ClaimStatus, number>;
  stage: Record<ReviewStage, number>;
  /** "any" is the view without an assignee filter; "me" and "unassigned" narrow it. */
  assignee: Record<AssigneeFilter | "any", number>;
}

export interface QueuePage {
  filters: QueueFilters;
  items: QueueItem[];
  /** Matching claims across all pages. */
  matching: number;
  pageCount: number;
  /**
   * For each filter option, how many claims the view would hold with that
   * option chosen and the other filters kept.
   */
  counts: QueueCounts;
  article: { slug: string; title: string } | null;
}

type Dimension = "status" | "stage" | "assignee" | "article" | "claimant";

/**
 * The WHERE terms for the filters, leaving out `skip`. Status, stage and
 * "unassigned" match a large share of the desk; `broad` writes them with a
 * unary + so SQLite walks the sort's index and stops after one page instead of
 * sorting every match (https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_).
 */
function conditions(
  filters: QueueFilters,
  meId: number,
  articleId: number | null,
  skip?: Dimension,
  broad = false,
): SQL[] {
  const where: SQL[] = [];
  if (skip !== "status" && filters.status) {
    where.push(broad ? sql`+${claims.status} = ${filters.status}` : eq(claims.status, filters.status));
  }
  if (skip !== "stage" && filters.stage) {
    where.push(broad ? sql`+${claims.stage} = ${filters.stage}` : eq(claims.stage, filters.stage));
  }
  if (skip !== "assignee" && filters.assignee === "me") where.push(eq(claims.assigneeId, meId));
  if (skip !== "assignee" && filters.assignee === "unassigned") {
    where.push(broad ? sql`+${claims.assigneeId} is null` : isNull(claims.assigneeId));
  }
  // An article the desk does not hold matches nothing rather than everything.
  if (skip !== "article" && filters.article) where.push(articleId === null ? sql`0` : eq(claims.articleId, articleId));
  if (skip !== "claimant" && filters.claimant) where.push(eq(claims.claimant, filters.claimant));
  return where;
}

/** How many claims share one (stage, status, assignee): the desk's facets, one row per combination. */
interface FacetRow {
  stage: ReviewStage;
  status: ClaimStatus;
  assigneeId: number | null;
  n: number;
}

interface CountsEntry {
  matching: number;
  counts: QueueCounts;
}

// Counting used to run seven queries per view, each over every matching claim
// (50 ms a view after any write at 100,000 claims). Now one walk of the covering
// index claims_facets_idx (stage, status, assignee_id), in its own order so no
// sort is needed, gives a few hundred rows, and every count of every view is
// summed from them in memory: about 6 ms after a write at 100,000 claims
// (BENCHMARKS.md, count after write). Article and claimant narrow the walk
// first. The rows are kept until the desk changes. Every write appends an
// audit event in the same transaction, so the chain's head (id and hash) names
// the desk's state exactly, across processes too: a write from the command
// line moves it as well. The rows do not depend on who asks, so every
// reviewer's views share them.
const COUNTS_CACHE_SIZE = 500;
const facetCache = new Map<string, FacetRow[]>();

function deskRevision(): string {
  const { sqlite, file } = getConnection();
  const head = sqlite.prepare("select id, hash from audit_events order by id desc limit 1").get() as
    { id: number; hash: string } | undefined;
  return `${file}|${head ? `${head.id}:${head.hash}` : "empty"}`;
}

function facetRows(filters: QueueFilters, articleId: number | null): FacetRow[] {
  const key = JSON.stringify([deskRevision(), filters.article ? articleId : "any", filters.claimant ?? null]);
  const cached = facetCache.get(key);
  if (cached) {
    // Refresh its place: the map's insertion order is the eviction order.
    facetCache.delete(key);
    facetCache.set(key, cached);
    return cached;
  }
  const where: SQL[] = [];
  // An article the desk does not hold matches nothing rather than everything.
  if (filters.article) where.push(articleId === null ? sql`0` : eq(claims.articleId, articleId));
  if (filters.claimant) where.push(eq(claims.claimant, filters.claimant));
  const rows = getDb()
    .select({ stage: claims.stage, status: claims.status, assigneeId: claims.assigneeId, n: sql<number>`count(*)` })
    .from(claims)
    .where(and(...where))
    .groupBy(claims.stage, claims.status, claims.assigneeId)
    .all();
  facetCache.set(key, rows);
  if (facetCache.size > COUNTS_CACHE_SIZE) {
    const oldest = facetCache.keys().next().value;
    if (oldest !== undefined) facetCache.delete(oldest);
  }
  return rows;
}

/** Whether a facet row is in the view, leaving out `skip` (article and claimant were applied by the walk). */
function inView(row: FacetRow, filters: QueueFilters, meId: number, skip?: "status" | "stage" | "assignee"): boolean {
  if (skip !== "status" && filters.status && row.status !== filters.status) return false;
  if (skip !== "stage" && filters.stage && row.stage !== filters.stage) return false;
  if (skip !== "assignee" && filters.assignee === "me" && row.assigneeId !== meId) return false;
  if (skip !== "assignee" && filters.assignee === "unassigned" && row.assigneeId !== null) return false;
  return true;
}

function queueCounts(filters: QueueFilters, meId: number, articleId: number | null): CountsEntry {
  const rows = facetRows(filters, articleId);
  const status = Object.fromEntries(CLAIM_STATUSES.map((k) => [k, 0])) as Record<ClaimStatus, number>;
  const stage = Object.fromEntries(REVIEW_STAGES.map((k) => [k, 0])) as Record<ReviewStage, number>;
  const assignee = { any: 0, me: 0, unassigned: 0 };
  let matching = 0;
  let total = 0;
  for (const row of rows) {
    total += row.n;
    if (inView(row, filters, meId)) matching += row.n;
    if (inView(row, filters, meId, "status") && row.status in status) status[row.status] += row.n;
    if (inView(row, filters, meId, "stage") && row.stage in stage) stage[row.stage] += row.n;
    if (inView(row, filters, meId, "assignee")) {
      assignee.any += row.n;
      if (row.assigneeId === meId) assignee.me += row.n;
      if (row.assigneeId === null) assignee.unassigned += row.n;
    }
  }
  return { matching, counts: { total, status, stage, assignee } };
}

/** ORDER BY terms for a sort, ending on the id so equal rows keep one order across pages. */
function orderBy(sort: QueueSort): SQL[] {
  switch (sort) {
    case "newest":
      return [desc(claims.updatedAt), desc(claims.id)];
    case "updated-asc":
      return [asc(claims.updatedAt), asc(claims.id)];
    case "oldest":
      return [asc(claims.createdAt), asc(claims.id)];
    // Priority 1 is High.
    case "priority":
      return [asc(claims.priority), asc(claims.createdAt), asc(claims.id)];
    case "priority-asc":
      return [desc(claims.priority), desc(claims.createdAt), desc(claims.id)];
    case "status":
      return [asc(claims.status), asc(claims.updatedAt), asc(claims.id)];
    case "status-desc":
      return [desc(claims.status), desc(claims.updatedAt), desc(claims.id)];
    // The stages' names sort as their labels do (STAGE_LABELS), so A–Z on the key reads A–Z on screen.
    case "stage":
      return [asc(claims.stage), asc(claims.updatedAt), asc(claims.id)];
    case "stage-desc":
      return [desc(claims.stage), desc(claims.updatedAt), desc(claims.id)];
    // Claims with no claimant recorded come last either way; SQLite still walks claims_claimant_idx.
    case "claimant":
      return [sql`${claims.claimant} asc nulls last`, asc(claims.updatedAt), asc(claims.id)];
    case "claimant-desc":
      return [sql`${claims.claimant} desc nulls last`, desc(claims.updatedAt), desc(claims.id)];
  }
}

/**
 * The review queue: one page of claims for the filters in the URL, with the
 * counts each filter option would give. Every filter and sort is served by an
 * index (db/schema.ts), so a page costs the same at 100 claims or 100,000.
 */
export function listReviewQueue(input: { by: Principal | null; filters: QueueFilters }): QueuePage {
  authorize(input.by, "claim.edit");
  const by = input.by;
  const filters = input.filters;
  const meId = by.kind === "user" ? by.id : -1;
  const db = getDb();
  const article = filters.article
    ? (db
        .select({ id: articles.id, slug: articles.slug, title: articles.title })
        .from(articles)
        .where(eq(articles.slug, filters.article))
        .get() ?? null)
    : null;
  const articleId = article?.id ?? null;
  const { matching, counts } = queueCounts(filters, meId, articleId);
  const pageCount = Math.max(1, Math.ceil(matching / QUEUE_PAGE_SIZE));
  const page = Math.min(filters.page, pageCount);

  const order = orderBy(filters.sort);
  // When the view holds a good share of the desk, a page is found sooner by
  // walking the sort order than by sorting every match.
  // (counts.total leaves out status, stage and assignee, the filters that can be broad.)
  const broad = matching * 20 >= Math.max(counts.total, 1);

  const rows = db
    .select({
      id: claims.id,
      version: claims.version,
      slug: claims.slug,
      summary: claims.summary,
      claimant: claims.claimant,
      status: claims.status,
      stage: claims.stage,
      priority: claims.priority,
      assigneeId: claims.assigneeId,
      assigneeName: users.name,
      createdAt: claims.createdAt,
      updatedAt: claims.updatedAt,
      articleSlug: articles.slug,
      articleTitle: articles.title,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .leftJoin(users, eq(users.id, claims.assigneeId))
    .where(and(...conditions(filters, meId, articleId, undefined, broad)))
    .orderBy(...order)
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .all();

  return {
    filters: { ...filters, page },
    items: rows.map((r) => ({
      id: r.id,
      version: r.version,
      slug: r.slug,
      summary: r.summary,
      claimant: r.claimant,
      status: r.status,
      stage: r.stage,
      priority: r.priority,
      assignee: r.assigneeId !== null && r.assigneeName !== null ? { id: r.assigneeId, name: r.assigneeName } : null,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      article: { slug: r.articleSlug, title: r.articleTitle },
    })),
    matching,
    pageCount,
    counts,
    article,
  };
}

/** How many claims the queue holds for `filters`, as the queue page counts them (saved views; from the shared facet rows). */
export function countQueueMatches(input: { by: Principal | null; filters: QueueFilters }): number {
  authorize(input.by, "claim.edit");
  const filters = input.filters;
  const meId = input.by.kind === "user" ? input.by.id : -1;
  const articleId = filters.article
    ? (getDb().select({ id: articles.id }).from(articles).where(eq(articles.slug, filters.article)).get()?.id ?? null)
    : null;
  return queueCounts(filters, meId, articleId).matching;
}
