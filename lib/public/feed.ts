import "server-only";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { claims, publications } from "@/db/schema";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { absoluteUrl, siteConfig, type SiteConfig } from "@/lib/site";
import { cachedResponse, handleApi } from "./http";

export const FEED_LIMIT = 50;
export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";
/** A fixed `updated` for an empty feed, so an empty feed's ETag stays put. */
const EMPTY_FEED_UPDATED = "1970-01-01T00:00:00.000Z";

// Characters XML 1.0 forbids (most controls, lone surrogates, U+FFFE/U+FFFF):
// a parser would reject the whole feed over one of them.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text safe in XML character data and in double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const element = (name: string, text: string, attributes = "") => `<${name}${attributes}>${escapeXml(text)}</${name}>`;

interface FeedEntry {
  id: number;
  slug: string;
  kind: "published" | "correction";
  status: keyof typeof STATUS_DEFINITIONS;
  previousStatus: keyof typeof STATUS_DEFINITIONS | null;
  summary: string;
  rationale: string;
  reason: string | null;
  at: string;
}

/**
 * New published verdicts and corrections, newest first (issue #3). Each entry
 * is one publication event, written from that event's own snapshot. Events of
 * claims that are withdrawn now are left out: their pages are gone, and a
 * withdrawn verdict should stop being syndicated (the corrections log keeps
 * the withdrawal on record).
 */
function feedEntries(): FeedEntry[] {
  // One query per kind, each walking publications_kind_idx backwards and
  // stopping at the limit; a single `kind IN (...)` query would sort them all.
  const newest = (kind: "published" | "correction") =>
    getDb()
      .select({
        id: publications.id,
        slug: claims.slug,
        status: publications.status,
        previousStatus: publications.previousStatus,
        summary: sql<string>`json_extract(${publications.snapshot}, '$.summary')`,
        rationale: sql<string>`json_extract(${publications.snapshot}, '$.rationale')`,
        reason: publications.reason,
        at: publications.at,
      })
      .from(publications)
      .innerJoin(claims, eq(claims.id, publications.claimId))
      .where(and(eq(publications.kind, kind), isNotNull(publications.snapshot), isNotNull(claims.publishedAt)))
      .orderBy(desc(publications.at), desc(publications.id))
      .limit(FEED_LIMIT)
      .all()
      .flatMap(({ status, ...entry }) => (status ? [{ ...entry, kind, status }] : []));
  return [...newest("published"), ...newest("correction")]
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id))
    .slice(0, FEED_LIMIT);
}

function entryXml(entry: FeedEntry, site: SiteConfig): string {
  const label = STATUS_DEFINITIONS[entry.status].label;
  const claimUrl = absoluteUrl(`/claims/${entry.slug}`, site);
  const corrected = entry.kind === "correction";
  const title = corrected ? `Correction — now ${label}: ${entry.summary}` : `${label}: ${entry.summary}`;
  const previous = entry.previousStatus ? STATUS_DEFINITIONS[entry.previousStatus].label : null;
  const change = corrected
    ? `Correction${previous && previous !== label ? ` (was ${previous}, now ${label})` : ""}: ${entry.reason ?? "the verdict was revised."}`
    : null;
  const summary = change ? `${change}\n\n${entry.rationale}` : entry.rationale;
  return [
    "<entry>",
    element("id", `${claimUrl}#publication-${entry.id}`),
    element("title", title, ' type="text"'),
    element("published", entry.at),
    element("updated", entry.at),
    `<link rel="alternate" type="text/html" href="${escapeXml(claimUrl)}"/>`,
    `<category term="${escapeXml(entry.status)}" label="${escapeXml(label)}" scheme="${escapeXml(absoluteUrl("/methodology", site))}"/>`,
    `<author>${element("name", site.orgName)}${element("uri", site.orgUrl)}</author>`,
    element("summary", summary, ' type="text"'),
    "</entry>",
  ].join("\n");
}

/** The Atom feed at /feed.xml (RFC 4287). */
export function buildAtomFeed(site: SiteConfig = siteConfig()): string {
  const entries = feedEntries();
  const self = absoluteUrl("/feed.xml", site);
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    element("id", self),
    element("title", `${site.orgName}: verdicts and corrections`, ' type="text"'),
    element("subtitle", "Every verdict we publish and every correction to one, newest first.", ' type="text"'),
    element("updated", entries[0]?.at ?? EMPTY_FEED_UPDATED),
    `<link rel="self" type="application/atom+xml" href="${escapeXml(self)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(absoluteUrl("/", site))}"/>`,
    `<author>${element("name", site.orgName)}${element("uri", site.orgUrl)}</author>`,
    element("generator", "Claimtrail"),
    ...entries.map((entry) => entryXml(entry, site)),
    "</feed>",
    "",
  ].join("\n");
}

/** GET /feed.xml */
export function getFeed(request: Request): Promise<Response> {
  return handleApi(() => cachedResponse(request, buildAtomFeed(), ATOM_CONTENT_TYPE));
}
