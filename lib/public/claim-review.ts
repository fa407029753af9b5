import type { ClaimReview, CorrectionComment, CreativeWork, WithContext } from "schema-dts";
import type { ClaimStatus } from "@/db/schema";
import type { PublicVerdictHistoryEntry, PublishedClaim } from "@/lib/public/published-claim";
import { STATUS_DEFINITIONS } from "@/lib/claims/rules";
import { absoluteUrl, siteConfig, type SiteConfig } from "@/lib/site";
import { organizationJsonLd } from "./organization";

/**
 * ClaimReview's numeric rating: how well the claim holds up, on a scale from
 * 1 (worst) to 3 (best). Google shows the verdict word (alternateName); the
 * number lets machines order verdicts.
 */
export const RATING_SCALE: Record<ClaimStatus, number> = { disputed: 1, unverified: 2, sourced: 3 };
export const WORST_RATING = 1;
export const BEST_RATING = 3;

/** Google's limit for claimReviewed. */
const MAX_CLAIM_REVIEWED = 75;

// Words that mark a claimant or author as an organisation rather than a person
// ("Gaza Health Ministry", "Biden administration", "Fox News Digital", "U.N.").
// A name with none of them is taken to be a person's.
const ORGANISATION_WORDS =
  /\b(ministry|ministries|administration|government|department|agency|office|council|committee|commission|parliament|congress|senate|court|army|forces|military|police|party|union|association|institute|university|foundation|organi[sz]ation|company|corporation|inc|ltd|llc|group|bank|news|press|times|post|journal|media|network|desk|staff)\b/i;
const ORGANISATION_ACRONYMS = /\b(UN|U\.N|WHO|NATO|EU|IDF|UNRWA|UNICEF)\b/;

/** A Person or Organization known only by name: narrower than schema-dts's unions, so callers can read "@type". */
export type NamedAgent = { "@type": "Person"; name: string } | { "@type": "Organization"; name: string };

/** A claimant or author named in free text, typed as Person or Organization by a plain word list. */
export function personOrOrganization(name: string): NamedAgent {
  return ORGANISATION_WORDS.test(name) || ORGANISATION_ACRONYMS.test(name) ? { "@type": "Organization", name } : { "@type": "Person", name };
}

/** An ISO date (YYYY-MM-DD) from a stored ISO date or date-time, or undefined when it is not one. */
function isoDate(value: string | null): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

function shorten(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}

/** What changed in a corrected verdict and why, as the corrections log shows it. */
function correctionComment(entry: PublicVerdictHistoryEntry): CorrectionComment {
  const was = entry.previousStatus && entry.previousStatus !== entry.status ? STATUS_DEFINITIONS[entry.previousStatus].label : null;
  const now = entry.status ? STATUS_DEFINITIONS[entry.status].label : null;
  const change = was && now ? `Verdict changed from ${was} to ${now}. ` : "";
  return {
    "@type": "CorrectionComment",
    text: `${change}${entry.reason ?? "The verdict was revised."}`,
    datePublished: isoDate(entry.at),
  };
}

/**
 * The ClaimReview JSON-LD for a published claim page, following schema.org
 * and Google's fact-check guidance (developers.google.com/search/docs/
 * appearance/structured-data/factcheck). Only the published snapshot is used.
 */
export function claimReviewJsonLd(claim: PublishedClaim, site: SiteConfig = siteConfig()): WithContext<ClaimReview> {
  const { verdict, article } = claim;
  const appearance: CreativeWork = {
    "@type": "CreativeWork",
    // Where the claim can be read: the original article, or our copy of its text.
    url: article.url ?? absoluteUrl(`/articles/${article.slug}`, site),
    headline: article.title,
    ...(article.author ? { author: personOrOrganization(article.author) } : {}),
    ...(article.outlet ? { publisher: { "@type": "Organization", name: article.outlet } } : {}),
    ...(isoDate(article.publishedAt) ? { datePublished: isoDate(article.publishedAt) } : {}),
  };
  // History is newest first: the first correction is the one that gave the page its current verdict.
  const correction = claim.history.find((entry) => entry.kind === "correction");
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: absoluteUrl(`/claims/${claim.slug}`, site),
    claimReviewed: shorten(verdict.summary, MAX_CLAIM_REVIEWED),
    // The desk with its policy links (issue #14, part 3), the same node as each public page's organisation.
    author: organizationJsonLd(site),
    datePublished: isoDate(claim.firstPublishedAt),
    ...(correction ? { dateModified: isoDate(claim.publishedAt), correction: correctionComment(correction) } : {}),
    // firstAppearance is left out: the desk records where it read a claim, not where the claim was first made.
    itemReviewed: {
      "@type": "Claim",
      ...(verdict.claimant ? { author: personOrOrganization(verdict.claimant) } : {}),
      ...(isoDate(article.publishedAt) ? { datePublished: isoDate(article.publishedAt) } : {}),
      appearance,
    },
    reviewRating: {
      "@type": "Rating",
      ratingValue: RATING_SCALE[verdict.status],
      bestRating: BEST_RATING,
      worstRating: WORST_RATING,
      alternateName: STATUS_DEFINITIONS[verdict.status].label,
      ratingExplanation: verdict.rationale,
    },
  };
}

/**
 * JSON for a <script type="application/ld+json"> element. `<`, `>` and `&`
 * become \u escapes so no text in the data can close the script or open a
 * comment; U+2028/U+2029 too, for older JavaScript parsers. JSON.parse gives
 * back exactly the same value.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
