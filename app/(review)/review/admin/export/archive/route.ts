import { PassThrough, Readable } from "node:stream";
import { startDeskExport } from "@/lib/admin/desk-export";
import { can } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

// GET: the full desk export as one .tar.gz, streamed as it is read. The role is
// checked here for the right status code and again inside lib/admin, which
// records the export in the audit log before the first byte.

export const dynamic = "force-dynamic";

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { message } }, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export async function GET(request: Request): Promise<Response> {
  const by = await currentUser();
  if (!by) return problem(401, "Please sign in to do that.");
  if (!can(by.role, "audit.read")) return problem(403, "Only administrators can export the desk.");
  // Started from the export page or a typed address; another site must not start (and log) one.
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return problem(403, "Start the download from the export page.");
  if (new URL(request.url).search !== "") return problem(400, "The export takes no parameters.");

  let exported: ReturnType<typeof startDeskExport>;
  try {
    exported = startDeskExport({ by });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return problem(error.status, error.message);
  }
  const body = new PassThrough();
  // A cancelled download closes the stream: stop reading and let the snapshot go.
  body.on("close", () => exported.close());
  exported.writeArchive(body).catch((error: unknown) => {
    console.error("desk export failed while streaming", error);
    body.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
      "Cache-Control": "no-store",
      "X-Desk-Export-Through": String(exported.throughId),
    },
  });
}

/** Next would answer HEAD by running GET, which records an export nobody receives. */
export function HEAD(): Response {
  return problem(405, "Use GET to download the export.", { Allow: "GET" });
}
