import "server-only";
import { z } from "zod";
import { absoluteUrl, siteConfig } from "@/lib/site";

/**
 * Tells the HTTP cache in front (nginx, a CDN) that public pages changed,
 * after a publication, correction or withdrawal has committed (issue #15).
 * Next's own cache is expired by refreshPublicPages; this is the tier beyond it.
 *
 * PURGE_ADAPTER picks how (unset: no purge, the front cache lags by s-maxage):
 *
 * - `nginx`: for each public path, `GET ${PURGE_NGINX_URL}${path}` with the
 *   header `X-Claimtrail-Purge: ${PURGE_TOKEN}`. deploy/nginx/claimtrail.conf
 *   maps that header, from loopback only and with the right token, to
 *   proxy_cache_bypass: nginx fetches the page from the app again and stores
 *   the new copy in place of the old one.
 * - `http`: one `POST ${PURGE_HTTP_URL}` with `{ "tags": [...], "urls": [...] }`
 *   and `Authorization: Bearer ${PURGE_TOKEN}`, for a CDN's tag purge (the tags
 *   are the surrogate keys of lib/http/surrogate-keys.ts) or a small relay
 *   in front of one.
 *
 * A purge never fails or delays the editor's action: it runs after the
 * response (next/server `after`), every request has a short timeout, and a
 * failure, bad settings included, is logged and nothing more. What it missed
 * ages out of the front cache within s-maxage.
 */
export const PURGE_HEADER = "X-Claimtrail-Purge";
export const PURGE_TIMEOUT_MS = 3_000;
// nginx refetches each purged page from the app: a few at a time, not a burst.
const NGINX_PARALLEL = 4;

// A bearer token (RFC 7235 token68) for a CDN's API. nginx compares its token
// with a regular expression (deploy/nginx/claimtrail.conf), where only
// letters, digits, - and _ are sure to stand for themselves.
const tokenSchema = z
  .string({ message: "PURGE_TOKEN is missing." })
  .min(16, "PURGE_TOKEN must be at least 16 characters.")
  .regex(/^[A-Za-z0-9._~+/-]+=*$/, "PURGE_TOKEN may hold letters, digits and . _ ~ + / - only.");
const nginxTokenSchema = tokenSchema.regex(
  /^[A-Za-z0-9_-]+$/,
  "PURGE_TOKEN for nginx may hold letters, digits, - and _ only.",
);
const urlSchema = (name: string) =>
  z
    .url({ protocol: /^https?$/, message: `${name} must be a full http(s) URL.` })
    .transform((url) => url.replace(/\/+$/, ""));

const settingsSchema = z.discriminatedUnion(
  "PURGE_ADAPTER",
  [
    z.object({
      PURGE_ADAPTER: z.literal("nginx"),
      PURGE_NGINX_URL: urlSchema("PURGE_NGINX_URL"),
      PURGE_TOKEN: nginxTokenSchema,
    }),
    z.object({
      PURGE_ADAPTER: z.literal("http"),
      PURGE_HTTP_URL: urlSchema("PURGE_HTTP_URL"),
      PURGE_TOKEN: tokenSchema,
    }),
  ],
  { message: 'PURGE_ADAPTER must be "nginx", "http", or unset.' },
);

export type PurgeSettings =
  | { adapter: "none" }
  | { adapter: "nginx"; baseUrl: string; token: string }
  | { adapter: "http"; url: string; token: string };

export type PurgeSettingsResult = { ok: true; settings: PurgeSettings } | { ok: false; message: string };

/** The purge settings from the environment; a bad one is a message, never a throw. */
export function purgeSettings(env: NodeJS.ProcessEnv = process.env): PurgeSettingsResult {
  if (!env.PURGE_ADAPTER) return { ok: true, settings: { adapter: "none" } };
  const parsed = settingsSchema.safeParse({
    PURGE_ADAPTER: env.PURGE_ADAPTER,
    PURGE_NGINX_URL: env.PURGE_NGINX_URL || undefined,
    PURGE_HTTP_URL: env.PURGE_HTTP_URL || undefined,
    PURGE_TOKEN: env.PURGE_TOKEN || undefined,
  });
  if (!parsed.success) {
    return { ok: false, message: `Bad purge settings: ${parsed.error.issues.map((issue) => issue.message).join(" ")}` };
  }
  const data = parsed.data;
  return data.PURGE_ADAPTER === "nginx"
    ? { ok: true, settings: { adapter: "nginx", baseUrl: data.PURGE_NGINX_URL, token: data.PURGE_TOKEN } }
    : { ok: true, settings: { adapter: "http", url: data.PURGE_HTTP_URL, token: data.PURGE_TOKEN } };
}

export interface PurgeRequest {
  /** Site paths like "/claims/x", for the nginx adapter and the `urls` of the http one. */
  paths: readonly string[];
  /** Surrogate keys, for the http adapter's tag purge. */
  tags: readonly string[];
}

export interface PurgeReport {
  adapter: PurgeSettings["adapter"] | "misconfigured";
  /** Requests that got an answer below 500. */
  sent: number;
  /** What went wrong, one line each (also logged). */
  failures: string[];
}

export interface PurgeOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return "no answer in time";
  return error instanceof Error ? error.message : String(error);
}

async function send(what: string, url: string, init: RequestInit, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    // Read to the end: nginx stores the refetched page once it has passed it all on.
    await response.arrayBuffer();
    return response.status < 500 ? null : `${what}: HTTP ${response.status}`;
  } catch (error) {
    return `${what}: ${describe(error)}`;
  }
}

async function purgeNginx(
  settings: { baseUrl: string; token: string },
  paths: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const failures: string[] = [];
  const queue = [...paths];
  const worker = async (): Promise<void> => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const failure = await send(
        `GET ${path}`,
        `${settings.baseUrl}${path}`,
        { headers: { [PURGE_HEADER]: settings.token } },
        timeoutMs,
      );
      if (failure) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: Math.min(NGINX_PARALLEL, paths.length) }, worker));
  return failures;
}

async function purgeHttp(
  settings: { url: string; token: string },
  request: PurgeRequest,
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const site = siteConfig(env);
  const body = JSON.stringify({ tags: request.tags, urls: request.paths.map((path) => absoluteUrl(path, site)) });
  const failure = await send(
    `POST ${settings.url}`,
    settings.url,
    {
      method: "POST",
      headers: { Authorization: `Bearer ${settings.token}`, "Content-Type": "application/json" },
      body,
    },
    timeoutMs,
  );
  return failure ? [failure] : [];
}

/** Purges the front cache by the configured adapter. Never rejects; failures are logged and reported. */
export async function purgeFrontCache(request: PurgeRequest, options: PurgeOptions = {}): Promise<PurgeReport> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? PURGE_TIMEOUT_MS;
  const paths = [...new Set(request.paths)];
  const tags = [...new Set(request.tags)];
  const result = purgeSettings(env);
  if (!result.ok) {
    console.error(`purge: ${result.message} The publication stands; the front cache was not told.`);
    return { adapter: "misconfigured", sent: 0, failures: [result.message] };
  }
  const { settings } = result;
  if (settings.adapter === "none" || paths.length + tags.length === 0)
    return { adapter: settings.adapter, sent: 0, failures: [] };
  let failures: string[];
  try {
    failures =
      settings.adapter === "nginx"
        ? await purgeNginx(settings, paths, timeoutMs)
        : await purgeHttp(settings, { paths, tags }, timeoutMs, env);
  } catch (error) {
    failures = [describe(error)];
  }
  for (const failure of failures) console.error(`purge (${settings.adapter}) failed: ${failure}`);
  const attempted = settings.adapter === "nginx" ? paths.length : 1;
  return { adapter: settings.adapter, sent: attempted - failures.length, failures };
}
