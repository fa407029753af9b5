import "server-only";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents, claims } from "@/db/schema";
import { anchorSchema, type Anchor } from "@/lib/audit/anchor";
import { absoluteUrl, siteConfig, type SiteConfig } from "@/lib/site";
import { parseStoredJson } from "@/lib/validation";
import { ATOM_CONTENT_TYPE, escapeXml } from "./feed";
import { cachedResponse, handleApi } from "./http";

// The public record (issue #14, part 7): the audit log's anchors, each the
// chain's head written down at a moment, and for each claim page the audit
// event that published its current verdict. Together they let anyone who
// keeps a copy check later that the log was not cut back or rewritten
// (npm run audit:verify -- --anchor FILE, README "Checking our record").
// Read per request: an anchor recorded from the command line has no server
// action to refresh a cache, and the query walks an index to its limit.

/** The audit action both the desk's "Anchor now" and npm run audit:anchor record. */
export const ANCHOR_ACTION = "audit.anchored";
/** The actions that put a verdict on a claim's public page (lib/claims/publication.ts). */
export const PUBLISHING_ACTIONS = ["claim.published", "claim.corrected"] as const;

export const ANCHOR_PAGE_LIMIT = 200;
export const ANCHOR_FEED_LIMIT = 50;

export interface PublicAnchor extends Anchor {
  /** The audit event that recorded this anchor, one after (or later than) the anchored head. */
  recordedBy: number;
}

/** The anchor an "audit.anchored" event recorded; what else it stores (the file it went to) stays private. */
function anchorOf(after: string | null): Anchor | null {
  const parsed = parseStoredJson(anchorSchema, after);
  return parsed ? { id: parsed.id, hash: parsed.hash, at: parsed.at } : null;
}

/** Anchors, newest first; `limit` of them, or every one when it is null. */
export function listAnchors(options: { limit: number | null } = { limit: ANCHOR_PAGE_LIMIT }): PublicAnchor[] {
  const query = getDb()
    .select({ id: auditEvents.id, after: auditEvents.after })
    .from(auditEvents)
    .where(eq(auditEvents.action, ANCHOR_ACTION))
    .orderBy(desc(auditEvents.id));
  const rows = options.limit === null ? query.all() : query.limit(options.limit).all();
  return rows.flatMap((row) => {
    const anchor = anchorOf(row.after);
    return anchor ? [{ ...anchor, recordedBy: row.id }] : [];
  });
}

export interface PublishingEvent {
  id: number;
  hash: string;
  at: string;
  action: (typeof PUBLISHING_ACTIONS)[number];
}

/** The audit event that published a published claim's current verdict, or null for a claim not on the site. */
export function publishingEventOf(slug: string): PublishingEvent | null {
  const db = getDb();
  const claim = db
    .select({ id: claims.id })
    .from(claims)
    .where(and(eq(claims.slug, slug), isNotNull(claims.publishedAt)))
    .get();
  if (!claim) return null;
  const event = db
    .select({ id: auditEvents.id, hash: auditEvents.hash, at: auditEvents.at, action: auditEvents.action })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "claim"),
        eq(auditEvents.entityId, String(claim.id)),
        inArray(auditEvents.action, [...PUBLISHING_ACTIONS]),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  if (!event) return null;
  const action = PUBLISHING_ACTIONS.find((a) => a === event.action);
  return action ? { ...event, action } : null;
}

// ---------------------------------------------------------------- feeds

/** A fixed `updated` for a feed with no anchors yet, so its ETag stays put. */
const EMPTY_FEED_UPDATED = "1970-01-01T00:00:00.000Z";

const element = (name: string, text: string, attributes = "") => `<${name}${attributes}>${escapeXml(text)}</${name}>`;

/** The anchors as an Atom feed (RFC 4287), newest first: a feed reader keeps the copies for you. */
export function buildAnchorFeed(site: SiteConfig = siteConfig()): string {
  const anchors = listAnchors({ limit: ANCHOR_FEED_LIMIT });
  const self = absoluteUrl("/transparency/feed.xml", site);
  const page = absoluteUrl("/transparency", site);
  const entry = (anchor: PublicAnchor) =>
    [
      "<entry>",
      element("id", `${page}#anchor-${anchor.id}`),
      element("title", `Audit log anchored at event #${anchor.id}`, ' type="text"'),
      element("published", anchor.at),
      element("updated", anchor.at),
      `<link rel="alternate" type="text/html" href="${escapeXml(`${page}#anchor-${anchor.id}`)}"/>`,
      element(
        "summary",
        `Event #${anchor.id} of our audit log had the hash ${anchor.hash} at ${anchor.at}. Anchor line: ${JSON.stringify({ id: anchor.id, hash: anchor.hash, at: anchor.at })}`,
        ' type="text"',
      ),
      "</entry>",
    ].join("\n");
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    element("id", self),
    element("title", `${site.orgName}: audit log anchors`, ' type="text"'),
    element("subtitle", "Each time we write down the head of our audit log, newest first.", ' type="text"'),
    element("updated", anchors[0]?.at ?? EMPTY_FEED_UPDATED),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(page)}"/>`,
    `<author>${element("name", site.orgName)}${element("uri", site.orgUrl)}</author>`,
    element("generator", "Claimtrail"),
    ...anchors.map(entry),
    "</feed>",
    "",
  ].join("\n");
}

/** Every anchor, oldest first, one JSON line each: the file npm run audit:verify -- --anchor reads. */
export function anchorFileText(): string {
  return listAnchors({ limit: null })
    .reverse()
    .map((anchor) => `${JSON.stringify({ id: anchor.id, hash: anchor.hash, at: anchor.at })}\n`)
    .join("");
}

/** GET /transparency/feed.xml */
export function getAnchorFeed(request: Request): Promise<Response> {
  return handleApi(() => cachedResponse(request, buildAnchorFeed(), ATOM_CONTENT_TYPE));
}

/** GET /transparency/anchors.jsonl */
export function getAnchorFile(request: Request): Promise<Response> {
  return handleApi(() => cachedResponse(request, anchorFileText(), "application/x-ndjson; charset=utf-8"));
}
