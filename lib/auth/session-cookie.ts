// next-auth's session cookie names, for the places that must recognise the
// cookie without reading the session: proxy.ts (its optimistic redirect) and
// the server processes' kept review queues (lib/http/page-cache.ts), which run
// outside the react-server condition, so this module is not server-only.
// Over https the cookie carries the __Secure- prefix; a long token is split
// into ".0", ".1", … chunks.

export const SESSION_COOKIE = "next-auth.session-token";
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

/** Whether a cookie of this name is the session cookie, or a chunk of it, under either name. */
export function isSessionCookieName(name: string): boolean {
  return [SESSION_COOKIE, SECURE_SESSION_COOKIE].some((cookie) => name === cookie || name.startsWith(`${cookie}.`));
}
