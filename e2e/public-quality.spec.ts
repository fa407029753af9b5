/**
 * Issue #3, quality bars, over every public route: zero axe-core violations
 * (WCAG 2.2 AA), valid HTML by the Nu Html Checker, title, description,
 * canonical link and Open Graph tags, readable with JavaScript off, no
 * sideways scrolling at 320 px, and a print view without the site navigation.
 */
import type { Browser } from "@playwright/test";
import { createClaim, createUser, expect, signIn, test, uniqueTag, type TestClaim } from "./fixtures";
import { axeViolations, checkHtml, formatVnu, headMetadata, isAbsoluteUrl } from "./support/quality";
import { Workspace } from "./support/workspace";

interface PublicRoute {
  /** Names the test and the file vnu reports on. */
  name: string;
  path: () => string;
  status: 200 | 404;
  /** The canonical URL's path; null for a page that has no address of its own to point at (a 404). */
  canonicalPath: (() => string) | null;
}

/** A sourced verdict on the Gaza Health Ministry's figure, published, then corrected to disputed. */
let claim: TestClaim;
/** A claim that exists but was never published: its page must be a 404. */
let unpublished: TestClaim;
const missing = `/no-such-page-${uniqueTag()}`;

const ROUTES: PublicRoute[] = [
  { name: "home", path: () => "/", status: 200, canonicalPath: () => "/" },
  // A search page's canonical may be itself or the home page; either is absolute.
  { name: "search", path: () => "/?q=ministry", status: 200, canonicalPath: null },
  { name: "claim", path: () => `/claims/${claim.slug}`, status: 200, canonicalPath: () => `/claims/${claim.slug}` },
  {
    name: "claim-correction-sent",
    path: () => `/claims/${claim.slug}?correction=sent`,
    status: 200,
    canonicalPath: () => `/claims/${claim.slug}`,
  },
  { name: "article", path: () => `/articles/${claim.articleSlug}`, status: 200, canonicalPath: () => `/articles/${claim.articleSlug}` },
  { name: "methodology", path: () => "/methodology", status: 200, canonicalPath: () => "/methodology" },
  { name: "corrections", path: () => "/corrections", status: 200, canonicalPath: () => "/corrections" },
  { name: "about", path: () => "/about", status: 200, canonicalPath: () => "/about" },
  { name: "transparency", path: () => "/transparency", status: 200, canonicalPath: () => "/transparency" },
  { name: "signin", path: () => "/signin", status: 200, canonicalPath: () => "/signin" },
  { name: "not-found", path: () => missing, status: 404, canonicalPath: null },
  { name: "unpublished-claim", path: () => `/claims/${unpublished.slug}`, status: 404, canonicalPath: null },
];

/**
 * Publishes in the UI, so the server's page caches hear of it as they would
 * in production; the verdicts themselves are set through lib/claims.
 */
async function publishInTheUi(browser: Browser): Promise<void> {
  const [reviewer, editor] = await Promise.all([createUser({ role: "reviewer" }), createUser({ role: "editor" })]);
  const tag = uniqueTag();
  claim = await createClaim({
    sentence: "death-toll",
    claimant: "Gaza Health Ministry",
    summary: `Gaza ministry put deaths above 11,000 (quality ${tag})`,
    // Its own article, with what intake records, so the pages show all of it; the long
    // unbroken URL is the usual thing to push a 320 px layout sideways.
    articleTitle: `Turkey and Iran draw closer over the Israel-Hamas war (quality ${tag})`,
    article: {
      url: `https://www.foxnews.com/world/turkey-iran-draw-closer-israel-hamas-war-compartmentalization-relationship-${tag}`,
      author: "Fox News Digital staff",
      publishedAt: "2023-11-15",
    },
    verdict: { status: "sourced", by: reviewer, rationale: "The ministry did publish this figure on the date given." },
  });
  unpublished = await createClaim({ sentence: "biden-doubts", summary: `Never published (quality ${tag})`, articleSlug: claim.articleSlug });

  const reviewerContext = await browser.newContext();
  const editorContext = await browser.newContext();
  try {
    const editorPage = await editorContext.newPage();
    const reviewerPage = await reviewerContext.newPage();
    await Promise.all([signIn(editorPage, editor), signIn(reviewerPage, reviewer)]);
    const editorWorkspace = await new Workspace(editorPage, claim.slug).open();
    await editorWorkspace.publish();

    // A correction, so the corrections log and the claim's history have an entry to show.
    const reviewerWorkspace = await new Workspace(reviewerPage, claim.slug).open();
    await reviewerWorkspace.addEvidence({
      url: "https://www.un.org/sg/en/content/sg/noon-briefing",
      title: "Noon briefing by the Spokesperson for the Secretary-General",
      publisher: "United Nations",
      quotedPassage: "We cannot independently verify the figures.",
      stance: "contradicts",
    });
    await reviewerWorkspace.setVerdict("disputed", "The figure is the ministry's own; nobody independent has confirmed it.");
    await editorPage.reload();
    await editorWorkspace.publishCorrection("Independent sources could not confirm the figure.");
  } finally {
    await reviewerContext.close();
    await editorContext.close();
  }
}

test.beforeAll(async ({ browser }) => {
  await publishInTheUi(browser);
});

for (const route of ROUTES) {
  test(`${route.name}: no axe violations, head metadata, readable without JavaScript, 320 px wide, print`, async ({ page, browser }) => {
    const response = await page.goto(route.path());
    expect(response?.status()).toBe(route.status);

    await test.step("zero axe-core violations (WCAG 2.2 AA)", async () => {
      const violations = await axeViolations(page);
      expect.soft(violations, `axe found on ${route.path()}:\n${violations.join("\n")}`).toEqual([]);
    });

    await test.step("title, description, canonical link and Open Graph tags", async () => {
      const head = await headMetadata(page);
      expect.soft(head.title.trim(), "<title>").not.toBe("");
      expect.soft(head.description?.trim() ?? "", 'meta name="description"').not.toBe("");
      if (route.status === 404) {
        // A 404 has no URL of its own to make canonical, and a canonical link or og:url
        // there would tell search engines to index an error page: it must say noindex instead.
        expect.soft(head.robots ?? "", "a 404 asks not to be indexed").toContain("noindex");
        return;
      }
      expect.soft(head.canonical, "exactly one canonical link").toHaveLength(1);
      const canonical = head.canonical[0] ?? "";
      expect.soft(isAbsoluteUrl(canonical), `canonical link is absolute: ${canonical}`).toBe(true);
      if (route.canonicalPath && isAbsoluteUrl(canonical)) {
        expect.soft(new URL(canonical).pathname, "canonical link's path").toBe(route.canonicalPath());
      }
      expect.soft(head.ogTitle?.trim() ?? "", "og:title").not.toBe("");
      expect.soft(isAbsoluteUrl(head.ogUrl), `og:url is absolute: ${head.ogUrl}`).toBe(true);
      expect.soft(head.ogType?.trim() ?? "", "og:type").not.toBe("");
    });

    await test.step("one h1 and a main landmark", async () => {
      await expect.soft(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      await expect.soft(page.getByRole("main")).toHaveCount(1);
    });

    await test.step("no sideways scrolling at 320 px", async () => {
      await page.setViewportSize({ width: 320, height: 720 });
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        // The elements that stick out, so a failure says what to fix.
        const culprits = [...document.querySelectorAll<HTMLElement>("body *")]
          .filter((el) => el.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(" ").join(".")}` : ""} (right ${Math.round(el.getBoundingClientRect().right)})`);
        return { scrollWidth: document.documentElement.scrollWidth, culprits };
      });
      expect.soft(overflow.scrollWidth, `scrollWidth at 320 px; widest: ${overflow.culprits.join(", ")}`).toBeLessThanOrEqual(320);
    });

    await test.step("print: main content shown, site navigation hidden", async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.emulateMedia({ media: "print" });
      await expect.soft(page.getByRole("main")).toBeVisible();
      await expect.soft(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect.soft(page.getByRole("navigation", { name: "Main" }), "the site navigation in print").toBeHidden();
      await page.emulateMedia({ media: "screen" });
    });

    await test.step("readable with JavaScript off", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const noScript = await context.newPage();
        const plain = await noScript.goto(route.path());
        expect.soft(plain?.status()).toBe(route.status);
        await expect.soft(noScript.getByRole("heading", { level: 1 })).toBeVisible();
        const main = noScript.getByRole("main");
        await expect.soft(main).toBeVisible();
        expect.soft((await main.innerText()).trim().length, "text in <main> without JavaScript").toBeGreaterThan(40);
      } finally {
        await context.close();
      }
    });
  });
}

test("every public route is valid HTML (Nu Html Checker)", async ({ request }) => {
  const documents: Record<string, string> = {};
  for (const route of ROUTES) {
    const response = await request.get(route.path());
    expect(response.status(), route.path()).toBe(route.status);
    documents[route.name] = await response.text();
  }
  const messages = await checkHtml(documents);
  // Nothing is filtered: errors and warnings both fail. Plain "info" messages
  // (no subType) are notes, not findings, but are still printed.
  const problems = messages.filter((m) => m.type !== "info" || m.subType === "warning");
  // Notes are summarised, one line per kind: React writes every void element as
  // <meta/>, and vnu notes each such slash, hundreds per page.
  const notes = new Map<string, number>();
  for (const m of messages.filter((m) => !problems.includes(m))) notes.set(m.message, (notes.get(m.message) ?? 0) + 1);
  if (notes.size > 0) console.log(`vnu notes (not failures):\n${[...notes].map(([text, n]) => `  ${n} × ${text}`).join("\n")}`);
  expect(problems.map(formatVnu), `vnu found:\n${problems.map(formatVnu).join("\n")}`).toEqual([]);
});
