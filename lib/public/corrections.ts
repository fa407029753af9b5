import "server-only";
import { and, desc, eq, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { getDb } from "@/db/client";
import { claims, publications, type ClaimStatus } from "@/db/schema";
import { lenientParam } from "./params";

export const DEFAULT_CORRECTIONS_LIMIT = 50;
export const MAX_CORRECTIONS_LIMIT = 200;

export interface CorrectionEntry {
  claimSlug: string;
  /** The claim's summary as last published, so a withdrawn claim still reads sensibly. */
  summary: string;
  previousStatus: ClaimStatus | null;
  /** The verdict now shown; null when the verdict was withdrawn. */
  status: ClaimStatus | null;
  at: string;
  reason: string | null;
  kind: "correction" | "unpublished";
  /** False when the claim is not published now: show the entry, but link nowhere. */
  claimIsPublic: boolean;
}

const limitSchema = z.coerce.number().int().min(1).max(MAX_CORRECTIONS_LIMIT);
const beforeSchema = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

/**
 * The corrections log (DESIGN.md, Status rules): every change of a published
 * verdict and every withdrawal, newest first, with its reason. `before` is an
 * ISO date-time (the `at` of the last entry shown) for the next page; bad
 * values fall back to the defaults, as on any public page.
 */
export function listCorrections(input: { limit?: unknown; before?: unknown } = {}): CorrectionEntry[] {
  const limit = lenientParam(limitSchema, input.limit) ?? DEFAULT_CORRECTIONS_LIMIT;
  const before = lenientParam(beforeSchema, input.before);
  const earlier = alias(publications, "earlier");
  const db = getDb();
  // A withdrawal carries no snapshot: its summary is the one last published before it.
  const lastPublishedSummary = db
    .select({ summary: sql<string>`json_extract(${earlier.snapshot}, '$.summary')` })
    .from(earlier)
    .where(and(eq(earlier.claimId, publications.claimId), isNotNull(earlier.snapshot), lt(earlier.id, publications.id)))
    .orderBy(desc(earlier.id))
    .limit(1);
  return db
    .select({
      claimSlug: claims.slug,
      summary: sql<string | null>`coalesce(json_extract(${publications.snapshot}, '$.summary'), (${lastPublishedSummary}))`,
      previousStatus: publications.previousStatus,
      status: publications.status,
      at: publications.at,
      reason: publications.reason,
      kind: publications.kind,
      claimPublishedAt: claims.publishedAt,
    })
    .from(publications)
    .innerJoin(claims, eq(claims.id, publications.claimId))
    .where(and(inArray(publications.kind, ["correction", "unpublished"]), before ? lt(publications.at, before) : undefined))
    .orderBy(desc(publications.at), desc(publications.id))
    .limit(limit)
    .all()
    .flatMap(({ claimPublishedAt, summary, kind, ...entry }) => {
      if (kind === "published" || summary === null) return [];
      return [{ ...entry, summary, kind, claimIsPublic: claimPublishedAt !== null }];
    });
}
