import "server-only";
import { unstable_cache } from "next/cache";
import { listPublicAboutSections } from "@/lib/public/about";
import { listCorrections } from "@/lib/public/corrections";
import { searchPublished } from "@/lib/public/search";
import { ABOUT_TAG, PUBLISHED_DATA_TAG } from "./refresh-public-pages";

/** A bound on staleness should anything change published data outside the actions (a restore, a script). */
const SAFETY_NET_SECONDS = 3600;

// Reads for the pages that render per request (see refresh-public-pages.ts):
// SQLite is read once per publication, not once per visit.

/** The home page without a search: latest verdicts, counts per status and the filter choices. */
export const latestVerdicts = unstable_cache(async () => searchPublished({}), ["home:latest-verdicts"], {
  tags: [PUBLISHED_DATA_TAG],
  revalidate: SAFETY_NET_SECONDS,
});

/** The first page of the corrections log. */
export const latestCorrections = unstable_cache(async () => listCorrections({}), ["corrections:latest"], {
  tags: [PUBLISHED_DATA_TAG],
  revalidate: SAFETY_NET_SECONDS,
});

/** The written sections of /about; refreshed when an admin saves one (refreshAboutPage). */
export const aboutSections = unstable_cache(async () => listPublicAboutSections(), ["about:sections"], {
  tags: [ABOUT_TAG],
  revalidate: SAFETY_NET_SECONDS,
});
