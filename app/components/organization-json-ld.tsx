import { serializeJsonLd } from "@/lib/public/claim-review";
import { organizationDocument } from "@/lib/public/organization";

/** The desk as a NewsMediaOrganization with its policy links, on every public page (issue #14, part 3). */
export function OrganizationJsonLd() {
  return (
    <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(organizationDocument()) }} />
  );
}
