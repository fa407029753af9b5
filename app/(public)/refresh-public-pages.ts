import "server-only";
import { revalidatePath, updateTag } from "next/cache";
import { after } from "next/server";
import { purgeFrontCache } from "@/lib/cache/purge";
import { feedAndApiPathsOf, publicationKeysOf } from "@/lib/http/surrogate-keys";
import type { PublicPages } from "@/lib/public/published-claim";

/**
 * How public pages are cached (issue #3, Caching):
 *
 * - /claims/[slug], its ?correction=sent twin and /articles/[slug] are
 *   rendered on their first request and kept whole in Next's page cache
 *   (generateStaticParams returns [], so `next build` never opens the
 *   database). A hit touches neither React nor SQLite.
 * - / and /corrections render per request (they take query parameters, and a
 *   route without a dynamic segment would be prerendered at build, database
 *   and all), but read through the tagged data cache in published-cache.ts.
 * - A search (/?q=…) is kept whole like a claim page: proxy.ts sends it to
 *   search/[query], one cached page per search, and every publication
 *   expires them all (SEARCH_PAGES).
 * - /methodology has no data and is prerendered at build.
 * - /about renders per request from the data cache (tag ABOUT_TAG), which an
 *   admin's edit expires (refreshAboutPage).
 * - /transparency and its feeds read the audit log on every request: an
 *   anchor taken by npm run audit:anchor has no server action to tell a cache.
 * - /feed.xml and /api/v1 render per request (force-dynamic) and carry their
 *   own ETag and Cache-Control (lib/public/http.ts): nothing to invalidate.
 *
 * Both caches live in the database (lib/cache/handler.mjs, next.config.ts
 * `cacheHandler`), so the expiries below reach every server process and every
 * machine that shares the data, not only the one that ran the action.
 *
 * refreshPublicPages runs in the editor's server action once the publication
 * has committed. updateTag and revalidatePath both expire at once rather than
 * serving a stale copy first, so the very next request renders the new verdict.
 *
 * The HTTP cache in front (nginx, a CDN) is told after the response has gone
 * (lib/cache/purge.ts): by then Next's own expiry has taken effect, so a purge
 * that refetches a page gets the new one, and the editor never waits for it.
 */
export const PUBLISHED_DATA_TAG = "published-verdicts";
export const ABOUT_TAG = "about-sections";
/** Every cached search results page at once: revalidatePath of the route, as Next names it (route group included). */
export const SEARCH_PAGES = "/(public)/search/[query]";

/** Every public URL that shows a claim's published verdict. */
export function publicPathsOf(pages: PublicPages): string[] {
  return [
    `/claims/${pages.slug}`,
    `/claims/${pages.slug}/correction-sent`,
    `/articles/${pages.articleSlug}`,
    "/",
    "/corrections",
  ];
}

/** Call from a server action after publications, corrections or withdrawals have committed. */
export function refreshPublicPages(...published: PublicPages[]): void {
  if (published.length === 0) return;
  updateTag(PUBLISHED_DATA_TAG);
  const paths = new Set(published.flatMap(publicPathsOf));
  for (const path of paths) revalidatePath(path);
  revalidatePath(SEARCH_PAGES, "page");
  const purge = {
    paths: [...paths, ...published.flatMap(feedAndApiPathsOf)],
    tags: published.flatMap(publicationKeysOf),
  };
  after(() => purgeFrontCache(purge));
}

/** Call from a server action after a section of /about was saved. */
export function refreshAboutPage(): void {
  updateTag(ABOUT_TAG);
  revalidatePath("/about");
}
