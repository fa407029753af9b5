// The sections of /about (issue #14, part 3): what IFCN asks a signatory to
// publish about itself. One row of about_sections per key; the order here is
// the page's order, and the anchors are what NewsMediaOrganization's policy
// properties point at (lib/public/organization.ts), so they never change.

export const ABOUT_SECTION_KEYS = ["organisation", "team", "funding", "corrections", "complaints"] as const;
export type AboutSectionKey = (typeof ABOUT_SECTION_KEYS)[number];

export interface AboutSectionDefinition {
  key: AboutSectionKey;
  title: string;
  anchor: string;
  /** What the admin is asked to write. */
  prompt: string;
}

export const ABOUT_SECTIONS: readonly AboutSectionDefinition[] = [
  {
    key: "organisation",
    title: "Who we are",
    anchor: "organisation",
    prompt: "The organisation: its legal form, where it is based, what it checks and for whom.",
  },
  {
    key: "team",
    title: "Our team",
    anchor: "team",
    prompt: "The masthead: who edits, who checks, and how to reach them. One person a line works well.",
  },
  {
    key: "funding",
    title: "Funding and ownership",
    anchor: "funding",
    prompt: "Who owns the organisation and every source of money above a small share, with the share.",
  },
  {
    key: "corrections",
    title: "Corrections policy",
    anchor: "corrections",
    prompt: "How a published verdict is corrected, how fast, and where corrections are shown.",
  },
  {
    key: "complaints",
    title: "How to complain",
    anchor: "complaints",
    prompt: "How a reader asks for a correction or complains, what happens next, and where to escalate.",
  },
];

/** The fragment of /about that a section's heading carries. */
export function aboutAnchor(key: AboutSectionKey): string {
  const section = ABOUT_SECTIONS.find((s) => s.key === key);
  if (!section) throw new Error(`No about section "${key}".`);
  return section.anchor;
}
