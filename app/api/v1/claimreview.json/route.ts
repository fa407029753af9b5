import { getClaimReviewFeed } from "@/lib/public/claim-review-feed";
import { methodNotAllowed, preflight } from "@/lib/public/http";

// Read at request time: `next build` must never open the database.
export const dynamic = "force-dynamic";

export { getClaimReviewFeed as GET, preflight as OPTIONS };
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
