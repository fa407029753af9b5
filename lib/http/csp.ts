/**
 * Content-Security-Policy (issue #4). Pages rendered per request (the reviewer
 * area, sign-in) get a fresh nonce and 'strict-dynamic': only scripts Next
 * marked with that nonce run. Public pages are cached and shared, so they
 * cannot carry a per-request nonce: they get one static policy that allows
 * only this origin's scripts plus Next's inline bootstrap.
 */
const COMMON = [
  "default-src 'self'",
  // Styles come from CSS files; inline style attributes stay allowed (no nonce here, or browsers would ignore 'unsafe-inline').
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

export function nonceContentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  // React uses eval for its debugging aids in development only.
  const script = `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`;
  return [...COMMON, script].join("; ");
}

export function staticContentSecurityPolicy(dev = process.env.NODE_ENV === "development"): string {
  return [...COMMON, `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`].join("; ");
}

/**
 * Where next.config.ts sends the static policy: every path but the ones
 * proxy.ts gives a nonce (/review and /signin, each with anything below it).
 * Anchored to a whole path segment, so "/reviewx" or "/signin-help" is an
 * ordinary page (a 404) and gets the static policy rather than none.
 */
export const STATIC_POLICY_SOURCE = "/((?!(?:review|signin)(?:/|$)).*)";
