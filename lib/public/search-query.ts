import { z } from "zod";
import { CLAIM_STATUSES, type ClaimStatus } from "@/db/schema";
import { lenientParam, optionalParam, wholeNumber } from "./params";

// A public search as its address says it: the parameters, parsed, and the
// one short address each search has. No database here, so the request proxy
// (proxy.ts) can map a search to the cached page that shows it.

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;
export const MAX_QUERY_LENGTH = 200;
const MAX_PAGE = 10_000;

// Control characters (NUL included) are never part of a search; dropping them
// keeps them out of the echoed query and the page's HTML.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** The filters the public can use on published verdicts: the search page and the API share them. */
export const searchFilterShape = {
  q: optionalParam(
    z
      .string()
      .max(MAX_QUERY_LENGTH, `The search text is at most ${MAX_QUERY_LENGTH} characters.`)
      .transform((v) => v.replace(CONTROL, " ").trim()),
  ),
  status: optionalParam(z.enum(CLAIM_STATUSES, { message: "Use sourced, disputed or unverified." })),
  claimant: optionalParam(z.string().trim().max(200, "The claimant is at most 200 characters.")),
  article: optionalParam(
    z
      .string()
      .trim()
      .max(200, "The article slug is at most 200 characters.")
      .regex(/^[a-z0-9-]+$/, "Use an article slug: lower-case letters, digits and hyphens."),
  ),
};

/** Strict: the JSON API answers 400 naming the parameter when this fails. Pages use searchPublished, which is lenient. */
export const searchParamsSchema = z.strictObject({
  ...searchFilterShape,
  page: optionalParam(wholeNumber(1, MAX_PAGE, `The page is a whole number from 1 to ${MAX_PAGE}.`)),
  pageSize: optionalParam(wholeNumber(1, MAX_PAGE_SIZE, `The page size is a whole number from 1 to ${MAX_PAGE_SIZE}.`)),
});

export interface SearchQuery {
  q: string;
  status: ClaimStatus | null;
  claimant: string | null;
  article: string | null;
  page: number;
  pageSize: number;
}

export interface SearchInput {
  q?: unknown;
  status?: unknown;
  claimant?: unknown;
  article?: unknown;
  page?: unknown;
  pageSize?: unknown;
}

/**
 * The article field takes an article's slug or its address, pasted from a link
 * ("https://…/articles/some-slug#claim-x", "/articles/some-slug"): the slug,
 * lower-cased, from either. Anything else is left for the schema to judge.
 */
function articleSlugOf(value: unknown): unknown {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string") return first;
  const fromAddress = /\/articles\/([^/?#\s]+)/.exec(first)?.[1];
  return (fromAddress ?? first).trim().toLowerCase();
}

/** Reads a page's search parameters leniently: anything that does not parse falls back to its default. */
export function parseSearchQuery(input: SearchInput): SearchQuery {
  const shape = searchParamsSchema.shape;
  const rawQ = Array.isArray(input.q) ? input.q[0] : input.q;
  return {
    // Too long is cut rather than dropped, so the reader still gets results.
    q: lenientParam(shape.q, typeof rawQ === "string" ? rawQ.slice(0, MAX_QUERY_LENGTH) : undefined) ?? "",
    status: lenientParam(shape.status, input.status) ?? null,
    claimant: lenientParam(shape.claimant, input.claimant) ?? null,
    article: lenientParam(shape.article, articleSlugOf(input.article)) ?? null,
    page: lenientParam(shape.page, input.page) ?? 1,
    pageSize: lenientParam(shape.pageSize, input.pageSize) ?? DEFAULT_PAGE_SIZE,
  };
}

/** The plain home page: no search text, no filter, the first page at the usual size. */
export function isDefaultSearch(query: SearchQuery): boolean {
  return (
    !query.q &&
    !query.status &&
    !query.claimant &&
    !query.article &&
    query.page === 1 &&
    query.pageSize === DEFAULT_PAGE_SIZE
  );
}

/** The query string of a search ("q=…&status=…"), empty filters left out so links stay short. */
export function searchQueryString(query: SearchQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.status) params.set("status", query.status);
  if (query.claimant) params.set("claimant", query.claimant);
  if (query.article) params.set("article", query.article);
  if (query.page > 1) params.set("page", String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set("pageSize", String(query.pageSize));
  return params.toString();
}

/** "/?q=…&status=…": the URL of a search. */
export function searchHref(query: SearchQuery, changes: Partial<SearchQuery> = {}): string {
  const search = searchQueryString({ ...query, ...changes });
  return search ? `/?${search}` : "/";
}

/** A query string's parameters as a page's searchParams holds them (a repeated name becomes a list). */
export function paramsOf(search: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const had = params[key];
    params[key] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return params;
}

/**
 * The path segment that names a search in its cached page's address
 * (/search/<segment>): the search's query string in base64url, so nothing in
 * it is a slash or a percent sign for the router to decode. Null for the plain
 * home page, which has no such page.
 */
export function searchSegment(query: SearchQuery): string | null {
  if (isDefaultSearch(query)) return null;
  return btoa(searchQueryString(query)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The search a segment names, or null when it is not the one segment searchSegment gives for it. */
export function searchFromSegment(segment: string): SearchQuery | null {
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(segment)) return null;
  let text: string;
  try {
    text = atob(segment.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const query = parseSearchQuery(paramsOf(new URLSearchParams(text)));
  return searchSegment(query) === segment ? query : null;
}
