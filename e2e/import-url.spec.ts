import type { Page } from "@playwright/test";
import { countRows, queryRow } from "./support/http-security";
import { expect, test, uniqueTag } from "./fixtures";
import { startPageServer, type PageServer } from "./support/page-server";
import { ArticleView } from "./support/intake-page";
import { z } from "zod";

// Issue #13, item 6: an article brought in from its address. The pages are
// served from this machine (the e2e server runs with EVIDENCE_FETCH_ALLOW_PRIVATE=1)
// and written in our own words.

/** A council story with the furniture a news site puts around one; `tag` makes its text unique to the test. */
function councilStory(tag: string): { html: string; headline: string; paragraphs: string[] } {
  const headline = `Council votes to close two libraries ${tag}`;
  const paragraphs = [
    `The city council voted by 31 to 24 on Wednesday to close two of its eleven branch libraries from September, saving an estimated £1.2 million a year (ref ${tag}).`,
    "The council leader, Ruth Okafor, said visits to the two branches had fallen by 40 per cent since 2019 and that the money would keep the other nine open for longer hours.",
    "Campaigners disputed the figure, saying the branches had been closed on Saturdays for most of 2022, which they said explained much of the fall in visits.",
    "A council spokesperson said the mobile library would add stops in both neighbourhoods before the closures take effect.",
  ];
  const html = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>${headline} | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="article:published_time" content="2026-02-11T18:05:00+00:00">
</head><body>
<header><a href="/">Riverside Gazette</a><nav><a href="/local">Local</a> <a href="/sport">Sport</a></nav></header>
<div class="newsletter-signup">Get the morning briefing in your inbox. Sign up</div>
<main><article>
<h1>${headline}</h1>
<p class="byline">By Daniel Mercer</p>
${paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
</article>
<div class="related-stories"><h3>Related</h3><a href="/pools">Swimming pool hours cut</a></div>
</main>
<footer><p>© 2026 Riverside Gazette</p></footer>
</body></html>`;
  return { html, headline, paragraphs };
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The form's refusal (Next's route announcer is an alert too, always on the page). */
function refusal(page: Page, text: string | RegExp) {
  return page.getByRole("alert").filter({ hasText: text });
}

/** Types the address into "From an address" and fetches it. */
async function fetchFrom(page: Page, url: string): Promise<void> {
  await page.getByLabel("Article address", { exact: true }).fill(url);
  await page.getByRole("button", { name: "Fetch", exact: true }).click();
}

let pages: PageServer;
test.beforeAll(async () => {
  pages = await startPageServer();
});
test.afterAll(async () => {
  await pages.close();
});

test("a reviewer fetches an article by its address, corrects the title, brings it in and gets its claims suggested", async ({
  createUser,
  newSession,
}) => {
  const tag = uniqueTag();
  const story = councilStory(tag);
  pages.serve(`/local/libraries-${tag}`, story.html);
  const url = pages.url(`/local/libraries-${tag}`);
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);

  await page.goto("/review/articles/new");
  await fetchFrom(page, url);
  await expect(page.getByRole("status")).toContainText(`Read “${story.headline}” from 127.0.0.1`);
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(story.headline);
  await expect(page.getByLabel("Outlet", { exact: true })).toHaveValue("Riverside Gazette");
  await expect(page.getByLabel("Author", { exact: true })).toHaveValue("Daniel Mercer");
  await expect(page.getByLabel("Publication date", { exact: true })).toHaveValue("2026-02-11");
  await expect(page.getByLabel("URL", { exact: true })).toHaveValue(url);
  // The story's text without the site's menus, related links or footer; a stray sign-up line
  // beside the story may come along, which is what the reviewer's check is for.
  const text = page.getByLabel("Article text", { exact: true });
  await expect(text).toHaveValue(new RegExp(`${escaped(story.paragraphs.join("\n\n"))}$`));
  for (const furniture of ["Sport", "Swimming pool hours cut", "© 2026"]) await expect(text).not.toHaveValue(new RegExp(furniture));
  // Nothing is saved by fetching.
  expect(countRows("articles", "url = ?", url)).toBe(0);

  const corrected = `Two branch libraries to close ${tag}`;
  await page.getByLabel("Title", { exact: true }).fill(corrected);
  await page.getByRole("button", { name: "Bring in and find claims" }).click();

  await expect(page).toHaveURL(new RegExp(`/review/articles/two-branch-libraries-to-close-${tag}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(corrected);
  await expect(page.getByText("Riverside Gazette, by Daniel Mercer")).toBeVisible();
  await expect(page.getByRole("link", { name: "Original article" })).toHaveAttribute("href", url);
  const view = new ArticleView(page);
  expect(await view.openCount()).toBeGreaterThanOrEqual(1);
  const stored = queryRow(
    z.object({ title: z.string(), outlet: z.string(), author: z.string(), published_at: z.string(), url: z.string() }),
    "select title, outlet, author, published_at, url from articles where url = ?",
    url,
  );
  expect(stored).toEqual({
    title: corrected,
    outlet: "Riverside Gazette",
    author: "Daniel Mercer",
    published_at: "2026-02-11",
    url,
  });
});

test("a page with no article text says so, and the form keeps what was typed", async ({ createUser, newSession }) => {
  const tag = uniqueTag();
  pages.serve(
    `/front-${tag}`,
    `<!DOCTYPE html><html><head><title>Riverside Gazette</title></head><body><ul><li><a href="/a">Libraries to close</a></li><li><a href="/b">Pool hours cut</a></li></ul></body></html>`,
  );
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  await page.goto("/review/articles/new");
  const title = `Typed before fetching ${tag}`;
  await page.getByLabel("Title", { exact: true }).fill(title);
  const articlesBefore = countRows("articles", "1 = 1");

  await fetchFrom(page, pages.url(`/front-${tag}`));
  await expect(refusal(page, /^That page has no article text we could read/)).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await expect(page.getByLabel("Article text", { exact: true })).toHaveValue("");

  // An address that is not a web address is the field's own error, and nothing is fetched.
  const asked = pages.requests.length;
  await fetchFrom(page, `riverside-gazette.example/front-${tag}`);
  const field = page.getByLabel("Article address", { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a full web address starting with https:// or http://.").first()).toBeVisible();
  expect(pages.requests.length).toBe(asked);

  // A 404 is reported as such.
  await fetchFrom(page, pages.url(`/missing-${tag}`));
  await expect(refusal(page, /HTTP 404 \(Not Found\)/)).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  expect(countRows("articles", "1 = 1")).toBe(articlesBefore);
});

test("without JavaScript: fetch fills the form, and bringing it in works", async ({ createUser, newSession }) => {
  const tag = uniqueTag();
  const story = councilStory(tag);
  pages.serve(`/local/no-script-${tag}`, story.html);
  const reviewer = await createUser({ role: "reviewer" });
  const signedIn = await newSession(reviewer);
  const page = await newSession(null, {
    storageState: await signedIn.context().storageState(),
    javaScriptEnabled: false,
  });

  await page.goto("/review/articles/new");
  await fetchFrom(page, pages.url(`/local/no-script-${tag}`));
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(story.headline);
  await expect(page.getByLabel("Article text", { exact: true })).toHaveValue(
    new RegExp(`${escaped(story.paragraphs.join("\n\n"))}$`),
  );
  await page.getByRole("button", { name: "Bring in and find claims" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.headline);
  expect(await new ArticleView(page).openCount()).toBeGreaterThanOrEqual(1);
});
