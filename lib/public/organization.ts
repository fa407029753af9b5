import type { NewsMediaOrganization, NewsMediaOrganizationLeaf, WithContext } from "schema-dts";
import { aboutAnchor } from "./about-sections";
import { absoluteUrl, siteConfig, type SiteConfig } from "@/lib/site";

/**
 * The desk as schema.org's NewsMediaOrganization, with the policy links the
 * Trust Project and IFCN assessors read (issue #14, part 3). Each points at a
 * section of /about or at /methodology; the links are fixed so every public
 * page can carry this without reading the database.
 */
export type DeskOrganization = NewsMediaOrganizationLeaf & {
  "@type": "NewsMediaOrganization";
  "@id": string;
  name: string;
};

export function organizationJsonLd(site: SiteConfig = siteConfig()): DeskOrganization {
  const about = (key: Parameters<typeof aboutAnchor>[0]) => absoluteUrl(`/about#${aboutAnchor(key)}`, site);
  return {
    "@type": "NewsMediaOrganization",
    // One id for the desk wherever it appears, so a ClaimReview's author and the page's organisation are one node.
    "@id": absoluteUrl("/about#organisation", site),
    name: site.orgName,
    url: site.orgUrl,
    publishingPrinciples: absoluteUrl("/methodology", site),
    verificationFactCheckingPolicy: absoluteUrl("/methodology", site),
    correctionsPolicy: about("corrections"),
    ownershipFundingInfo: about("funding"),
    masthead: about("team"),
    actionableFeedbackPolicy: about("complaints"),
  };
}

/** The same, as a document of its own for a page's <script type="application/ld+json">. */
export function organizationDocument(site: SiteConfig = siteConfig()): WithContext<NewsMediaOrganization> {
  return { "@context": "https://schema.org", ...organizationJsonLd(site) };
}
