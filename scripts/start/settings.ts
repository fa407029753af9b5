// The server's settings from the environment, parsed with zod (DESIGN.md:
// the environment is outside input too). Pure: no files, no processes.
import { z } from "zod";
import { parseTrustProxy, type TrustProxy } from "@/lib/http/client-address";

const PORT_MESSAGE = "PORT must be a whole number from 1 to 65535.";
const CONCURRENCY_MESSAGE = "WEB_CONCURRENCY must be a whole number of server processes from 1 to 64.";
const KEEP_ALIVE_MESSAGE = "KEEP_ALIVE_TIMEOUT must be a whole number of seconds from 1 to 3600.";
const PAGE_CACHE_MESSAGE = "DESK_PAGE_CACHE_SECONDS must be a whole number of seconds from 0 (off) to 60.";
// How long a server process may serve a reader's review queue again while the database is unchanged
// (lib/http/page-cache.ts): the most that what depends on the clock alone, such as a session's end, can lag.
const DEFAULT_PAGE_CACHE_SECONDS = 5;
// Longer than nginx's upstream keepalive_timeout (60 s): the proxy, not the
// app, closes an idle connection, so it never sends a request down one the
// app is closing at that instant (a 502 for the reader).
const DEFAULT_KEEP_ALIVE_SECONDS = 65;
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);

const envSchema = z.object({
  PORT: z
    .string()
    .trim()
    .optional()
    // An empty PORT= means "not set", as it does for most servers.
    .transform((v) => v || "3000")
    .pipe(z.string().regex(/^\d{1,5}$/, PORT_MESSAGE).transform(Number))
    .pipe(z.number().int().min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE)),
  HOST: z
    .string()
    .trim()
    .regex(/^$|^[A-Za-z0-9.:[\]-]+$/, "HOST must be a host name or an IP address.")
    .optional(),
  NEXTAUTH_URL: z
    .string()
    .trim()
    .pipe(z.union([z.literal(""), z.url({ protocol: /^https?$/, message: "NEXTAUTH_URL must be a full http(s) URL." })]))
    .optional(),
  WEB_CONCURRENCY: wholeNumber(CONCURRENCY_MESSAGE, 1, 64),
  KEEP_ALIVE_TIMEOUT: wholeNumber(KEEP_ALIVE_MESSAGE, 1, 3600),
  DESK_PAGE_CACHE_SECONDS: wholeNumber(PAGE_CACHE_MESSAGE, 0, 60),
});

/** An optional whole number within bounds; empty counts as unset. */
function wholeNumber(message: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().regex(/^\d{1,5}$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message)).optional());
}

export interface ServerSettings {
  port: number;
  /** Passed to `next start -H`; null listens on every interface. */
  hostname: string | null;
  /** Where people open the desk, and where the start script checks that the server answers. */
  url: string;
  nextAuthUrl: string;
  /** Server processes: WEB_CONCURRENCY, else one per core. */
  workers: number;
  /** Which proxies' X-Forwarded-For entries count (TRUST_PROXY; unset trusts none). */
  trustProxy: TrustProxy;
  keepAliveSeconds: number;
  /** How long a rendered review queue may be served again while the database is unchanged; 0 is off. */
  pageCacheSeconds: number;
}

/** The environment as read: process.env, or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export type SettingsResult = { ok: true; settings: ServerSettings } | { ok: false; error: string };

/** `cores` is the default number of processes (the machine's, from the caller). */
export function serverSettings(env: Env, cores = 1): SettingsResult {
  const parsed = envSchema.safeParse({
    PORT: env.PORT,
    HOST: env.HOST,
    NEXTAUTH_URL: env.NEXTAUTH_URL,
    WEB_CONCURRENCY: env.WEB_CONCURRENCY,
    KEEP_ALIVE_TIMEOUT: env.KEEP_ALIVE_TIMEOUT,
    DESK_PAGE_CACHE_SECONDS: env.DESK_PAGE_CACHE_SECONDS,
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid environment." };
  const trust = parseTrustProxy(env.TRUST_PROXY);
  if (!trust.ok) return { ok: false, error: trust.error };
  const { PORT: port, HOST, NEXTAUTH_URL, WEB_CONCURRENCY, KEEP_ALIVE_TIMEOUT, DESK_PAGE_CACHE_SECONDS } = parsed.data;
  const hostname = HOST || null;
  return {
    ok: true,
    settings: {
      port,
      hostname,
      url: `http://${reachableHost(hostname)}:${port}`,
      nextAuthUrl: NEXTAUTH_URL || `http://localhost:${port}`,
      workers: WEB_CONCURRENCY ?? Math.max(1, Math.min(64, cores)),
      trustProxy: trust.trust,
      keepAliveSeconds: KEEP_ALIVE_TIMEOUT ?? DEFAULT_KEEP_ALIVE_SECONDS,
      pageCacheSeconds: DESK_PAGE_CACHE_SECONDS ?? DEFAULT_PAGE_CACHE_SECONDS,
    },
  };
}

/** The host to put in a URL: localhost when listening everywhere, IPv6 addresses in brackets. */
function reachableHost(hostname: string | null): string {
  if (hostname === null || WILDCARD_HOSTS.has(hostname)) return "localhost";
  return hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
}

/** The environment `next build` and the server processes run with. */
export function serverEnv(env: Env, settings: ServerSettings): NodeJS.ProcessEnv {
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(settings.port),
    NEXTAUTH_URL: settings.nextAuthUrl,
  };
}
