import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { aboutSections, users } from "@/db/schema";
import { authorize, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { mutate } from "@/lib/mutation";
import { ABOUT_SECTION_KEYS, ABOUT_SECTIONS, type AboutSectionKey } from "@/lib/public/about-sections";
import type { Loose } from "@/lib/validation";

// The admin's side of /about (issue #14, part 3): the text is the desk's public
// word on who it is and how it corrects itself, so each edit is audited with
// the text before and after, like any other change.

export const ABOUT_SECTION_MAX = 8000;

export interface EditableAboutSection {
  key: AboutSectionKey;
  title: string;
  anchor: string;
  prompt: string;
  body: string;
  /** Null when the section was never saved. */
  updatedAt: string | null;
  updatedBy: string | null;
}

/** Every section in page order, written or not, for the edit page. */
export function listAboutSectionsForEditing(input: { by: Principal | null }): EditableAboutSection[] {
  authorize(input.by, "about.edit");
  const rows = new Map(
    getDb()
      .select({
        key: aboutSections.key,
        body: aboutSections.body,
        updatedAt: aboutSections.updatedAt,
        updatedBy: users.name,
      })
      .from(aboutSections)
      .leftJoin(users, eq(users.id, aboutSections.updatedBy))
      .all()
      .map((row) => [row.key, row]),
  );
  return ABOUT_SECTIONS.map((section) => {
    const row = rows.get(section.key);
    return { ...section, body: row?.body ?? "", updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
  });
}

const saveSchema = z.object({
  key: z.enum(ABOUT_SECTION_KEYS, { message: "There is no such section of the about page." }),
  body: z
    .string({ message: "Write the section's text (or leave it empty to hide the section)." })
    .max(ABOUT_SECTION_MAX, `A section holds at most ${ABOUT_SECTION_MAX.toLocaleString("en-GB")} characters.`)
    .transform((v) => v.replace(/\r\n?/g, "\n").trim()),
  // When the section was last saved as the editor saw it: "" for never.
  baseUpdatedAt: z
    .string({ message: "Reload the page and edit again." })
    .max(40, "Reload the page and edit again.")
    .default(""),
});

export interface SavedAboutSection {
  key: AboutSectionKey;
  updatedAt: string;
}

/**
 * Saves one section. Refused when someone saved it since the editor loaded
 * the page (no lost update), and when the text is the same as stored: an
 * audit event that changes nothing would only add noise.
 */
export function saveAboutSection(input: Loose<typeof saveSchema> & { by: Principal | null }): SavedAboutSection {
  return mutate({
    by: input.by,
    permission: "about.edit",
    schema: saveSchema,
    input,
    write: (tx, data, by) => {
      const current = tx
        .select({ body: aboutSections.body, updatedAt: aboutSections.updatedAt })
        .from(aboutSections)
        .where(eq(aboutSections.key, data.key))
        .get();
      if ((current?.updatedAt ?? "") !== data.baseUpdatedAt) {
        throw new AppError(
          "conflict",
          "Someone saved this section after you opened the page. Copy your text, reload, and apply your change to theirs.",
        );
      }
      if (current && current.body === data.body) {
        throw new AppError("rule", "Nothing changed: the section already says exactly this.");
      }
      const now = new Date().toISOString();
      const updatedBy = by.kind === "user" ? by.id : null;
      tx.insert(aboutSections)
        .values({ key: data.key, body: data.body, updatedAt: now, updatedBy })
        .onConflictDoUpdate({ target: aboutSections.key, set: { body: data.body, updatedAt: now, updatedBy } })
        .run();
      return {
        result: { key: data.key, updatedAt: now },
        audit: {
          action: "about.section_saved",
          entityType: "about_section",
          entityId: data.key,
          before: current ? { body: current.body } : null,
          after: { body: data.body },
          at: new Date(now),
        },
      };
    },
  });
}
