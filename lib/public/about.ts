import "server-only";
import { getDb } from "@/db/client";
import { aboutSections } from "@/db/schema";
import { ABOUT_SECTIONS, type AboutSectionKey } from "./about-sections";

export { ABOUT_SECTIONS, ABOUT_SECTION_KEYS, aboutAnchor, type AboutSectionKey } from "./about-sections";

export interface PublicAboutSection {
  key: AboutSectionKey;
  title: string;
  /** The fragment of /about the section's heading carries (and the JSON-LD points at). */
  anchor: string;
  body: string;
  updatedAt: string;
}

/**
 * The sections of /about with text, in page order. A section never written,
 * or left empty, is not shown to readers: an empty heading would promise a
 * policy the desk has not published.
 */
export function listPublicAboutSections(): PublicAboutSection[] {
  const rows = new Map(
    getDb()
      .select({ key: aboutSections.key, body: aboutSections.body, updatedAt: aboutSections.updatedAt })
      .from(aboutSections)
      .all()
      .map((row) => [row.key, row]),
  );
  return ABOUT_SECTIONS.flatMap((section) => {
    const row = rows.get(section.key);
    if (!row || row.body.trim() === "") return [];
    return [
      { key: section.key, title: section.title, anchor: section.anchor, body: row.body, updatedAt: row.updatedAt },
    ];
  });
}
