import { describe, expect, it } from "vitest";
import type { SiteConfig } from "@/lib/site";
import { ABOUT_SECTIONS } from "./about-sections";
import { organizationDocument, organizationJsonLd } from "./organization";

const SITE: SiteConfig = {
  url: "https://factcheck.example",
  orgName: "Example Fact Check",
  orgUrl: "https://example.org",
};

describe("the desk's NewsMediaOrganization", () => {
  it("names the desk and points each IFCN policy at /about's sections or /methodology", () => {
    expect(organizationDocument(SITE)).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsMediaOrganization",
      "@id": "https://factcheck.example/about#organisation",
      name: "Example Fact Check",
      url: "https://example.org",
      publishingPrinciples: "https://factcheck.example/methodology",
      verificationFactCheckingPolicy: "https://factcheck.example/methodology",
      correctionsPolicy: "https://factcheck.example/about#corrections",
      ownershipFundingInfo: "https://factcheck.example/about#funding",
      masthead: "https://factcheck.example/about#team",
      actionableFeedbackPolicy: "https://factcheck.example/about#complaints",
    });
  });

  it("only points at anchors the about page has", () => {
    const anchors = new Set(ABOUT_SECTIONS.map((s) => `https://factcheck.example/about#${s.anchor}`));
    const ld = organizationJsonLd(SITE);
    for (const link of [
      ld["@id"],
      ld.correctionsPolicy,
      ld.ownershipFundingInfo,
      ld.masthead,
      ld.actionableFeedbackPolicy,
    ]) {
      expect(anchors.has(String(link))).toBe(true);
    }
  });
});
