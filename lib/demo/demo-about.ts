import { SYSTEM_PRINCIPAL } from "@/lib/auth/principal";
import { listAboutSectionsForEditing, saveAboutSection } from "@/lib/admin/about";
import type { AboutSectionKey } from "@/lib/public/about-sections";
import { DEMO_ABOUT } from "./demo-about-text";

export { DEMO_ABOUT } from "./demo-about-text";

/**
 * Fills the sections of /about that were never saved with the demo text. A
 * section an admin has written, or emptied on purpose, is left as it is, so
 * running the seed again changes nothing.
 */
export function seedDemoAbout(): AboutSectionKey[] {
  const filled: AboutSectionKey[] = [];
  for (const section of listAboutSectionsForEditing({ by: SYSTEM_PRINCIPAL })) {
    if (section.updatedAt !== null) continue;
    saveAboutSection({ by: SYSTEM_PRINCIPAL, key: section.key, body: DEMO_ABOUT[section.key], baseUpdatedAt: "" });
    filled.push(section.key);
  }
  return filled;
}
