import { methodNotAllowed, preflight } from "@/lib/public/http";
import { getOpenApi } from "@/lib/public/openapi";

// Built per request from SITE_URL, like every other public URL.
export const dynamic = "force-dynamic";

export { getOpenApi as GET, preflight as OPTIONS };
export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE };
