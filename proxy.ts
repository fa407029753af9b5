import { NextResponse, type NextRequest } from "next/server";
import { isSessionCookieName } from "@/lib/auth/session-cookie";
import { nonceContentSecurityPolicy } from "@/lib/http/csp";
import { paramsOf, parseSearchQuery, searchSegment } from "@/lib/public/search-query";

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies.getAll().some(({ name }) => isSessionCookieName(name));
}

/**
 * A search on the home page (/?q=…) is served by the cached page of its own
 * address (app/(public)/search/[query]/page.tsx); the reader's address stays
 * as it is. That page is cached whole, so it carries next.config.ts's static
 * policy, not a nonce. Null for the plain home page.
 */
function searchRewrite(request: NextRequest): NextResponse | null {
  if (!request.nextUrl.search) return null;
  const segment = searchSegment(parseSearchQuery(paramsOf(request.nextUrl.searchParams)));
  return segment ? NextResponse.rewrite(new URL(`/search/${segment}`, request.url)) : null;
}

/**
 * Three jobs: a search sent to its cached page (above); and for the pages
 * rendered per request, a fresh CSP nonce (Next reads it from the request's
 * Content-Security-Policy and puts it on its scripts) and an optimistic redirect of visitors with no session at all away from
 * /review. The redirect proves nothing: pages and lib/ check the session and
 * the role on every request (DESIGN.md, Security rules).
 */
// A feed reader has no session: the "My claims" feed is opened by a personal token, which its handler checks.
const TOKEN_ROUTES = new Set(["/review/mine/feed.xml"]);

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === "/") return searchRewrite(request) ?? NextResponse.next();
  const policy = nonceContentSecurityPolicy(btoa(crypto.randomUUID()));
  const desk = pathname === "/review" || pathname.startsWith("/review/");
  if (desk && !TOKEN_ROUTES.has(pathname) && !hasSessionCookie(request)) {
    const signIn = new URL("/signin", request.url);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    const redirect = NextResponse.redirect(signIn);
    redirect.headers.set("Content-Security-Policy", policy);
    return redirect;
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Whole path segments only: "/reviewx" is not the reviewer area (it gets the static
// policy from next.config.ts, lib/http/csp.ts STATIC_POLICY_SOURCE). Next reads this literally at build time.
export const config = {
  matcher: ["/", "/review", "/review/:path*", "/signin", "/signin/:path*"],
};
