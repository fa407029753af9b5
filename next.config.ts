import path from "node:path";
import type { NextConfig } from "next";
import { STATIC_POLICY_SOURCE, staticContentSecurityPolicy } from "./lib/http/csp";
import { surrogateKeyHeaderRules } from "./lib/http/surrogate-keys";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

// Public pages hold published data only and no personal data, so a shared
// cache (CDN) may keep them briefly. The server's own cache is invalidated the
// moment an editor publishes (app/(public)/refresh-public-pages.ts), in every
// server process (lib/cache/handler.mjs); a CDN can lag by at most
// s-maxage, and serves a stale copy while it refetches rather than failing.
const PUBLIC_PAGE_CACHE = "public, s-maxage=60, stale-while-revalidate=300";
// The reviewer area and sign-in show one person's session: never stored anywhere.
const PRIVATE_PAGE_CACHE = "private, no-store";

const PUBLIC_PAGES = ["/", "/search/:path*", "/claims/:path*", "/articles/:path*", "/methodology", "/corrections"];
// A server action posted to a public page (a reader's correction request) answers one
// person: never stored. JavaScript posts send Next-Action; a form without JavaScript
// sends a body, so a Content-Type, which a plain page request never has.
const ACTION_REQUEST_SIGNS = [
  { type: "header" as const, key: "next-action" },
  { type: "header" as const, key: "content-type" },
];
const PRIVATE_PAGES = ["/review", "/review/:path*", "/signin", "/signin/:path*"];
// A reader's correction request page (issue #14): its address is its key, so it is
// never stored, never indexed, and never sent on as a Referer from a link on it.
const TOKEN_PAGES = ["/requests/:path*"];
const TOKEN_PAGE_HEADERS = [
  { key: "Cache-Control", value: PRIVATE_PAGE_CACHE },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Robots-Tag", value: "noindex, nofollow" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  // Pages rendered at request time and the tagged data cache live in the
  // database (lib/cache/handler.mjs), never in .next: a publish in one server
  // process then expires them in every process and on every machine sharing
  // the data, and a restore or a fresh test database brings its own cache.
  // Next imports the handler from disk when it starts, so it is plain JavaScript.
  cacheHandler: path.join(process.cwd(), "lib", "cache", "handler.mjs"),
  experimental: {
    // Kept off for the same reason, should the handler ever be taken out.
    isrFlushToDisk: false,
  },
  async headers() {
    const headers =
      process.env.NODE_ENV === "production"
        ? [...securityHeaders, { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
        : securityHeaders;
    // Later entries win for the same header key.
    return [
      { source: "/:path*", headers },
      // Pages rendered per request get a nonce-based policy from proxy.ts instead.
      {
        source: STATIC_POLICY_SOURCE,
        headers: [{ key: "Content-Security-Policy", value: staticContentSecurityPolicy() }],
      },
      ...PUBLIC_PAGES.map((source) => ({ source, headers: [{ key: "Cache-Control", value: PUBLIC_PAGE_CACHE }] })),
      ...PRIVATE_PAGES.map((source) => ({ source, headers: [{ key: "Cache-Control", value: PRIVATE_PAGE_CACHE }] })),
      ...TOKEN_PAGES.map((source) => ({ source, headers: TOKEN_PAGE_HEADERS })),
      // Cache-Tag and Surrogate-Key for the HTTP cache or CDN in front (lib/http/surrogate-keys.ts).
      ...surrogateKeyHeaderRules(),
      ...PUBLIC_PAGES.flatMap((source) =>
        ACTION_REQUEST_SIGNS.map((sign) => ({ source, has: [sign], headers: [{ key: "Cache-Control", value: PRIVATE_PAGE_CACHE }] })),
      ),
    ];
  },
  async rewrites() {
    return {
      // The claim page is cached as one static page per claim and never reads
      // the query string. After a reader's correction request it redirects to
      // ?correction=sent, which is served by a cached twin that says "sent",
      // so the confirmation shows with JavaScript off too.
      beforeFiles: [
        {
          source: "/claims/:slug",
          has: [{ type: "query", key: "correction", value: "sent" }],
          destination: "/claims/:slug/correction-sent",
        },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
};

export default nextConfig;
