import { NextResponse, type NextRequest } from "next/server";

// next-auth's session cookie; the __Secure- name is used when served over https.
// Large tokens are split into ".0", ".1", … chunks.
const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies
    .getAll()
    .some(({ name }) => SESSION_COOKIES.some((cookie) => name === cookie || name.startsWith(`${cookie}.`)));
}

/**
 * An optimistic redirect only, to spare a round trip for visitors with no
 * session at all. It proves nothing: pages and lib/ check the session and the
 * role on every request (DESIGN.md, Security rules).
 */
export function proxy(request: NextRequest) {
  if (hasSessionCookie(request)) return NextResponse.next();
  const signIn = new URL("/signin", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: ["/review/:path*"],
};
