/**
 * The client's address for rate limits: the LAST hop of X-Forwarded-For.
 * A reverse proxy in front of the desk appends the address it saw, so the
 * last entry is the one a client cannot forge; with no proxy, Next fills the
 * header from the socket when the client sent none. Deploy behind a proxy
 * that sets the header (README, Deploying) so limits hold.
 */
export function clientAddress(forwardedFor: string | null | undefined): string | undefined {
  const hops = forwardedFor?.split(",").map((hop) => hop.trim()).filter((hop) => hop.length > 0) ?? [];
  const last = hops.at(-1);
  return last && last.length <= 64 ? last : undefined;
}
