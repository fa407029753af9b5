import "server-only";
import { and, desc, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Reader, type Tx } from "@/db/client";
import { articles, claims, type ClaimRow, type ClaimStatus } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { assertVersion, loadClaim, versionSchema } from "@/lib/claims/claims";
import { AppError } from "@/lib/errors";
import { mutate, type Audited } from "@/lib/mutation";
import { claimsFts } from "@/lib/public/published-query";
import { parseInput, type Loose } from "@/lib/validation";
import { compareClaims, DUPLICATE_THRESHOLD, shortlistTerms } from "./similarity";

// Issue #6, item 7: a claim already checked in another article is linked, not
// checked again. Finding candidates must stay cheap with 100,000 claims
// (DESIGN.md, Performance budgets), so no query here reads every claim: each
// shortlist below walks an index or a bounded range, and only the shortlist is
// compared word by word.

/** Claims this recent (by id) are searched by their words; older ones through the index of published claims. */
export const RECENT_CLAIMS_WINDOW = 5_000;
const SHORTLIST_LIMIT = 50;
const MAX_CANDIDATES = 5;

const idSchema = z.coerce.number({ message: "Unknown claim." }).int().positive();

export const duplicateQuerySchema = z
  .object({
    claimId: idSchema.optional(),
    text: z.string().trim().min(1, "Give the claim's text.").max(5000).optional(),
    articleId: idSchema.optional(),
    claimant: z.string().trim().max(200).nullish(),
  })
  .refine((q) => q.claimId !== undefined || (q.text !== undefined && q.articleId !== undefined), {
    message: "Say which claim, or give a text and its article.",
  });

export const linkDuplicateSchema = z.object({
  claimId: idSchema,
  duplicateOfId: z.coerce
    .number({ message: "Choose the claim to link to." })
    .int()
    .positive("Choose the claim to link to."),
  expectedVersion: versionSchema,
});

export const unlinkDuplicateSchema = z.object({ claimId: idSchema, expectedVersion: versionSchema });

export interface LinkedClaim {
  id: number;
  slug: string;
  summary: string;
  status: ClaimStatus;
  published: boolean;
  article: { slug: string; title: string };
}

export interface DuplicateCandidate extends LinkedClaim {
  text: string;
  /** Word overlap with the claim, in [0, 1]; numbers always agree. */
  similarity: number;
}

export interface LinkedClaims {
  /** The claim this one was linked to as a duplicate. */
  original: LinkedClaim | null;
  /** Claims linked to this one as their original. */
  duplicates: LinkedClaim[];
}

// ---------------------------------------------------------------- candidates

/** An FTS5 expression over claims_fts's text column: every number must be there, else any of the long words. */
function ftsExpression(numbers: string[], words: string[]): string | null {
  const phrase = (raw: string) =>
    `"${raw
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .join(" ")}"`;
  if (numbers.length > 0) {
    const each = numbers.map((n) => {
      const forms = new Set([phrase(n), phrase(n.replaceAll(",", ""))]);
      return `(${[...forms].join(" OR ")})`;
    });
    return `text : (${each.join(" AND ")})`;
  }
  if (words.length === 0) return null;
  return `text : (${words.map(phrase).join(" OR ")})`;
}

/** A LIKE filter with the same meaning as ftsExpression, for claims the published index does not hold. */
function textFilter(numbers: string[], words: string[]): SQL | undefined {
  // Terms hold letters, digits, commas and full stops only: never a LIKE wildcard.
  const like = (term: string) => sql`${claims.text} like ${`%${term}%`}`;
  if (numbers.length > 0) {
    return and(...numbers.map((n) => (n.includes(",") ? or(like(n), like(n.replaceAll(",", ""))) : like(n))));
  }
  if (words.length === 0) return undefined;
  return or(...words.map(like));
}

/**
 * Ids worth comparing with `text`, from three bounded lookups: published
 * claims through the full-text index, the most recent claims by a LIKE over a
 * primary-key range, and claims by the same claimant through its index.
 */
function shortlist(db: Reader, text: string, articleId: number, claimant: string | null): number[] {
  const { numbers, words } = shortlistTerms(text);
  const ids = new Set<number>();
  const fts = ftsExpression(numbers, words);
  if (fts) {
    const published = db
      .select({ id: claims.id })
      .from(claimsFts)
      .innerJoin(claims, eq(claims.id, claimsFts.rowid))
      .where(and(sql`${claimsFts} MATCH ${fts}`, ne(claims.articleId, articleId)))
      .orderBy(sql`bm25(${claimsFts})`)
      .limit(SHORTLIST_LIMIT)
      .all();
    for (const row of published) ids.add(row.id);
  }
  const filter = textFilter(numbers, words);
  if (filter) {
    const newest =
      db
        .select({ id: sql<number | null>`max(${claims.id})` })
        .from(claims)
        .get()?.id ?? 0;
    const recent = db
      .select({ id: claims.id })
      .from(claims)
      .where(and(gt(claims.id, newest - RECENT_CLAIMS_WINDOW), ne(claims.articleId, articleId), filter))
      .orderBy(desc(claims.id))
      .limit(SHORTLIST_LIMIT)
      .all();
    for (const row of recent) ids.add(row.id);
  }
  if (claimant) {
    const same = db
      .select({ id: claims.id })
      .from(claims)
      .where(eq(claims.claimant, claimant))
      .orderBy(desc(claims.updatedAt))
      .limit(SHORTLIST_LIMIT)
      .all();
    for (const row of same) ids.add(row.id);
  }
  return [...ids];
}

const candidateColumns = {
  id: claims.id,
  slug: claims.slug,
  summary: claims.summary,
  text: claims.text,
  status: claims.status,
  publishedAt: claims.publishedAt,
  articleId: claims.articleId,
  duplicateOfId: claims.duplicateOfId,
  articleSlug: articles.slug,
  articleTitle: articles.title,
};

function loadCandidates(db: Reader, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .select(candidateColumns)
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(inArray(claims.id, ids))
    .all();
}

/**
 * Claims in other articles that state the same thing as a claim (by id) or as
 * a text about to become one: similar words, the very same numbers. A
 * candidate that is itself linked as a duplicate is replaced by its original,
 * the claim a link would point at. Best match first, at most five.
 */
export function findDuplicateCandidates(
  input: Loose<typeof duplicateQuerySchema> & { by: Principal | null },
): DuplicateCandidate[] {
  authorize(input.by, "claim.edit");
  const query = parseInput(duplicateQuerySchema, input);
  const db = getDb();
  let text: string;
  let articleId: number;
  let claimant = query.claimant || null;
  let self: number | null = null;
  if (query.claimId !== undefined) {
    const claim = db
      .select({ id: claims.id, text: claims.text, articleId: claims.articleId, claimant: claims.claimant })
      .from(claims)
      .where(eq(claims.id, query.claimId))
      .get();
    if (!claim) throw new AppError("not_found", "That claim does not exist.");
    ({ text, articleId } = claim);
    claimant ??= claim.claimant;
    self = claim.id;
  } else if (query.text !== undefined && query.articleId !== undefined) {
    ({ text, articleId } = query);
  } else {
    throw new AppError("invalid", "Say which claim, or give a text and its article.");
  }

  let rows = loadCandidates(db, shortlist(db, text, articleId, claimant));
  const originals = rows.flatMap((r) => (r.duplicateOfId !== null ? [r.duplicateOfId] : []));
  const known = new Set(rows.map((r) => r.id));
  rows = [
    ...rows,
    ...loadCandidates(
      db,
      [...new Set(originals)].filter((id) => !known.has(id)),
    ),
  ];

  const seen = new Set<number>();
  const candidates: DuplicateCandidate[] = [];
  for (const row of rows) {
    if (row.duplicateOfId !== null || row.id === self || row.articleId === articleId || seen.has(row.id)) continue;
    seen.add(row.id);
    const { similarity, numbersAgree } = compareClaims(text, row.text);
    if (!numbersAgree || similarity < DUPLICATE_THRESHOLD) continue;
    candidates.push({
      id: row.id,
      slug: row.slug,
      summary: row.summary,
      text: row.text,
      status: row.status,
      published: row.publishedAt !== null,
      article: { slug: row.articleSlug, title: row.articleTitle },
      similarity,
    });
  }
  return candidates
    .sort((a, b) => b.similarity - a.similarity || Number(b.published) - Number(a.published) || a.id - b.id)
    .slice(0, MAX_CANDIDATES);
}

// ---------------------------------------------------------------- links

function linkedClaim(db: Reader, where: SQL | undefined): LinkedClaim[] {
  return db
    .select({
      id: claims.id,
      slug: claims.slug,
      summary: claims.summary,
      status: claims.status,
      publishedAt: claims.publishedAt,
      articleSlug: articles.slug,
      articleTitle: articles.title,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(where)
    .orderBy(claims.id)
    .limit(200)
    .all()
    .map((r) => ({
      id: r.id,
      slug: r.slug,
      summary: r.summary,
      status: r.status,
      published: r.publishedAt !== null,
      article: { slug: r.articleSlug, title: r.articleTitle },
    }));
}

/** Both directions of a claim's duplicate links: what it was linked to, and what was linked to it. */
export function getLinkedClaims(input: { by: Principal | null; claimId: unknown }): LinkedClaims {
  authorize(input.by, "claim.edit");
  const claimId = parseInput(idSchema, input.claimId);
  const db = getDb();
  const claim = db.select({ duplicateOfId: claims.duplicateOfId }).from(claims).where(eq(claims.id, claimId)).get();
  if (!claim) throw new AppError("not_found", "That claim does not exist.");
  const original =
    claim.duplicateOfId !== null ? (linkedClaim(db, eq(claims.id, claim.duplicateOfId))[0] ?? null) : null;
  return { original, duplicates: linkedClaim(db, eq(claims.duplicateOfId, claimId)) };
}

function setDuplicateOf(tx: Tx, claim: ClaimRow, duplicateOfId: number | null): Audited<{ version: number }> {
  const now = new Date().toISOString();
  const version = claim.version + 1;
  tx.update(claims)
    .set({ duplicateOfId, version, updatedAt: now })
    .where(and(eq(claims.id, claim.id), eq(claims.version, claim.version)))
    .run();
  return {
    result: { version },
    audit: {
      action: duplicateOfId === null ? "claim.duplicate_unlinked" : "claim.duplicate_linked",
      entityType: "claim",
      entityId: claim.id,
      before: { duplicateOfId: claim.duplicateOfId, version: claim.version },
      after: { duplicateOfId, version },
    },
  };
}

/**
 * Links a claim to the one it repeats, so the desk checks it once. Links stay
 * one level deep — an original is never itself a duplicate — which keeps
 * every chain short and rules out cycles.
 */
export function linkDuplicate(input: Loose<typeof linkDuplicateSchema> & { by: Principal | null }): {
  version: number;
} {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: linkDuplicateSchema,
    input,
    write: (tx, data) => {
      const claim = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      if (data.duplicateOfId === claim.id) {
        throw new AppError("invalid", "A claim cannot be a duplicate of itself.", {
          duplicateOfId: ["Choose another claim."],
        });
      }
      if (claim.duplicateOfId === data.duplicateOfId) throw new AppError("invalid", "These claims are already linked.");
      const original = loadClaim(tx, data.duplicateOfId);
      if (original.duplicateOfId !== null) {
        const root = tx
          .select({ summary: claims.summary })
          .from(claims)
          .where(eq(claims.id, original.duplicateOfId))
          .get();
        throw new AppError(
          "rule",
          `“${original.summary}” is itself a duplicate${root ? ` of “${root.summary}”` : ""}: link to that claim instead.`,
        );
      }
      const linkedHere = tx
        .select({ id: claims.id })
        .from(claims)
        .where(eq(claims.duplicateOfId, claim.id))
        .limit(1)
        .get();
      if (linkedHere) {
        throw new AppError(
          "rule",
          "Other claims are linked to this one as their original. Unlink them first, or link the other claim to this one instead.",
        );
      }
      return setDuplicateOf(tx, claim, original.id);
    },
  });
}

export function unlinkDuplicate(input: Loose<typeof unlinkDuplicateSchema> & { by: Principal | null }): {
  version: number;
} {
  return mutate({
    by: input.by,
    permission: "claim.edit",
    schema: unlinkDuplicateSchema,
    input,
    write: (tx, data) => {
      const claim = loadClaim(tx, data.claimId);
      assertVersion(tx, claim, data.expectedVersion);
      if (claim.duplicateOfId === null) throw new AppError("invalid", "This claim is not linked to another.");
      return setDuplicateOf(tx, claim, null);
    },
  });
}
