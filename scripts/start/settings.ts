// The server's settings from the environment, parsed with zod (DESIGN.md:
// the environment is outside input too). Pure: no files, no processes.
import { z } from "zod";

const PORT_MESSAGE = "PORT must be a whole number from 1 to 65535.";
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
});

export interface ServerSettings {
  port: number;
  /** Passed to `next start -H`; null listens on every interface. */
  hostname: string | null;
  /** Where people open the desk, and where the start script checks that the server answers. */
  url: string;
  nextAuthUrl: string;
}

/** The environment as read: process.env, or a plain object in tests. */
export type Env = Readonly<Record<string, string | undefined>>;

export type SettingsResult = { ok: true; settings: ServerSettings } | { ok: false; error: string };

export function serverSettings(env: Env): SettingsResult {
  const parsed = envSchema.safeParse({ PORT: env.PORT, HOST: env.HOST, NEXTAUTH_URL: env.NEXTAUTH_URL });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid environment." };
  const { PORT: port, HOST, NEXTAUTH_URL } = parsed.data;
  const hostname = HOST || null;
  return {
    ok: true,
    settings: { port, hostname, url: `http://${reachableHost(hostname)}:${port}`, nextAuthUrl: NEXTAUTH_URL || `http://localhost:${port}` },
  };
}

/** The host to put in a URL: localhost when listening everywhere, IPv6 addresses in brackets. */
function reachableHost(hostname: string | null): string {
  if (hostname === null || WILDCARD_HOSTS.has(hostname)) return "localhost";
  return hostname.includes(":") && !hostname.startsWith("[") ? `[${hostname}]` : hostname;
}

/** The environment `next build` and `next start` run with. */
export function serverEnv(env: Env, settings: ServerSettings): NodeJS.ProcessEnv {
  return {
    ...env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(settings.port),
    NEXTAUTH_URL: settings.nextAuthUrl,
  };
}
