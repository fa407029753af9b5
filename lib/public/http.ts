import "server-only";
import { createHash } from "node:crypto";
import type { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";

/**
 * Shared by the public JSON API and the feed: caching, conditional requests,
 * CORS and errors, so each route file is a few lines.
 */

/** Browsers keep a minute; a CDN five, and may serve stale for ten more while it revalidates. */
export const CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=600";
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
export const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

// Open to every origin: the data is public and no cookie is ever read here.
const CORS_HEADERS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag",
};

/** A strong ETag: the SHA-256 of the exact body bytes. */
export function etagOf(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url")}"`;
}

/** Whether If-None-Match names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim())
    .some((tag) => tag === "*" || tag.replace(/^W\//, "") === wanted);
}

/** A cacheable 200 with its ETag, or a bodiless 304 when the client already holds this body. */
export function cachedResponse(request: Request, body: string, contentType: string): Response {
  const etag = etagOf(body);
  const headers: Record<string, string> = { ...CORS_HEADERS, ETag: etag, "Cache-Control": CACHE_CONTROL };
  if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": contentType } });
}

export function jsonResponse(request: Request, value: unknown): Response {
  return cachedResponse(request, JSON.stringify(value), JSON_CONTENT_TYPE);
}

export interface ApiErrorBody {
  error: { message: string; parameter?: string };
}

/** An error as JSON. Never cached: a 404 must not outlive the claim's publication. */
export function errorResponse(status: number, message: string, parameter?: string, extraHeaders: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error: parameter ? { message, parameter } : { message } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, "Content-Type": JSON_CONTENT_TYPE, "Cache-Control": "no-store", ...extraHeaders },
  });
}

/** The CORS preflight answer for GET from any origin. */
export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      "Access-Control-Allow-Methods": "GET, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match",
      "Access-Control-Max-Age": "86400",
      Allow: ALLOWED_METHODS,
    },
  });
}

/** Everything but GET (and HEAD, which Next answers from GET) on a read-only route. */
export function methodNotAllowed(): Response {
  return errorResponse(405, "This resource is read-only: use GET.", undefined, { Allow: ALLOWED_METHODS });
}

/** A bad query or path parameter: answered 400, naming it. */
export class ParameterError extends AppError {
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super("invalid", message, { [parameter]: [message] });
    this.parameter = parameter;
  }
}

/**
 * Parses a URL's query with a zod object: unknown or repeated parameter names
 * and values that do not parse throw a ParameterError naming the parameter.
 */
export function parseQuery<S extends z.ZodObject>(url: URL, schema: S): z.output<S> {
  const known = Object.keys(schema.shape);
  const values = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    const shown = name.length > 60 ? `${name.slice(0, 60)}…` : name;
    if (!known.includes(name)) {
      throw new ParameterError(name, `Unknown parameter "${shown}". This endpoint takes: ${known.join(", ")}.`);
    }
    if (values.has(name)) throw new ParameterError(name, `The parameter "${shown}" is given more than once.`);
    values.set(name, value);
  }
  const parsed = schema.safeParse(Object.fromEntries(values));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parameter = typeof issue?.path[0] === "string" ? issue.path[0] : "query";
  throw new ParameterError(parameter, `Bad parameter "${parameter}": ${issue?.message ?? "invalid value."}`);
}

/**
 * Runs a route's work and maps failures to JSON: ParameterError → 400 naming
 * the parameter, other AppErrors → their status and message, anything else →
 * 500 with its details in the server log only (lib/errors.ts).
 */
export async function handleApi(work: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ParameterError) return errorResponse(400, error.message, error.parameter);
    if (isAppError(error)) return errorResponse(error.status, error.message);
    console.error("public API error", error);
    return errorResponse(500, "Something went wrong on our side. Please try again later.");
  }
}
