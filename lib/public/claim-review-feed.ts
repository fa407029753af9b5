import "server-only";
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNotNull, max } from "drizzle-orm";
import { z } from "zod";
import { openSnapshot, type Snapshot } from "@/db/client";
import { articles, auditEvents, claims, publications } from "@/db/schema";
import { claimReviewJsonLd } from "@/lib/public/claim-review";
import { verdictSnapshotSchema, type PublishedClaim } from "@/lib/public/published-claim";
import { absoluteUrl, siteConfig, type SiteConfig } from "@/lib/site";
import { CACHE_CONTROL, errorResponse, handleApi, matchesIfNoneMatch, parseQuery } from "./http";

/*
 * /api/v1/claimreview.json (issue #14): every published verdict as a
 * schema.org DataFeed of ClaimReview, the shape fact-check aggregators ingest.
 * Each element is claimReviewJsonLd's output, the same JSON-LD the claim page
 * carries. At 100,000 claims the body is tens of megabytes, so it is streamed
 * a page of claims at a time from one read snapshot, never held whole.
 */

export const FEED_PATH = "/api/v1/claimreview.json";
export const FEED_CONTENT_TYPE = "application/ld+json; charset=utf-8";
/** Claims read and serialised per chunk of the body. */
export const FEED_PAGE = 500;

/** Bumped when the feed's own wrapper changes; the builder's changes are caught by builderFingerprint. */
const FEED_FORMAT = "claimreview-feed v1";

const CORS_HEADERS = { "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "ETag" };

// A fixed claim run through the builder: when the builder's output changes
// (a new property, a new rule), its fingerprint changes and so does every ETag,
// without anyone having to remember to bump a version.
const FINGERPRINT_CLAIM: PublishedClaim = {
  slug: "fingerprint",
  verdict: verdictSnapshotSchema.parse({
    status: "disputed",
    rationale: "Fingerprint rationale.",
    text: "Fingerprint text.",
    summary: "Fingerprint summary",
    claimant: "Fingerprint Ministry",
    reportedBy: "Fingerprint News",
    statusSetAt: "2024-01-02T00:00:00.000Z",
    evidence: [
      {
        url: "https://example.org/e",
        title: "Fingerprint evidence",
        publisher: "Example",
        quotedPassage: "Quoted.",
        stance: "contradicts",
        accessedAt: "2024-01-01T00:00:00.000Z",
      },
    ],
  }),
  spanStart: 0,
  spanEnd: 10,
  publishedAt: "2024-02-01T00:00:00.000Z",
  firstPublishedAt: "2024-01-03T00:00:00.000Z",
  article: {
    slug: "fingerprint-article",
    title: "Fingerprint article",
    outlet: "Fingerprint Times",
    url: "https://example.org/a",
    author: "Fingerprint Author",
    publishedAt: "2024-01-01",
  },
  history: [
    {
      kind: "correction",
      status: "disputed",
      previousStatus: "sourced",
      reason: "Fingerprint reason.",
      at: "2024-02-01T00:00:00.000Z",
    },
    { kind: "published", status: "sourced", previousStatus: null, reason: null, at: "2024-01-03T00:00:00.000Z" },
  ],
};

function builderFingerprint(site: SiteConfig): string {
  return JSON.stringify(claimReviewJsonLd(FINGERPRINT_CLAIM, site));
}

/**
 * The feed's strong ETag: the audit chain's head (every write to the desk
 * appends an event, so the head moves whenever anything the feed shows could
 * have changed), the site's settings and the builder's fingerprint. The
 * body is a pure function of those, so equal tags mean equal bytes.
 */
export function feedEtag(snapshot: Snapshot, site: SiteConfig): string {
  const head = snapshot.db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get();
  const tag = createHash("sha256")
    .update(FEED_FORMAT)
    .update("\0")
    .update(head?.hash ?? "")
    .update("\0")
    .update(JSON.stringify(site))
    .update("\0")
    .update(builderFingerprint(site))
    .digest("base64url");
  return `"${tag}"`;
}

/** One page of published claims after `afterId`, as the builder takes them, in id order. */
export function publishedClaimsAfter(snapshot: Snapshot, afterId: number, limit: number = FEED_PAGE): { lastId: number; claims: PublishedClaim[] } {
  const rows = snapshot.db
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
    .where(and(gt(claims.id, afterId), isNotNull(claims.publishedAt), isNotNull(claims.publishedSnapshot)))
    .orderBy(asc(claims.id))
    .limit(limit)
    .all();
  const lastId = rows.at(-1)?.id ?? afterId;
  if (rows.length === 0) return { lastId, claims: [] };
  const history = new Map<number, PublishedClaim["history"]>();
  const events = snapshot.db
    .select({
      claimId: publications.claimId,
      kind: publications.kind,
      status: publications.status,
      previousStatus: publications.previousStatus,
      reason: publications.reason,
      at: publications.at,
    })
    .from(publications)
    .where(inArray(publications.claimId, rows.map((r) => r.id)))
    .orderBy(desc(publications.at), desc(publications.id))
    .all();
  for (const { claimId, ...event } of events) {
    const list = history.get(claimId);
    if (list) list.push(event);
    else history.set(claimId, [event]);
  }
  return {
    lastId,
    claims: rows.flatMap((row): PublishedClaim[] => {
      if (!row.snapshot || !row.publishedAt) return [];
      return [
        {
          slug: row.slug,
          verdict: verdictSnapshotSchema.parse(JSON.parse(row.snapshot)),
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
          history: history.get(row.id) ?? [],
        },
      ];
    }),
  };
}

/** An element of dataFeedElement: the claim page's ClaimReview, its @context left to the feed's. */
function feedElement(claim: PublishedClaim, site: SiteConfig): string {
  const review: Record<string, unknown> = { ...claimReviewJsonLd(claim, site) };
  delete review["@context"];
  return JSON.stringify(review);
}

/** The feed's opening, up to the first element: everything but the ClaimReviews. */
function feedHead(snapshot: Snapshot, site: SiteConfig): string {
  const latest = snapshot.db.select({ at: max(claims.publishedAt) }).from(claims).get()?.at ?? null;
  const head = JSON.stringify({
    "@context": "https://schema.org",
    "@type": "DataFeed",
    name: `${site.orgName}: fact checks`,
    url: absoluteUrl(FEED_PATH, site),
    description: "Every verdict this desk has published, as schema.org ClaimReview.",
    publisher: { "@type": "Organization", name: site.orgName, url: site.orgUrl },
    ...(latest ? { dateModified: latest } : {}),
    dataFeedElement: [],
  });
  // Cut before the empty array's closing bracket; the elements and "]}" follow.
  return head.slice(0, -2);
}

/**
 * The whole feed, a chunk of text at a time: the opening, then a page of
 * ClaimReviews per chunk, then the close. The snapshot is closed at the end,
 * or by the caller when it stops early.
 */
export function* feedChunks(snapshot: Snapshot, site: SiteConfig): Generator<string> {
  yield feedHead(snapshot, site);
  let after = 0;
  let first = true;
  for (;;) {
    const page = publishedClaimsAfter(snapshot, after);
    if (page.claims.length === 0 && page.lastId === after) break;
    after = page.lastId;
    if (page.claims.length === 0) continue;
    const elements = page.claims.map((claim) => feedElement(claim, site)).join(",");
    yield first ? elements : `,${elements}`;
    first = false;
  }
  yield "]}";
}

/** GET /api/v1/claimreview.json: 200 streamed, or a bodiless 304 when If-None-Match holds its ETag. */
export function getClaimReviewFeed(request: Request): Promise<Response> {
  return handleApi(() => {
    parseQuery(new URL(request.url), z.strictObject({}));
    return feedResponse(request);
  });
}

function feedResponse(request: Request): Response {
  const site = siteConfig();
  let snapshot: Snapshot;
  try {
    snapshot = openSnapshot();
  } catch (error) {
    console.error("claimreview feed: cannot open the database", error);
    return errorResponse(503, "The feed is not available right now. Please try again later.");
  }
  const etag = feedEtag(snapshot, site);
  const headers = { ...CORS_HEADERS, ETag: etag, "Cache-Control": CACHE_CONTROL };
  if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) {
    snapshot.close();
    return new Response(null, { status: 304, headers });
  }
  const chunks = feedChunks(snapshot, site);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      try {
        const next = chunks.next();
        if (next.done) {
          snapshot.close();
          controller.close();
        } else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        snapshot.close();
        console.error("claimreview feed: failed while streaming", error);
        controller.error(error);
      }
    },
    cancel() {
      chunks.return(undefined);
      snapshot.close();
    },
  });
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": FEED_CONTENT_TYPE } });
}
