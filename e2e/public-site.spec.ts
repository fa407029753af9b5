/**
 * Issue #3 from a reader's side: search, the claim page signed out, a
 * correction request end to end, publish-then-see (caching), the corrections
 * log and feed, and the read-only JSON API.
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { z } from "zod";
import { createClaims, expect, test, uniqueTag, type TestClaim } from "./fixtures";
import { axeViolations } from "./support/quality";
import { Workspace } from "./support/workspace";

/** The result of the search page that links to `summary`. */
function searchResult(page: Page, summary: string): Locator {
  return page.getByRole("listitem").filter({ has: page.getByRole("link", { name: summary, exact: true }) });
}

/** "23 published verdicts match …": the search page's count line. */
function resultCount(page: Page, count: number): Locator {
  return page.getByText(count === 1 ? "1 published verdict matches" : `${count} published verdicts match`);
}

/** JSON-LD objects in the page, arrays and @graph flattened. */
async function jsonLd(page: Page): Promise<Record<string, unknown>[]> {
  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
  const flatten = (value: unknown): Record<string, unknown>[] => {
    if (Array.isArray(value)) return value.flatMap(flatten);
    if (typeof value !== "object" || value === null) return [];
    const record = z.record(z.string(), z.unknown()).parse(value);
    return [record, ...flatten(record["@graph"])];
  };
  return scripts.flatMap((text) => flatten(JSON.parse(text)));
}

const claimReviewSchema = z.object({
  "@context": z.union([z.literal("https://schema.org"), z.literal("http://schema.org"), z.literal("https://schema.org/")]),
  "@type": z.literal("ClaimReview"),
  url: z.url(),
  claimReviewed: z.string().min(1).max(75),
  // NewsMediaOrganization is an Organization: the desk with its policy links (lib/public/organization.ts).
  author: z.object({ "@type": z.enum(["Organization", "NewsMediaOrganization", "Person"]), name: z.string().min(1) }),
  datePublished: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  reviewRating: z.object({
    "@type": z.literal("Rating"),
    alternateName: z.string().min(1),
    ratingExplanation: z.string().optional(),
  }),
  itemReviewed: z.object({
    "@type": z.literal("Claim"),
    author: z.object({ "@type": z.enum(["Organization", "Person"]), name: z.string().min(1) }).optional(),
    appearance: z.union([z.object({ url: z.url() }), z.array(z.object({ url: z.url() }))]).optional(),
  }),
});

/** GETs `path` signed out and returns its body; fails unless the status is `status`. */
async function body(request: APIRequestContext, path: string, status = 200): Promise<string> {
  const response = await request.get(path);
  expect(response.status(), `GET ${path}`).toBe(status);
  return response.text();
}

// ---------------------------------------------------------------- search

test("search finds a published claim by a word of its text, summary, claimant or article title, and marks the match", async ({
  createUser,
  createClaim,
  page,
}) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  const words = { summary: `kestrel${tag}`, claimant: `osprey${tag}`, title: `plover${tag}` };
  // The rapprochement sentence is this test's alone, so only its claim has the word.
  const claim = await createClaim({
    sentence: "rapprochement",
    summary: `Turkey and Iran tried this in 2009 (${words.summary})`,
    claimant: `Maeve O'Brien ${words.claimant}`,
    articleTitle: `Ankara and Tehran, again (${words.title})`,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });

  const searches: { label: string; q: string; marked: RegExp }[] = [
    { label: "a word of the claim's text", q: "rapprochement", marked: /^rapprochement$/i },
    { label: "a word of its summary", q: words.summary, marked: new RegExp(`^${words.summary}$`, "i") },
    { label: "its claimant", q: words.claimant, marked: new RegExp(`^${words.claimant}$`, "i") },
    { label: "an apostrophe name", q: "O'Brien", marked: /^O'?Brien$|^O$|^Brien$/i },
    { label: "its article's title", q: words.title, marked: new RegExp(`^${words.title}$`, "i") },
  ];
  for (const search of searches) {
    await test.step(`by ${search.label}: ${search.q}`, async () => {
      const response = await page.goto(`/?q=${encodeURIComponent(search.q)}`);
      expect(response?.status()).toBe(200);
      const result = searchResult(page, claim.summary);
      await expect(result).toHaveCount(1);
      // Issue #3: "with highlighted matches", in whichever field the words matched. The page is
      // server-rendered and loaded, so its marks are read once rather than waited for.
      const marks = await result.locator("mark").allInnerTexts();
      expect.soft(marks.some((text) => search.marked.test(text.trim())), `a <mark> for ${search.q}; marks in the result: ${JSON.stringify(marks)}`).toBe(true);
    });
  }

  await test.step("the search form round-trips the query through the URL", async () => {
    await page.goto("/");
    await page.getByLabel("Search claims").fill(words.summary);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]q=${words.summary}(&|$)`));
    await expect(searchResult(page, claim.summary)).toHaveCount(1);
    await expect(page.getByLabel("Search claims")).toHaveValue(words.summary);
  });
});

test("what readers type, FTS syntax and quotes included, never gives an error page", async ({ request, page }) => {
  const inputs = [
    '"',
    '""',
    '"unbalanced phrase',
    "O'Brien",
    "'",
    "NEAR(",
    "NEAR(a b, 2)",
    "*",
    "ministry*",
    "*ministry",
    "-",
    "-ministry",
    "AND OR",
    "OR",
    "NOT",
    "AND",
    "a AND",
    "summary:",
    "text:ministry",
    "{summary text}: x",
    "^ministry",
    "(",
    ")",
    "a + b",
    "\\",
    "%_",
    "' OR 1=1 --",
    "\u0000",
    "🙂 ministry",
    "“curly quotes”",
    `${'"('.repeat(150)}`,
    "x".repeat(500),
  ];
  for (const input of inputs) {
    const q = encodeURIComponent(input);
    const pageResponse = await request.get(`/?q=${q}`);
    expect.soft(pageResponse.status(), `GET /?q=${JSON.stringify(input)}`).toBe(200);
    expect.soft(await pageResponse.text(), `error page for /?q=${JSON.stringify(input)}`).not.toContain("Something went wrong");
    // The API may refuse a parameter it cannot take (400, e.g. too long), but never fails (5xx).
    const apiResponse = await request.get(`/api/v1/claims?q=${q}`);
    expect.soft([200, 400], `GET /api/v1/claims?q=${JSON.stringify(input)} gave ${apiResponse.status()}`).toContain(apiResponse.status());
  }

  await test.step("typed into the form", async () => {
    await page.goto("/");
    await page.getByLabel("Search claims").fill(`O'Brien "NEAR( * - AND OR`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toHaveCount(0);
    await expect(page.getByLabel("Search claims")).toHaveValue(`O'Brien "NEAR( * - AND OR`);
  });
});

test("search filters and pages keep their state in the URL and work with JavaScript off", async ({ createUser, newSession }) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  const word = `pipit${tag}`;
  const claimant = `Pagination Desk ${tag}`;
  // One more than a page (20) of sourced verdicts, and two disputed ones, all matching `word`.
  const sourced = await createClaims(21, {
    sentence: "parliament",
    summary: `Sourced verdict ${word}`,
    claimant,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });
  const disputed = await createClaims(2, {
    sentence: "parliament",
    summary: `Disputed verdict ${word}`,
    claimant,
    verdict: { status: "disputed", by: reviewer },
    publishBy: editor,
  });

  const page = await newSession(null, { javaScriptEnabled: false });
  await page.goto("/");
  await page.getByLabel("Search claims").fill(word);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(resultCount(page, 23)).toBeVisible();

  await test.step("status filter", async () => {
    await page.getByLabel("Status", { exact: true }).selectOption("disputed");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const url = new URL(page.url());
    expect(url.searchParams.get("q")).toBe(word);
    expect(url.searchParams.get("status")).toBe("disputed");
    await expect(resultCount(page, 2)).toBeVisible();
    for (const claim of disputed) await expect(searchResult(page, claim.summary)).toHaveCount(1);
    await expect(searchResult(page, sourced[0]?.summary ?? "")).toHaveCount(0);
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("disputed");
  });

  await test.step("claimant filter", async () => {
    await page.getByLabel("Search claims").fill("");
    await page.getByLabel("Status", { exact: true }).selectOption("");
    await page.getByLabel("Claimant", { exact: true }).selectOption(claimant);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    expect(new URL(page.url()).searchParams.get("claimant")).toBe(claimant);
    await expect(resultCount(page, 23)).toBeVisible();
  });

  await test.step("pagination keeps the query and filters", async () => {
    await page.getByLabel("Search claims").fill(word);
    await page.getByLabel("Status", { exact: true }).selectOption("sourced");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(resultCount(page, 21)).toBeVisible();
    const firstPage = await page.getByRole("main").getByRole("link", { name: new RegExp(`^Sourced verdict ${word} #\\d+$`) }).allInnerTexts();
    expect(firstPage).toHaveLength(20);
    await expect(page.getByRole("link", { name: "Previous", exact: true })).toHaveCount(0);

    await page.getByRole("link", { name: "Next", exact: true }).click();
    const second = new URL(page.url());
    expect(second.searchParams.get("page")).toBe("2");
    expect(second.searchParams.get("q")).toBe(word);
    expect(second.searchParams.get("status")).toBe("sourced");
    expect(second.searchParams.get("claimant")).toBe(claimant);
    const secondPage = await page.getByRole("main").getByRole("link", { name: new RegExp(`^Sourced verdict ${word} #\\d+$`) }).allInnerTexts();
    expect(secondPage).toHaveLength(1);
    // Every verdict exactly once across the two pages.
    expect(new Set([...firstPage, ...secondPage])).toEqual(new Set(sourced.map((c) => c.summary)));
    await expect(page.getByRole("link", { name: "Next", exact: true })).toHaveCount(0);
    await expect(page.getByLabel("Search claims")).toHaveValue(word);
    await expect(page.getByLabel("Status", { exact: true })).toHaveValue("sourced");

    // The URL alone brings the same page back.
    const again = await newSession(null, { javaScriptEnabled: false });
    await again.goto(page.url());
    await expect(again.getByRole("main").getByRole("link", { name: new RegExp(`^Sourced verdict ${word} #\\d+$`) })).toHaveText(secondPage);

    await page.getByRole("link", { name: "Previous", exact: true }).click();
    const back = new URL(page.url());
    expect(back.searchParams.get("page") ?? "1").toBe("1");
    expect(back.searchParams.get("status")).toBe("sourced");
    await expect(page.getByRole("main").getByRole("link", { name: new RegExp(`^Sourced verdict ${word} #\\d+$`) })).toHaveCount(20);
  });
});

// ---------------------------------------------------------------- claim page

test("a signed-out reader sees the verdict, rationale, evidence, JSON-LD and the claim highlighted in its article", async ({
  createUser,
  createClaim,
  page,
}) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  const rationale = `UN officials said they could not verify the figure independently (${tag}).`;
  const claim = await createClaim({
    sentence: "un-reliable",
    summary: `The U.N. found the ministry's numbers reliable (${tag})`,
    claimant: "Stephane Dujarric",
    articleTitle: `Claim page check ${tag}`,
    verdict: { status: "disputed", by: reviewer, rationale },
    publishBy: editor,
  });

  const response = await page.goto(`/claims/${claim.slug}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(claim.summary);
  await expect(page.getByRole("region", { name: "Our verdict" }).getByText("Disputed", { exact: true })).toBeVisible();
  await expect(page.getByText(rationale)).toBeVisible();
  await expect(page.getByText(claim.text).first()).toBeVisible();
  await expect(page.getByText("Stephane Dujarric").first()).toBeVisible();
  const evidence = page.getByRole("region", { name: "Evidence", exact: true });
  await expect(evidence.getByRole("link", { name: "A report that contradicts the claim" })).toHaveAttribute(
    "href",
    "https://example.org/contradicting-report",
  );
  await expect(evidence.getByText("Example Research")).toBeVisible();
  await expect(evidence.getByText("The figures could not be confirmed.")).toBeVisible();
  await expect(evidence.getByText("Contradicts", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Verdict history" }).getByText("Published", { exact: true })).toBeVisible();

  await test.step("ClaimReview JSON-LD", async () => {
    const reviews = (await jsonLd(page)).filter((item) => item["@type"] === "ClaimReview");
    expect(reviews).toHaveLength(1);
    const review = claimReviewSchema.parse(reviews[0]);
    expect(review.claimReviewed).toBe(claim.summary);
    expect(review.reviewRating.alternateName).toBe("Disputed");
    expect(review.reviewRating.ratingExplanation).toBe(rationale);
    expect(new URL(review.url).pathname).toBe(`/claims/${claim.slug}`);
    const canonical = await page.locator('link[rel="canonical"]').getAttribute("href");
    expect(review.url).toBe(canonical);
    expect(review.itemReviewed.author?.name).toBe("Stephane Dujarric");
  });

  await test.step("the link to the article lands on the highlighted claim", async () => {
    await page.getByRole("link", { name: "Read the claim in the article" }).click();
    await expect(page).toHaveURL(new RegExp(`/articles/${claim.articleSlug}#claim-${claim.slug}$`));
    const mark = page.locator(`mark#claim-${claim.slug}`);
    await expect(mark).toContainText(claim.text);
    await expect(mark).toContainText("Disputed");
    await expect(mark).toBeInViewport();
    await expect(mark.locator(`a[href="/claims/${claim.slug}"]`)).toHaveCount(1);
  });
});

// ---------------------------------------------------------------- correction requests

test("a reader's correction request reaches editors only, and never a public page", async ({ createUser, createClaim, newSession, request }) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  const claim = await createClaim({
    sentence: "haniyeh",
    summary: `Ankara asked Haniyeh to leave Istanbul (${tag})`,
    claimant: "Al-Monitor",
    articleTitle: `Correction request check ${tag}`,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });
  const message = `The date is wrong: it was the 8th, not the 7th (request ${tag}).`;
  const email = `reader.${tag}@example.net`;

  await test.step("with JavaScript, a refused request says why, accessibly", async () => {
    // Refused requests are not stored, so they do not count against the per-address limit.
    const reader = await newSession(null);
    await reader.goto(`/claims/${claim.slug}`);
    await reader.getByLabel("Your message").fill("Too short");
    await reader.getByLabel("Your email (optional)").fill("not an email");
    await reader.getByRole("button", { name: "Send correction request" }).click();
    await expect(reader.getByLabel("Your message")).toHaveAttribute("aria-invalid", "true");
    await expect(reader.getByRole("alert").filter({ hasText: /\S/ }).first()).toBeVisible();
    const violations = await axeViolations(reader);
    expect.soft(violations, `axe on the refused form:\n${violations.join("\n")}`).toEqual([]);
  });

  await test.step("a signed-out reader without JavaScript sends it", async () => {
    const reader = await newSession(null, { javaScriptEnabled: false });
    await reader.goto(`/claims/${claim.slug}`);
    await reader.getByRole("button", { name: "Send correction request" }).click();
    // Refused without a message, and says why.
    await expect(reader.getByRole("alert").filter({ hasText: /\S/ }).first()).toBeVisible();
    await expect(reader.getByLabel("Your message")).toHaveAttribute("aria-invalid", "true");

    await reader.getByLabel("Your message").fill(message);
    await reader.getByLabel("Your email (optional)").fill(email);
    await reader.getByRole("button", { name: "Send correction request" }).click();
    await expect(reader.getByRole("status").filter({ hasText: /correction request was sent|thank you/i })).toBeVisible();
    // Only the reader's own private page shows what they sent (e2e/correction-requests.spec.ts follows it).
    // Without JavaScript the browser keeps the form's #correction-request across the redirect.
    await expect(reader).toHaveURL(/\/requests\/crq_[A-Za-z0-9_-]{43}(#correction-request)?$/);
    await expect(reader.getByText(email)).toHaveCount(0);
  });

  await test.step("a reviewer does not see it", async () => {
    const reviewerPage = await newSession(reviewer);
    await reviewerPage.goto("/review/corrections");
    await expect(reviewerPage.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(reviewerPage.getByText(message)).toHaveCount(0);
    await expect(reviewerPage.getByRole("button", { name: "Send answer" })).toHaveCount(0);
  });

  await test.step("an editor sees it and answers it, resolved", async () => {
    const editorPage = await newSession(editor);
    await editorPage.goto("/review/corrections");
    const item = editorPage.getByRole("listitem").filter({ hasText: message });
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(email);
    await expect(item.getByRole("link", { name: claim.summary })).toBeVisible();
    await item.getByText("Answer the reader").click();
    await item.getByLabel("Public answer").fill(`We checked the date again (${tag}).`);
    await item.getByRole("button", { name: "Send answer" }).click();
    // The default list holds open requests only: a resolved one moves to "Resolved".
    await expect(item).toHaveCount(0);
    await editorPage.getByRole("navigation", { name: "Filter by state" }).getByRole("link", { name: "Resolved", exact: true }).click();
    const resolved = editorPage.getByRole("listitem").filter({ hasText: message });
    await expect(resolved).toHaveCount(1);
    await expect(resolved).toContainText("Resolved");
    await expect(resolved).toContainText(editor.name);
    await expect(resolved.getByRole("button", { name: "Reopen" })).toBeVisible();
    await expect(resolved.getByRole("button", { name: "Send answer" })).toHaveCount(0);
  });

  await test.step("no public page or API response shows it", async () => {
    const paths = [
      "/",
      `/?q=${encodeURIComponent(tag)}`,
      `/claims/${claim.slug}`,
      `/claims/${claim.slug}?correction=sent`,
      `/articles/${claim.articleSlug}`,
      "/corrections",
      "/feed.xml",
      `/api/v1/claims?q=${encodeURIComponent(tag)}`,
      `/api/v1/claims/${claim.slug}`,
      `/api/v1/articles/${claim.articleSlug}`,
    ];
    for (const path of paths) {
      const text = await body(request, path);
      expect.soft(text.includes(`request ${tag}`), `the request's message on ${path}`).toBe(false);
      expect.soft(text.includes(email), `the reader's email on ${path}`).toBe(false);
    }
  });
});

// ---------------------------------------------------------------- publish, correct, see

test("the next request after publishing, correcting or withdrawing a verdict shows the change: claim page, history, corrections log, feed, API", async ({
  createUser,
  createClaim,
  newSession,
  request,
}) => {
  const [reviewer, editor, secondEditor] = await Promise.all([
    createUser({ role: "reviewer" }),
    createUser({ role: "editor" }),
    createUser({ role: "editor" }),
  ]);
  const tag = uniqueTag();
  const firstRationale = `Erdogan did speak to parliament that month (${tag}).`;
  const claim = await createClaim({
    sentence: "parliament",
    summary: `Erdogan criticised the West in parliament (${tag})`,
    claimant: "Recep Tayyip Erdogan",
    articleTitle: `Publish then see ${tag}`,
    verdict: { status: "sourced", by: reviewer, rationale: firstRationale },
  });
  const reason = `The speech was in October, not last month (${tag}).`;
  const claimPath = `/claims/${claim.slug}`;

  // Asked for before publication, so any cache holds the unpublished state.
  expect((await request.get(claimPath)).status()).toBe(404);
  expect((await request.get(`/articles/${claim.articleSlug}`)).status()).toBe(404);
  expect(await body(request, "/")).not.toContain(claim.slug);
  // A search's results page is kept whole (proxy.ts, search/[query]) until the next publication.
  const searchPath = `/?q=${tag}`;
  const disputedSearchPath = `/?q=${tag}&status=disputed`;
  expect(await body(request, searchPath)).not.toContain(claimPath);
  expect(await body(request, disputedSearchPath)).not.toContain(claimPath);
  expect(await body(request, "/feed.xml")).not.toContain(claim.slug);
  expect(await body(request, "/corrections")).not.toContain(claim.slug);
  const apiPath = `/api/v1/claims/${claim.slug}`;
  expect((await request.get(apiPath)).status()).toBe(404);
  const apiClaim = async () => {
    const response = await request.get(apiPath);
    expect(response.status(), `GET ${apiPath}`).toBe(200);
    return z.object({ status: z.string(), history: z.array(
          z.object({ kind: z.string(), status: z.string().nullable(), previousStatus: z.string().nullable(), reason: z.string().nullable(), at: z.string() }),
        ) }).parse(await response.json());
  };

  // Signed in up front and side by side: sign-ins cost seconds each on two cores.
  const [editorPage, reviewerPage, secondEditorPage] = await Promise.all([newSession(editor), newSession(reviewer), newSession(secondEditor)]);
  await new Workspace(editorPage, claim.slug).open().then((w) => w.publish());

  await test.step("the very next request shows the published verdict", async () => {
    const reader = await newSession(null);
    expect((await reader.goto(claimPath))?.status()).toBe(200);
    await expect(reader.getByRole("region", { name: "Our verdict" }).getByText("Sourced", { exact: true })).toBeVisible();
    await expect(reader.getByText(firstRationale)).toBeVisible();
    expect(await body(request, "/")).toContain(claimPath);
    expect(await body(request, searchPath)).toContain(claimPath);
    expect(await body(request, `/articles/${claim.articleSlug}`)).toContain(`id="claim-${claim.slug}"`);
    expect((await apiClaim()).status).toBe("sourced");
  });

  const reviewerWorkspace = await new Workspace(reviewerPage, claim.slug).open();
  await reviewerWorkspace.addEvidence({
    url: "https://www.tbmm.gov.tr/",
    title: "Grand National Assembly: record of the session",
    publisher: "TBMM",
    quotedPassage: "The session was held in October.",
    stance: "contradicts",
  });
  const secondRationale = `The parliamentary record dates the speech to October (${tag}).`;
  await reviewerWorkspace.setVerdict("disputed", secondRationale);

  await test.step("a changed but unpublished verdict stays off the public page", async () => {
    const text = await body(request, claimPath);
    expect(text).toContain(firstRationale);
    expect(text).not.toContain(secondRationale);
  });

  const secondEditorWorkspace = await new Workspace(secondEditorPage, claim.slug).open();
  await secondEditorWorkspace.publishCorrection(reason);

  await test.step("the very next request shows the correction, marked as such, with its reason", async () => {
    const reader = await newSession(null);
    expect((await reader.goto(claimPath))?.status()).toBe(200);
    await expect(reader.getByRole("region", { name: "Our verdict" }).getByText("Disputed", { exact: true })).toBeVisible();
    await expect(reader.getByText(secondRationale)).toBeVisible();
    const correction = reader.getByRole("region", { name: "Verdict history" }).getByRole("listitem").filter({ hasText: "Correction" });
    await expect(correction).toHaveCount(1);
    await expect(correction).toContainText(reason);
    await expect(correction).toContainText("Sourced");
    await expect(correction).toContainText("Disputed");
    expect(await body(request, disputedSearchPath)).toContain(claimPath);
    const api = await apiClaim();
    expect(api.status).toBe("disputed");
    expect(api.history).toContainEqual({ kind: "correction", reason, status: "disputed", previousStatus: "sourced", at: expect.any(String) });
  });

  await test.step("the corrections log lists it: old verdict, new verdict, reason", async () => {
    const reader = await newSession(null);
    await reader.goto("/corrections");
    const entry = reader.getByRole("listitem").filter({ has: reader.getByRole("link", { name: claim.summary }) });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(reason);
    const change = await entry.innerText();
    expect(change.indexOf("Sourced"), `old before new in: ${change}`).toBeGreaterThanOrEqual(0);
    expect(change.indexOf("Sourced")).toBeLessThan(change.indexOf("Disputed"));
    await entry.getByRole("link", { name: claim.summary }).click();
    await expect(reader).toHaveURL(new RegExp(`${claimPath}$`));
  });

  await test.step("the Atom feed parses and links to the claim page", async () => {
    const response = await request.get("/feed.xml");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/atom\+xml/);
    const xml = await response.text();
    expect(xml).toMatch(/<feed[^>]+xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe("atom");
    expect(feed.title).toBeTruthy();
    const entries = feed.items.filter((item) => item.url && new URL(item.url).pathname === claimPath);
    // One for the publication, one for the correction.
    expect(entries, `feed entries for ${claimPath}`).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.id).toBeTruthy();
      expect(entry.title).toBeTruthy();
      expect(entry.updated ?? entry.published).toBeTruthy();
    }
    expect(new Set(entries.map((e) => e.id)).size, "entry ids are unique").toBe(entries.length);
    expect(entries.some((e) => `${e.title} ${e.content ?? ""} ${e.description ?? ""}`.includes(reason) || /correct/i.test(e.title ?? ""))).toBe(true);
  });

  await test.step("after a withdrawal the very next requests find nothing, and the log says so", async () => {
    const withdrawal = `Withdrawn pending a new check (${tag}).`;
    await secondEditorWorkspace.unpublish(withdrawal);
    expect((await request.get(claimPath)).status()).toBe(404);
    expect((await request.get(apiPath)).status()).toBe(404);
    // Its only published claim is gone, so the article is not public either.
    expect((await request.get(`/articles/${claim.articleSlug}`)).status()).toBe(404);
    expect(await body(request, "/")).not.toContain(claimPath);
    expect(await body(request, searchPath)).not.toContain(claimPath);
    expect(await body(request, disputedSearchPath)).not.toContain(claimPath);
    expect(await body(request, `/api/v1/claims?q=${tag}`)).not.toContain(claim.slug);
    const reader = await newSession(null);
    await reader.goto("/corrections");
    const entry = reader.getByRole("listitem").filter({ hasText: withdrawal });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(claim.summary);
    // The log keeps the entry but no longer links to a page that is gone.
    await expect(entry.getByRole("link", { name: claim.summary })).toHaveCount(0);
  });
});

// ---------------------------------------------------------------- JSON API

const apiError = z.object({ error: z.object({ message: z.string().min(1), parameter: z.string().optional() }) });
const claimList = z.object({
  data: z.array(z.object({ slug: z.string(), status: z.string(), summary: z.string() })),
  nextCursor: z.string().nullable(),
});

test("the JSON API serves published claims only, refuses bad parameters by name, answers ETags with 304 and allows CORS", async ({
  createUser,
  createClaim,
  request,
}) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  const published: TestClaim[] = [];
  published.push(
    await createClaim({
      sentence: "biden-doubts",
      summary: `Biden administration doubted the figures (api ${tag}) #0`,
      articleTitle: `API check ${tag}`,
      verdict: { status: "sourced", by: reviewer },
      publishBy: editor,
    }),
  );
  const articleSlug = published[0]?.articleSlug ?? "";
  published.push(
    ...(await createClaims(2, {
      sentence: "biden-doubts",
      summary: `Biden administration doubted the figures (api ${tag})`,
      articleSlug,
      verdict: { status: "sourced", by: reviewer },
      publishBy: editor,
    })),
  );
  const unpublished = await createClaim({ sentence: "biden-doubts", summary: `Unpublished figure doubt (api ${tag})`, articleSlug });
  const headers = { Origin: "https://researcher.example" };

  await test.step("the list has the published claims and not the unpublished one", async () => {
    const response = await request.get(`/api/v1/claims?q=${tag}`, { headers });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    expect(response.headers()["access-control-allow-origin"]).toBe("*");
    const list = claimList.parse(await response.json());
    expect(new Set(list.data.map((c) => c.slug))).toEqual(new Set(published.map((c) => c.slug)));
    expect(JSON.stringify(list)).not.toContain(unpublished.slug);
  });

  await test.step("cursor pagination walks every claim once", async () => {
    const first = claimList.parse(await (await request.get(`/api/v1/claims?q=${tag}&limit=2`)).json());
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = claimList.parse(
      await (await request.get(`/api/v1/claims?q=${tag}&limit=2&cursor=${encodeURIComponent(first.nextCursor ?? "")}`)).json(),
    );
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((c) => c.slug))).toEqual(new Set(published.map((c) => c.slug)));
  });

  await test.step("one claim, one article; the unpublished claim is a 404 and is not in its article", async () => {
    const one = await request.get(`/api/v1/claims/${published[0]?.slug}`);
    expect(one.status()).toBe(200);
    expect(await one.json()).toMatchObject({ slug: published[0]?.slug, status: "sourced" });
    const hidden = await request.get(`/api/v1/claims/${unpublished.slug}`);
    expect(hidden.status()).toBe(404);
    expect(hidden.headers()["content-type"]).toMatch(/^application\/json/);
    const article = await request.get(`/api/v1/articles/${articleSlug}`);
    expect(article.status()).toBe(200);
    const text = await article.text();
    for (const claim of published) expect(text).toContain(claim.slug);
    expect(text).not.toContain(unpublished.slug);
    // The article page does not mark it either.
    const page = await body(request, `/articles/${articleSlug}`);
    expect(page).toContain(`id="claim-${published[0]?.slug}"`);
    expect(page).not.toContain(unpublished.slug);
  });

  await test.step("a bad parameter gives 400 with JSON naming it", async () => {
    const bad: [string, string][] = [
      ["status", "status=bogus"],
      ["updatedSince", "updatedSince=yesterday"],
      ["cursor", "cursor=not-a-cursor"],
      ["limit", "limit=0"],
      ["limit", "limit=abc"],
    ];
    for (const [parameter, query] of bad) {
      const response = await request.get(`/api/v1/claims?${query}`, { headers });
      expect.soft(response.status(), query).toBe(400);
      expect.soft(response.headers()["content-type"] ?? "", query).toMatch(/^application\/json/);
      expect.soft(response.headers()["access-control-allow-origin"], `CORS on the 400 for ${query}`).toBe("*");
      const error = apiError.safeParse(await response.json().catch(() => null));
      expect.soft(error.success && error.data.error.parameter, `the parameter named for ${query}`).toBe(parameter);
    }
  });

  await test.step("ETag and If-None-Match give 304", async () => {
    for (const path of [`/api/v1/claims?q=${tag}`, `/api/v1/claims/${published[0]?.slug}`, `/api/v1/articles/${articleSlug}`]) {
      const first = await request.get(path, { headers });
      const etag = first.headers()["etag"];
      expect(etag, `ETag on ${path}`).toBeTruthy();
      const again = await request.get(path, { headers: { ...headers, "If-None-Match": etag ?? "" } });
      expect(again.status(), `If-None-Match on ${path}`).toBe(304);
      expect((await again.body()).length).toBe(0);
      expect(again.headers()["etag"]).toBe(etag);
    }
  });

  await test.step("the OpenAPI document describes the three endpoints", async () => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    const doc = z
      .object({
        openapi: z.string().regex(/^3\./),
        servers: z.array(z.object({ url: z.string() })).optional(),
        paths: z.record(z.string(), z.unknown()),
      })
      .parse(await response.json());
    // Paths are relative to the server URL (OpenAPI 3, "servers").
    const base = doc.servers?.[0] ? new URL(doc.servers[0].url, "http://x").pathname.replace(/\/$/, "") : "";
    expect(Object.keys(doc.paths).map((p) => `${base}${p}`)).toEqual(
      expect.arrayContaining(["/api/v1/claims", "/api/v1/claims/{slug}", "/api/v1/articles/{slug}"]),
    );
  });
});

test("public pages may be held by a CDN and set no cookies; the reviewer area is private", async ({ createUser, createClaim, newSession, request }) => {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const claim = await createClaim({
    sentence: "turkey-sided",
    summary: `Turkey kept talking to Haniyeh and Israel (${uniqueTag()})`,
    articleTitle: `Cache headers check ${uniqueTag()}`,
    verdict: { status: "sourced", by: reviewer },
    publishBy: editor,
  });
  const shared = (value: string) => !/\b(private|no-store)\b/.test(value) && /\b(s-maxage|public)\b|max-age=[1-9]/.test(value);
  for (const path of [`/claims/${claim.slug}`, `/articles/${claim.articleSlug}`, "/", "/methodology", "/corrections", "/feed.xml", "/api/v1/claims"]) {
    const response = await request.get(path);
    expect.soft(response.status(), path).toBe(200);
    const cacheControl = response.headers()["cache-control"] ?? "";
    expect.soft(shared(cacheControl), `Cache-Control of ${path}: "${cacheControl}"`).toBe(true);
    expect.soft(response.headers()["set-cookie"], `Set-Cookie on ${path}`).toBeUndefined();
  }

  const page = await newSession(reviewer);
  const response = await page.request.get("/review");
  expect(response.status()).toBe(200);
  const cacheControl = response.headers()["cache-control"] ?? "";
  expect(cacheControl, "the reviewer area must never sit in a shared cache").toMatch(/\b(private|no-store)\b/);
});
