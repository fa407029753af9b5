import type { Metadata } from "next";
import { absoluteUrl } from "@/lib/site";

const SITE_NAME = "Claimtrail";

/** Trims text to a meta description's length at a word boundary. */
export function describe(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/**
 * Title, description, canonical link and Open Graph tags for a public page
 * (issue #3, quality bars). The canonical URL comes from SITE_URL (lib/site.ts).
 */
export function publicMetadata(input: {
  title: string;
  /** Use the title as it is, without " | Claimtrail" after it (the home page). */
  absoluteTitle?: boolean;
  description: string;
  path: string;
  type?: "website" | "article";
  /** For a page whose own URL is not the one to index (e.g. a confirmation variant). */
  noindex?: boolean;
  publishedTime?: string;
  modifiedTime?: string;
}): Metadata {
  const url = absoluteUrl(input.path);
  const description = describe(input.description);
  return {
    title: input.absoluteTitle ? { absolute: input.title } : input.title,
    description,
    alternates: { canonical: url },
    openGraph:
      input.type === "article"
        ? {
            type: "article",
            title: input.title,
            description,
            url,
            siteName: SITE_NAME,
            publishedTime: input.publishedTime,
            modifiedTime: input.modifiedTime,
          }
        : { type: "website", title: input.title, description, url, siteName: SITE_NAME },
    ...(input.noindex ? { robots: { index: false, follow: true } } : {}),
  };
}
