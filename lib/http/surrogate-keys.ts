import type { PublicPages } from "@/lib/public/published-claim";

/**
 * Surrogate keys on public responses, for the HTTP caches and CDNs in front
 * (issue #15): `Cache-Tag` (comma-separated: Cloudflare, Akamai) and
 * `Surrogate-Key` (space-separated: Fastly, Varnish's xkey) carry the same
 * keys, so a tag purge after a publish (lib/cache/purge.ts, the http adapter)
 * expires every cached copy that shows the claim, wherever it is cached.
 *
 * - `claim-<slug>`: the claim page, its ?correction=sent twin, its JSON;
 * - `article-<slug>`: the article page and its JSON;
 * - `lists`: everything that lists published verdicts (/, /corrections, the feeds);
 * - `public`: every public response, to empty a cache in one purge.
 *
 * next.config.ts sets them by path pattern; Next puts a matched `:slug` into
 * the header value. No page code sets them, so a cached page stays a cached page.
 */
export interface SurrogateKeyRule {
  /** A Next.js path pattern (next.config.ts headers() `source`). */
  source: string;
  /** The keys, `:slug` standing for the path's slug. */
  keys: readonly string[];
}

export const PUBLIC_KEY = "public";
export const LISTS_KEY = "lists";

export const SURROGATE_KEY_RULES: readonly SurrogateKeyRule[] = [
  { source: "/", keys: [LISTS_KEY, PUBLIC_KEY] },
  { source: "/search/:segment", keys: [LISTS_KEY, PUBLIC_KEY] },
  { source: "/corrections", keys: [LISTS_KEY, PUBLIC_KEY] },
  { source: "/feed.xml", keys: [LISTS_KEY, PUBLIC_KEY] },
  { source: "/methodology", keys: [PUBLIC_KEY] },
  { source: "/claims/:slug", keys: ["claim-:slug", PUBLIC_KEY] },
  { source: "/claims/:slug/correction-sent", keys: ["claim-:slug", PUBLIC_KEY] },
  { source: "/articles/:slug", keys: ["article-:slug", PUBLIC_KEY] },
  { source: "/api/v1/claims", keys: [LISTS_KEY, PUBLIC_KEY] },
  { source: "/api/v1/claimreview.json", keys: [LISTS_KEY, PUBLIC_KEY] },
  { source: "/api/v1/claims/:slug", keys: ["claim-:slug", PUBLIC_KEY] },
  { source: "/api/v1/articles/:slug", keys: ["article-:slug", PUBLIC_KEY] },
];

/** The two headers that carry the same keys. */
export function surrogateKeyHeaders(keys: readonly string[]): { key: string; value: string }[] {
  return [
    { key: "Cache-Tag", value: keys.join(",") },
    { key: "Surrogate-Key", value: keys.join(" ") },
  ];
}

/** The rules as next.config.ts headers() entries. */
export function surrogateKeyHeaderRules(): { source: string; headers: { key: string; value: string }[] }[] {
  return SURROGATE_KEY_RULES.map(({ source, keys }) => ({ source, headers: surrogateKeyHeaders(keys) }));
}

function patternOf(source: string): RegExp {
  const escaped = source.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:(\w+)/g, "(?<$1>[^/]+)");
  return new RegExp(`^${escaped}$`);
}

/**
 * The keys a response to `pathname` carries, read from the same rules Next
 * applies (one `:slug` segment, matched whole). Empty for pages that are not public.
 */
export function surrogateKeysOf(pathname: string): string[] {
  for (const rule of SURROGATE_KEY_RULES) {
    const match = patternOf(rule.source).exec(pathname);
    if (!match) continue;
    const slug = match.groups?.slug;
    return rule.keys.map((key) => (slug === undefined ? key : key.replace(":slug", slug)));
  }
  return [];
}

/** The keys of everything that shows a claim's published verdict: what a tag purge expires. */
export function publicationKeysOf(pages: PublicPages): string[] {
  return [`claim-${pages.slug}`, `article-${pages.articleSlug}`, LISTS_KEY];
}

/**
 * Responses an HTTP cache keeps that Next's own cache does not (they render
 * per request with their own Cache-Control): the feed and the JSON API. A
 * purge by path names them beside the pages (publicPathsOf).
 */
export function feedAndApiPathsOf(pages: PublicPages): string[] {
  return [
    "/feed.xml",
    `/api/v1/claims/${pages.slug}`,
    `/api/v1/articles/${pages.articleSlug}`,
    "/api/v1/claims",
    "/api/v1/claimreview.json",
  ];
}
