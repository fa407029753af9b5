"use server";

import { revalidatePath } from "next/cache";
import { refreshAboutPage } from "@/app/(public)/refresh-public-pages";
import { runAction, type ActionState } from "@/lib/actions";
import { saveAboutSection } from "@/lib/admin/about";
import { ABOUT_SECTIONS } from "@/lib/public/about-sections";

// Thin: lib/admin checks the role, parses the text, refuses a stale edit and audits the change.
export async function saveAboutSectionAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const state = await runAction(formData, ({ by, fields }) => {
    const saved = saveAboutSection({ by, key: fields.key, body: fields.body, baseUpdatedAt: fields.baseUpdatedAt });
    const title = ABOUT_SECTIONS.find((s) => s.key === saved.key)?.title ?? saved.key;
    return `Saved “${title}”. The public page shows it now.`;
  });
  if (state?.ok) {
    refreshAboutPage();
    revalidatePath("/review/admin/about");
  }
  return state;
}
