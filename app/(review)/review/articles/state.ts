import type { ActionState } from "@/lib/actions";

/** The article already in the desk that an intake was refused for, so the form can link to it. */
export interface ExistingArticle {
  slug: string;
  title: string;
}

/** The intake form's outcome: refused as a duplicate, it names the article already there. */
export type IntakeState = ActionState & { existing?: ExistingArticle };
