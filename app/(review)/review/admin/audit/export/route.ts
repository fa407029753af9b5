import type { NextRequest } from "next/server";
import { AUDIT_FILTER_KEYS, exportAuditEvents } from "@/lib/admin/audit-log";
import { can } from "@/lib/auth/permissions";
import { currentUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";

// GET ?format=csv|jsonl&actor=…&action=…&entityType=…&entityId=…&from=…&to=…
// The role is checked here for the right status code and again inside
// lib/admin, which also records the export in the audit log.

export const dynamic = "force-dynamic";

const PARAMETERS = ["format", ...AUDIT_FILTER_KEYS] as const;

/** Lines sent per chunk: big enough to stream quickly, small enough to start at once. */
const LINES_PER_CHUNK = 250;

function problem(status: number, message: string, parameter?: string, headers: Record<string, string> = {}): Response {
  return Response.json(
    { error: parameter ? { message, parameter } : { message } },
    { status, headers: { "Cache-Control": "no-store", ...headers } },
  );
}

export async function GET(request: NextRequest): Promise<Response> {
  const by = await currentUser();
  if (!by) return problem(401, "Please sign in to do that.");
  if (!can(by.role, "audit.read")) return problem(403, "Only administrators can export the audit log.");
  // Downloads start from the audit log page or a typed address; another site must not start (and log) one.
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return problem(403, "Start the download from the audit log page.");

  const query = request.nextUrl.searchParams;
  for (const name of PARAMETERS) {
    if (query.getAll(name).length > 1) return problem(400, `Give ${name} once.`, name);
  }
  const filters = Object.fromEntries(AUDIT_FILTER_KEYS.map((name) => [name, query.get(name) ?? undefined]));

  let exported: ReturnType<typeof exportAuditEvents>;
  try {
    exported = exportAuditEvents({ by, filters, format: query.get("format") ?? undefined });
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The schema's own checks (from after to) are reported on "to"; anything field-less names no parameter.
    const parameter = Object.keys(error.fieldErrors).find((name) => name !== "_");
    return problem(error.status, error.message, parameter);
  }

  const lines = exported.lines[Symbol.iterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = "";
      for (let n = 0; n < LINES_PER_CHUNK; n += 1) {
        const next = lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      lines.return?.();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": exported.contentType,
      "Content-Disposition": `attachment; filename="${exported.filename}"`,
      "Cache-Control": "no-store",
      "X-Audit-Export-Rows": String(exported.rows),
    },
  });
}

/** Next would answer HEAD by running GET, which records an export nobody receives. */
export function HEAD(): Response {
  return problem(405, "Use GET to download the audit log.", undefined, { Allow: "GET" });
}
