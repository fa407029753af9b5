import type { ActionState } from "@/lib/actions";
import type { ImportedArticle } from "@/lib/intake/import-url";

/** The article already in the desk that an intake was refused for, so the form can link to it. */
export interface ExistingArticle {
  slug: string;
  title: string;
}

/** The intake form's outcome: the new article's slug, or a refusal that names the article it duplicates (`details`). */
export type IntakeState = ActionState<string, ExistingArticle>;

/** The "From an address" form's outcome: the fields read from the page, to prefill the intake form. */
export type ImportState = ActionState<ImportedArticle>;
