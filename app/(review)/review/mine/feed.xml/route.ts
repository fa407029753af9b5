import { buildMyFeed } from "@/lib/claims/my-feed";
import { ATOM_CONTENT_TYPE } from "@/lib/public/feed";
import { userForFeedToken } from "@/lib/users/feed-tokens";

// Read at request time: `next build` must never open the database.
export const dynamic = "force-dynamic";

// One answer for a missing, wrong, revoked or disabled person's token: a caller learns nothing about which.
const REFUSED = "This feed address does not work. Make a new one under Settings in the reviewer area.\n";

// A feed reader cannot sign in, so this handler sits outside the session check
// (proxy.ts lets it through) and the personal token in the URL is the check.
export function GET(request: Request): Response {
  const user = userForFeedToken(new URL(request.url).searchParams.get("token"));
  const headers = { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" };
  if (!user) {
    return new Response(REFUSED, { status: 401, headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" } });
  }
  return new Response(buildMyFeed(user), { status: 200, headers: { ...headers, "Content-Type": ATOM_CONTENT_TYPE } });
}
