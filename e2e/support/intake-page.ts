import { expect, type Locator, type Page } from "@playwright/test";

/** Pastes `body` into the intake form and brings it in; the article view opens. */
export async function bringIn(
  page: Page,
  body: string,
  fields: { title?: string; outlet?: string } = {},
): Promise<void> {
  await page.goto("/review/articles/new");
  await page.getByLabel("Article text", { exact: true }).fill(body);
  if (fields.title !== undefined) await page.getByLabel("Title", { exact: true }).fill(fields.title);
  if (fields.outlet !== undefined) await page.getByLabel("Outlet", { exact: true }).fill(fields.outlet);
  await page.getByRole("button", { name: "Bring in and find claims" }).click();
}

/** The reviewer's article view, /review/articles/[slug]: the compact suggestion list beside the text. */
export class ArticleView {
  constructor(readonly page: Page) {}

  /** "Check" or "Maybe": the group of suggestions under that heading. */
  group(label: "Check" | "Maybe"): Locator {
    return this.page.getByRole("region", { name: new RegExp(`^${label} .*\\(\\d+\\)$`) });
  }

  /** The suggestion ranked `rank` by score, one row of the list. */
  row(rank: number): Locator {
    return this.page.getByRole("listitem", { name: `Suggestion ${rank}`, exact: true });
  }

  rows(): Locator {
    return this.page.locator("li[data-suggestion-row]");
  }

  async count(label: "Check" | "Maybe"): Promise<number> {
    if ((await this.group(label).count()) === 0) return 0;
    const heading = await this.group(label).getByRole("heading").innerText();
    return Number(/\((\d+)\)$/.exec(heading)?.[1]);
  }

  async openCount(): Promise<number> {
    const heading = await this.page.getByRole("heading", { name: /^Suggested claims \(\d+\)$/ }).innerText();
    return Number(/\((\d+)\)/.exec(heading)?.[1]);
  }

  /** The whole sentences of the rows in `scope`, as the expanded rows quote them. */
  async sentences(scope: Locator): Promise<string[]> {
    const texts = await scope.locator("li[data-suggestion-row] blockquote").allTextContents();
    return texts.map((t) => t.trim());
  }

  async idOf(row: Locator): Promise<string> {
    const id = await row.getAttribute("data-suggestion-row");
    if (!id) throw new Error("row without a suggestion id");
    return id;
  }

  /** The suggestion's sentence in the article text (its first part). */
  markOf(id: string): Locator {
    return this.page.locator(`#article-text mark[data-suggestion="${id}"]`).first();
  }

  status(text: string | RegExp): Locator {
    return this.page.getByRole("status").filter({ hasText: text });
  }

  /** Every claim's mark in the text, keyed by the claim's slug. */
  claimMarks(): Locator {
    return this.page.locator("#article-text mark[id^='claim-']");
  }

  /** Opens the row, sets the summary in its accept-with-edits form and accepts it. */
  async acceptWithEdits(row: Locator, summary: string): Promise<void> {
    await row.locator("> details > summary").click();
    await row.getByText("Accept as a claim…").click();
    await row.getByLabel("Summary", { exact: true }).fill(summary);
    await row.getByRole("button", { name: "Accept as claim", exact: true }).click();
    await expect(this.status(`Claim “${summary}” created, unverified.`)).toBeVisible();
  }

  /** Makes a claim of the words in the hand-made claim form, typed as a reviewer without JavaScript would. */
  claimForm(): Locator {
    return this.page
      .locator("form")
      .filter({ has: this.page.getByRole("button", { name: "Create claim", exact: true }) });
  }

  /** Selects `words` in the article text as a reader dragging over them would (they must sit in one piece of text). */
  async selectInText(words: string): Promise<void> {
    await this.page.evaluate((target) => {
      const pieces = [...document.querySelectorAll<HTMLElement>("#article-text [data-offset]")];
      const piece = pieces.find((p) => p.textContent?.includes(target));
      const node = piece?.firstChild;
      if (!piece || !node) throw new Error("words not found in the text");
      const at = (piece.textContent ?? "").indexOf(target);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + target.length);
      const selection = document.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    }, words);
  }
}
