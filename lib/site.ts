import { z } from "zod";

/**
 * Who publishes the fact checks and where, from the environment (parsed like
 * any outside input). SITE_URL makes canonical links, feed ids and the
 * ClaimReview `url`; the organisation is ClaimReview's `author`.
 */
const siteSchema = z.object({
  SITE_URL: z
    .url({ protocol: /^https?$/, message: "SITE_URL must be a full http(s) URL." })
    .transform((u) => u.replace(/\/+$/, ""))
    .default("http://localhost:3000"),
  ORG_NAME: z.string().trim().min(1).max(200).default("Claimtrail Fact Check Desk"),
  ORG_URL: z.url({ protocol: /^https?$/, message: "ORG_URL must be a full http(s) URL." }).optional(),
});

export interface SiteConfig {
  url: string;
  orgName: string;
  orgUrl: string;
}

export function siteConfig(env: NodeJS.ProcessEnv = process.env): SiteConfig {
  const parsed = siteSchema.safeParse({
    SITE_URL: env.SITE_URL || undefined,
    ORG_NAME: env.ORG_NAME || undefined,
    ORG_URL: env.ORG_URL || undefined,
  });
  if (!parsed.success) throw new Error(`Bad site configuration: ${parsed.error.issues.map((i) => i.message).join(" ")}`);
  const { SITE_URL, ORG_NAME, ORG_URL } = parsed.data;
  return { url: SITE_URL, orgName: ORG_NAME, orgUrl: ORG_URL ?? SITE_URL };
}

/** An absolute URL on this site for a path like "/claims/x". */
export function absoluteUrl(path: string, config: SiteConfig = siteConfig()): string {
  return `${config.url}${path.startsWith("/") ? path : `/${path}`}`;
}
