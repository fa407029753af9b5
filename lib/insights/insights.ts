import "server-only";
import { z } from "zod";
import { getConnection } from "@/db/client";
import type { ClaimStatus } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { insightsAggregate, type ClaimFacts, type InsightsAggregate, type Occurrence } from "./aggregate";
import { addDays, daysBetween, medianAndP90, roundDays, weekOf, weeksBetween } from "./maths";

// The insights page's numbers (issue #14, part 1): what the desk brought in,
// decided and published week by week, how long that took, what sits idle, who
// carries the work, the balance of verdicts by claimant, and corrections. For
// editors and admins: they answer funders and IFCN assessors.

export const INSIGHTS_DEFAULT_WEEKS = 12;
export const INSIGHTS_MAX_WEEKS = 104;
export const INSIGHTS_DEFAULT_IDLE_DAYS = 7;
/** Claimants shown by name in the balance chart; the rest are summed as "Everyone else". */
export const CLAIMANTS_SHOWN = 12;

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const dateSchema = z.iso.date({ message: "Use a date like 2026-03-05." });

export const insightsFilterSchema = z
  .object({
    from: z.preprocess(blank, dateSchema.optional()),
    to: z.preprocess(blank, dateSchema.optional()),
    article: z.preprocess(
      blank,
      z.string().trim().max(200, "An article's address is at most 200 characters.").optional(),
    ),
    claimant: z.preprocess(blank, z.string().trim().max(200, "A claimant is at most 200 characters.").optional()),
    idle: z.preprocess(
      blank,
      z.coerce
        .number({ message: "Idle days must be a number from 1 to 365." })
        .int("Idle days must be a whole number.")
        .min(1, "Idle days must be a number from 1 to 365.")
        .max(365, "Idle days must be a number from 1 to 365.")
        .default(INSIGHTS_DEFAULT_IDLE_DAYS),
    ),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: "The end date must be on or after the start date.",
    path: ["to"],
  });

export const INSIGHTS_FILTER_KEYS = ["from", "to", "article", "claimant", "idle"] as const;
export type InsightsFilterInput = Partial<Record<(typeof INSIGHTS_FILTER_KEYS)[number], unknown>>;

/** The filters in force, with the default range filled in. */
export interface InsightsFilters {
  from: string;
  to: string;
  article: string | null;
  claimant: string | null;
  idleDays: number;
}

export interface InsightsPerson {
  id: number | null;
  name: string;
}

export interface Insights {
  filters: InsightsFilters;
  /** The article the filter names, when the desk holds it. */
  article: { slug: string; title: string } | null;
  /** The newest audit event the numbers include. */
  asOfEventId: number;
  /** Matching claims, whatever their dates. */
  claimsInScope: number;
  flow: { week: string; broughtIn: number; verdicts: number; published: number }[];
  cycle: {
    week: string;
    toVerdictMedian: number | null;
    toVerdictP90: number | null;
    toVerdictCount: number;
    toPublicationMedian: number | null;
    toPublicationP90: number | null;
    toPublicationCount: number;
  }[];
  idle: { assignee: InsightsPerson; claims: number; oldestDays: number }[];
  workload: { person: InsightsPerson; role: string; open: number; verdicts: number; published: number }[];
  claimants: { claimant: string; sourced: number; disputed: number; total: number }[];
  corrections: { week: string; corrections: number; withdrawals: number; requests: number }[];
}

export const INSIGHT_CHARTS = ["flow", "cycle", "idle", "workload", "claimants", "corrections"] as const;
export type InsightChart = (typeof INSIGHT_CHARTS)[number];

interface Scope {
  /** No article or claimant filter: every claim matches, and events need not look theirs up. */
  everyClaim: boolean;
  from: string;
  /** Exclusive: the start of the day after `to`. */
  before: string;
  matches: (facts: ClaimFacts | undefined) => facts is ClaimFacts;
}

function resolveFilters(
  input: InsightsFilterInput,
  today: string,
): Omit<InsightsFilters, "article" | "claimant"> & {
  article?: string;
  claimant?: string;
} {
  const parsed = parseInput(insightsFilterSchema, input);
  const to = parsed.to ?? (parsed.from && parsed.from > today ? parsed.from : today);
  const from = parsed.from ?? addDays(weekOf(to), -7 * (INSIGHTS_DEFAULT_WEEKS - 1));
  if (weeksBetween(from, to).length > INSIGHTS_MAX_WEEKS) {
    const message = `Choose at most ${INSIGHTS_MAX_WEEKS} weeks (two years).`;
    throw new AppError("invalid", message, { from: [message] });
  }
  return { from, to, article: parsed.article, claimant: parsed.claimant, idleDays: parsed.idle };
}

function inRange(scope: Scope, at: string): boolean {
  return at >= scope.from && at < scope.before;
}

function weekly<T>(weeks: string[], make: () => T): Map<string, T> {
  return new Map(weeks.map((week) => [week, make()]));
}

function countWeekly(
  aggregate: InsightsAggregate,
  scope: Scope,
  list: readonly Occurrence[],
  add: (week: string, occurrence: Occurrence) => void,
) {
  for (const occurrence of list) {
    if (!inRange(scope, occurrence.at)) continue;
    if (!scope.everyClaim && !scope.matches(aggregate.claims.get(occurrence.claimId))) continue;
    add(occurrence.week, occurrence);
  }
}

/**
 * The insights for `filters` as of now. `now` is a parameter so tests can ask
 * what the desk looks like days later (idle claims) without moving the clock.
 */
export function getInsights(options: { by: Principal | null; filters?: InsightsFilterInput; now?: Date }): Insights {
  authorize(options.by, "claim.publish");
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const resolved = resolveFilters(options.filters ?? {}, nowIso.slice(0, 10));
  const { sqlite } = getConnection();

  const read = sqlite.transaction(() => {
    const aggregate = insightsAggregate(sqlite);
    const article = resolved.article
      ? (sqlite
          .prepare<[string], { id: number; slug: string; title: string }>(
            "select id, slug, title from articles where slug = ?",
          )
          .get(resolved.article) ?? null)
      : null;
    const people = sqlite
      .prepare<[], { id: number; name: string; role: string }>("select id, name, role from users order by name, id")
      .all();
    return { aggregate, article, people };
  });
  const { aggregate, article, people } = read();

  const claimant = resolved.claimant?.toLowerCase();
  // An article the desk does not hold matches nothing rather than everything (as the queue does).
  const articleId = resolved.article ? (article?.id ?? -1) : null;
  const scope: Scope = {
    everyClaim: articleId === null && claimant === undefined,
    from: `${resolved.from}T00:00:00.000Z`,
    before: `${addDays(resolved.to, 1)}T00:00:00.000Z`,
    matches: (facts): facts is ClaimFacts =>
      facts !== undefined &&
      facts.createdAt !== "" &&
      (articleId === null || facts.articleId === articleId) &&
      (claimant === undefined || facts.claimant?.toLowerCase() === claimant),
  };
  const weeks = weeksBetween(resolved.from, resolved.to);
  const names = new Map(people.map((p) => [p.id, p]));
  const personOf = (id: number | null): InsightsPerson =>
    id === null ? { id: null, name: "Unassigned" } : { id, name: names.get(id)?.name ?? `User ${id}` };

  // ---- flow, cycle times, idle claims and open work, from each claim in scope
  const flow = weekly(weeks, () => ({ broughtIn: 0, verdicts: 0, published: 0 }));
  const toVerdict = weekly(weeks, (): number[] => []);
  const toPublication = weekly(weeks, (): number[] => []);
  const idle = new Map<number | null, { claims: number; oldest: string }>();
  const open = new Map<number, number>();
  let claimsInScope = 0;
  const idleBefore = new Date(now.getTime() - resolved.idleDays * 86_400_000).toISOString();
  for (const facts of aggregate.claims.values()) {
    if (!scope.matches(facts)) continue;
    claimsInScope += 1;
    // Weeks and durations were worked out once, in the aggregate: a request only compares and counts.
    if (inRange(scope, facts.createdAt)) {
      const row = flow.get(facts.createdWeek);
      if (row) row.broughtIn += 1;
    }
    if (facts.firstVerdictAt && facts.intakeToVerdictDays !== null && inRange(scope, facts.firstVerdictAt)) {
      toVerdict.get(facts.firstVerdictWeek ?? "")?.push(facts.intakeToVerdictDays);
    }
    if (facts.firstPublishedAt && facts.verdictToPublicationDays !== null && inRange(scope, facts.firstPublishedAt)) {
      toPublication.get(facts.firstPublishedWeek ?? "")?.push(facts.verdictToPublicationDays);
    }
    // Open work: not published as it stands. Idle: untouched for longer than the chosen days.
    if (facts.stage === "published") continue;
    if (facts.assigneeId !== null) open.set(facts.assigneeId, (open.get(facts.assigneeId) ?? 0) + 1);
    if (facts.updatedAt < idleBefore) {
      const entry = idle.get(facts.assigneeId) ?? { claims: 0, oldest: "" };
      entry.claims += 1;
      // The oldest is the smallest updatedAt: its days are worked out once, below.
      if (entry.oldest === "" || facts.updatedAt < entry.oldest) entry.oldest = facts.updatedAt;
      idle.set(facts.assigneeId, entry);
    }
  }

  // ---- events in range: verdicts, publications, corrections, requests
  const verdictsBy = new Map<number, number>();
  const publishedBy = new Map<number, number>();
  countWeekly(aggregate, scope, aggregate.verdicts, (week, o) => {
    const row = flow.get(week);
    if (row) row.verdicts += 1;
    if (o.actorId !== null) verdictsBy.set(o.actorId, (verdictsBy.get(o.actorId) ?? 0) + 1);
  });
  // The verdict each claim stood at when it was last published or corrected in the range.
  const latestPublished = new Map<number, ClaimStatus | null>();
  countWeekly(aggregate, scope, aggregate.publications, (week, o) => {
    const row = flow.get(week);
    if (row) row.published += 1;
    if (o.actorId !== null) publishedBy.set(o.actorId, (publishedBy.get(o.actorId) ?? 0) + 1);
    latestPublished.set(o.claimId, o.status);
  });
  const corrections = weekly(weeks, () => ({ corrections: 0, withdrawals: 0, requests: 0 }));
  countWeekly(aggregate, scope, aggregate.corrections, (week, o) => {
    const row = corrections.get(week);
    if (row) row.corrections += 1;
    if (o.actorId !== null) publishedBy.set(o.actorId, (publishedBy.get(o.actorId) ?? 0) + 1);
    latestPublished.set(o.claimId, o.status);
  });
  countWeekly(aggregate, scope, aggregate.withdrawals, (week) => {
    const row = corrections.get(week);
    if (row) row.withdrawals += 1;
  });
  countWeekly(aggregate, scope, aggregate.requests, (week) => {
    const row = corrections.get(week);
    if (row) row.requests += 1;
  });

  // ---- verdicts by claimant: published in the range, each claim once, at its latest verdict
  const byClaimant = new Map<string, { sourced: number; disputed: number }>();
  for (const [claimId, status] of latestPublished) {
    if (status !== "sourced" && status !== "disputed") continue;
    const name = aggregate.claims.get(claimId)?.claimant?.trim() || "No claimant recorded";
    const entry = byClaimant.get(name) ?? { sourced: 0, disputed: 0 };
    entry[status] += 1;
    byClaimant.set(name, entry);
  }
  const ranked = [...byClaimant.entries()]
    .map(([name, counts]) => ({ claimant: name, ...counts, total: counts.sourced + counts.disputed }))
    .sort((a, b) => b.total - a.total || a.claimant.localeCompare(b.claimant));
  const claimants = ranked.slice(0, CLAIMANTS_SHOWN);
  const rest = ranked.slice(CLAIMANTS_SHOWN);
  if (rest.length > 0) {
    claimants.push({
      claimant: `Everyone else (${rest.length})`,
      sourced: rest.reduce((n, r) => n + r.sourced, 0),
      disputed: rest.reduce((n, r) => n + r.disputed, 0),
      total: rest.reduce((n, r) => n + r.total, 0),
    });
  }

  const workload = people
    .map((p) => ({
      person: { id: p.id, name: p.name },
      role: p.role,
      open: open.get(p.id) ?? 0,
      verdicts: verdictsBy.get(p.id) ?? 0,
      published: publishedBy.get(p.id) ?? 0,
    }))
    .filter((row) => row.open + row.verdicts + row.published > 0)
    .sort(
      (a, b) =>
        b.open + b.verdicts + b.published - (a.open + a.verdicts + a.published) ||
        a.person.name.localeCompare(b.person.name),
    );

  return {
    filters: {
      from: resolved.from,
      to: resolved.to,
      article: resolved.article ?? null,
      claimant: resolved.claimant ?? null,
      idleDays: resolved.idleDays,
    },
    article: article && { slug: article.slug, title: article.title },
    asOfEventId: aggregate.headId,
    claimsInScope,
    flow: weeks.map((week) => ({ week, ...(flow.get(week) ?? { broughtIn: 0, verdicts: 0, published: 0 }) })),
    cycle: weeks.map((week) => {
      const v = toVerdict.get(week) ?? [];
      const p = toPublication.get(week) ?? [];
      const verdict = medianAndP90(v);
      const publication = medianAndP90(p);
      return {
        week,
        toVerdictMedian: roundDays(verdict.median),
        toVerdictP90: roundDays(verdict.p90),
        toVerdictCount: v.length,
        toPublicationMedian: roundDays(publication.median),
        toPublicationP90: roundDays(publication.p90),
        toPublicationCount: p.length,
      };
    }),
    idle: [...idle.entries()]
      .map(([id, entry]) => ({
        assignee: personOf(id),
        claims: entry.claims,
        oldestDays: Math.floor(daysBetween(entry.oldest, nowIso)),
      }))
      .sort((a, b) => b.claims - a.claims || a.assignee.name.localeCompare(b.assignee.name)),
    workload,
    claimants,
    corrections: weeks.map((week) => ({
      week,
      ...(corrections.get(week) ?? { corrections: 0, withdrawals: 0, requests: 0 }),
    })),
  };
}

/** A chart's table as CSV rows, header first: what its download holds. */
export function insightsTable(insights: Insights, chart: InsightChart): (string | number | null)[][] {
  switch (chart) {
    case "flow":
      return [
        ["week_starting", "brought_in", "verdicts_set", "published"],
        ...insights.flow.map((r) => [r.week, r.broughtIn, r.verdicts, r.published]),
      ];
    case "cycle":
      return [
        [
          "week_starting",
          "intake_to_verdict_median_days",
          "intake_to_verdict_p90_days",
          "verdicts",
          "verdict_to_publication_median_days",
          "verdict_to_publication_p90_days",
          "publications",
        ],
        ...insights.cycle.map((r) => [
          r.week,
          r.toVerdictMedian,
          r.toVerdictP90,
          r.toVerdictCount,
          r.toPublicationMedian,
          r.toPublicationP90,
          r.toPublicationCount,
        ]),
      ];
    case "idle":
      return [
        ["assignee", `claims_idle_over_${insights.filters.idleDays}_days`, "oldest_idle_days"],
        ...insights.idle.map((r) => [r.assignee.name, r.claims, r.oldestDays]),
      ];
    case "workload":
      return [
        ["person", "role", "open_claims_assigned", "verdicts_set", "publications_and_corrections"],
        ...insights.workload.map((r) => [r.person.name, r.role, r.open, r.verdicts, r.published]),
      ];
    case "claimants":
      return [
        ["claimant", "sourced", "disputed", "total"],
        ...insights.claimants.map((r) => [r.claimant, r.sourced, r.disputed, r.total]),
      ];
    case "corrections":
      return [
        ["week_starting", "corrections", "withdrawals", "correction_requests"],
        ...insights.corrections.map((r) => [r.week, r.corrections, r.withdrawals, r.requests]),
      ];
  }
}
