import { methodNotAllowed, preflight } from "@/lib/public/http";
import { getAnchorFile } from "@/lib/public/transparency";

// Read at request time: `next build` must never open the database.
export const dynamic = "force-dynamic";

export { getAnchorFile as GET, preflight as OPTIONS };
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
