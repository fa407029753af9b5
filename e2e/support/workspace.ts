import { expect, type Locator, type Page } from "@playwright/test";

export type Stance = "supports" | "contradicts" | "context";
export type Status = "unverified" | "sourced" | "disputed";

export interface EvidenceFields {
  url: string;
  title: string;
  publisher?: string;
  quotedPassage?: string;
  stance: Stance;
}

/** The claim workspace, /review/claims/[slug], as a reviewer or editor sees it. */
export class Workspace {
  constructor(
    readonly page: Page,
    readonly slug: string,
  ) {}

  async open(): Promise<this> {
    await this.page.goto(`/review/claims/${this.slug}`);
    await expect(this.page.getByRole("heading", { name: "Add evidence" })).toBeVisible();
    return this;
  }

  /** The form whose submit button is named `button`: keeps "Title" or "Reason" from matching another form's field. */
  form(button: string): Locator {
    return this.page.locator("form").filter({ has: this.page.getByRole("button", { name: button, exact: true }) });
  }

  /** The live message (role=status) that contains `text`. */
  status(text: string): Locator {
    return this.page.getByRole("status").filter({ hasText: text });
  }

  /** Error messages; Next's route announcer is an empty role=alert on every page. */
  alert(): Locator {
    return this.page.getByRole("alert").filter({ hasText: /\S/ });
  }

  async addEvidence(fields: EvidenceFields): Promise<void> {
    const form = this.form("Add evidence");
    await form.getByLabel("URL", { exact: true }).fill(fields.url);
    await form.getByLabel("Title", { exact: true }).fill(fields.title);
    if (fields.publisher !== undefined) await form.getByLabel("Publisher", { exact: true }).fill(fields.publisher);
    if (fields.quotedPassage !== undefined) await form.getByLabel("Quoted passage", { exact: true }).fill(fields.quotedPassage);
    await form.getByLabel("Stance", { exact: true }).selectOption(fields.stance);
    await form.getByRole("button", { name: "Add evidence", exact: true }).click();
    await expect(this.status("Evidence added.")).toBeVisible();
  }

  /** Fills the verdict form without saving (for the stale-edit check, which saves separately). */
  async fillVerdict(status: Status, rationale: string): Promise<void> {
    const form = this.form("Save verdict");
    await form.getByLabel("Status", { exact: true }).selectOption(status);
    await form.getByLabel("Rationale", { exact: true }).fill(rationale);
  }

  async saveVerdict(): Promise<void> {
    await this.form("Save verdict").getByRole("button", { name: "Save verdict", exact: true }).click();
  }

  async setVerdict(status: Status, rationale: string): Promise<void> {
    await this.fillVerdict(status, rationale);
    await this.saveVerdict();
    await expect(this.status("Verdict saved.")).toBeVisible();
  }

  publishButton(): Locator {
    return this.page.getByRole("button", { name: "Publish verdict", exact: true });
  }

  async publish(): Promise<void> {
    await this.publishButton().click();
    await expect(this.status("Published.")).toBeVisible();
  }

  /** Publishes a changed verdict of a claim published before: a correction, which needs a reason. */
  async publishCorrection(reason: string): Promise<void> {
    await this.form("Publish verdict").getByLabel("Reason for correction", { exact: true }).fill(reason);
    await this.publishButton().click();
    await expect(this.status("Correction published.")).toBeVisible();
  }

  /** Withdraws the verdict from the public page. */
  async unpublish(reason: string): Promise<void> {
    const form = this.form("Unpublish");
    await form.getByLabel("Reason for unpublishing", { exact: true }).fill(reason);
    await form.getByRole("button", { name: "Unpublish", exact: true }).click();
    await expect(this.status("Unpublished.")).toBeVisible();
  }

  /** The section headed "History". */
  history(): Locator {
    // Ancestors hold the heading too; the innermost match comes last in document order.
    return this.page
      .locator("section")
      .filter({ has: this.page.getByRole("heading", { name: "History", exact: true }) })
      .last();
  }
}

/** Supporting evidence for the seed article's NATO sentence (n = 6). */
export const NATO_SUPPORT: EvidenceFields = {
  url: "https://www.nato.int/cps/en/natohq/official_texts_219550.htm",
  title: "Statement by the North Atlantic Council on the terrorist attacks on Israel",
  publisher: "NATO",
  quotedPassage: "We stand in solidarity with Israel, our partner, and its people. Israel has the right to defend itself.",
  stance: "supports",
};
