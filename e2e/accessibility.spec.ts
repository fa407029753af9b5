/**
 * Issue #13, look and feel: the desk and the public site in the light and the
 * dark colour scheme (the system's choice, prefers-color-scheme), each page
 * free of axe-core WCAG 2.0/2.1/2.2 A and AA violations, and a focus ring a
 * keyboard user can see in the dark. The public pages in light are covered by
 * public-quality.spec.ts; the colour pairs themselves by app/colour-schemes.test.tsx.
 *
 * A new desk page is one more line in DESK_PAGES.
 */
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { contrastRatio, luminance, over, parseColour, type Rgba } from "@/lib/testing/contrast";
import {
  createClaim,
  createUser,
  expect,
  signIn,
  test,
  uniqueTag,
  type Role,
  type TestClaim,
  type TestUser,
} from "./fixtures";
import { longReport } from "./fixtures/long-report";
import { bringIn } from "./support/intake-page";
import { startPageServer } from "./support/page-server";
import { axeViolations } from "./support/quality";
import { Workspace } from "./support/workspace";

type Scheme = "light" | "dark";
const SCHEMES: Scheme[] = ["light", "dark"];

interface PageUnderTest {
  name: string;
  path: () => string;
  /** Who looks at it; null for a signed-out visitor. */
  as: Role | null;
  /** The answer expected; 200 unless said. */
  status?: 404;
  /** What to do once the page is open, so axe also sees a state the page can be in (a row opened, a selection). */
  prepare?: (page: Page) => Promise<void>;
}

/** Published sourced, with evidence kept from a page that later drifted, evidence removed, a comment and a reader's correction request. */
let claim: TestClaim;
/** Published disputed, in the same article, so the text shows both verdicts' highlights. */
let disputed: TestClaim;
/** The long report brought in through intake: the suggestion list beside the text. */
let intakeSlug: string;
let searchWord: string;
/** The reader's private page of that correction request: /requests/TOKEN. */
let requestPath: string;

const DESK_PAGES: PageUnderTest[] = [
  { name: "review queue", path: () => "/review", as: "reviewer" },
  { name: "articles list", path: () => "/review/articles", as: "reviewer" },
  {
    name: "article intake with suggestions",
    path: () => `/review/articles/${intakeSlug}`,
    as: "reviewer",
    // The first suggestion opened: its reasons, its accept form and its sentence selected in the text.
    prepare: async (page) => {
      const first = page.locator("li[data-suggestion-row]").first();
      await first.locator("> details > summary").click();
      await expect(first.locator("> details")).toHaveAttribute("open", "");
      await expect(page.locator("#article-text mark[data-selected]")).not.toHaveCount(0);
    },
  },
  { name: "article with claims", path: () => `/review/articles/${claim.articleSlug}`, as: "reviewer" },
  { name: "new article", path: () => "/review/articles/new", as: "reviewer" },
  { name: "my claims", path: () => "/review/mine", as: "reviewer" },
  { name: "saved views", path: () => "/review/views", as: "editor" },
  { name: "insights", path: () => "/review/insights", as: "editor" },
  { name: "settings", path: () => "/review/settings", as: "reviewer" },
  {
    name: "account with two-factor set-up begun",
    path: () => "/review/account",
    as: "reviewer",
    prepare: async (page) => {
      const start = page.getByRole("button", { name: /^(Set up two-factor sign-in|Start again with a new key)$/ });
      await start.click();
      await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    },
  },
  {
    name: "review queue with the views menu open",
    path: () => "/review",
    as: "editor",
    prepare: async (page) => {
      await page.getByText("Views", { exact: true }).first().click();
    },
  },
  { name: "claim workspace", path: () => `/review/claims/${claim.slug}`, as: "editor" },
  {
    name: "correction requests",
    path: () => "/review/corrections",
    as: "editor",
    // A request's answer form opened.
    prepare: async (page) => {
      await page.getByText("Answer the reader").first().click();
      await expect(page.getByLabel("Public answer").first()).toBeVisible();
    },
  },
  { name: "admin users", path: () => "/review/admin", as: "admin" },
  { name: "admin audit log", path: () => "/review/admin/audit", as: "admin" },
  { name: "admin audit chain", path: () => "/review/admin/chain", as: "admin" },
  { name: "admin two-factor sign-in", path: () => "/review/admin/two-factor", as: "admin" },
  { name: "admin export", path: () => "/review/admin/export", as: "admin" },
  { name: "admin about page", path: () => "/review/admin/about", as: "admin" },
  { name: "admin webhooks", path: () => "/review/admin/webhooks", as: "admin" },
  { name: "sign-in", path: () => "/signin", as: null },
];

const PUBLIC_PAGES: PageUnderTest[] = [
  { name: "home", path: () => "/", as: null },
  { name: "search", path: () => `/?q=${encodeURIComponent(searchWord)}`, as: null },
  { name: "claim", path: () => `/claims/${claim.slug}`, as: null },
  { name: "disputed claim", path: () => `/claims/${disputed.slug}`, as: null },
  { name: "article", path: () => `/articles/${claim.articleSlug}`, as: null },
  { name: "methodology", path: () => "/methodology", as: null },
  { name: "corrections", path: () => "/corrections", as: null },
  { name: "correction request", path: () => requestPath, as: null },
  { name: "about", path: () => "/about", as: null },
  { name: "public record", path: () => "/transparency", as: null },
  { name: "not found", path: () => "/no-such-page-in-the-dark", as: null, status: 404 },
];

type SignedIn = Awaited<ReturnType<BrowserContext["storageState"]>>;
/** Each role signed in once; every test opens a context of its own from these cookies. */
const sessions = new Map<Role, SignedIn>();

function session(role: Role): SignedIn {
  const state = sessions.get(role);
  if (!state) throw new Error(`No ${role} signed in: the setup did not finish.`);
  return state;
}

function pageNamed(pages: PageUnderTest[], name: string): PageUnderTest {
  const found = pages.find((p) => p.name === name);
  if (!found) throw new Error(`No page named ${name}.`);
  return found;
}

async function setUpDesk(browser: Browser): Promise<void> {
  const [reviewer, editor, admin] = await Promise.all([
    createUser({ role: "reviewer" }),
    createUser({ role: "editor" }),
    createUser({ role: "admin" }),
  ]);
  const tag = uniqueTag();
  searchWord = `hue${tag}`;
  claim = await createClaim({
    sentence: "death-toll",
    claimant: "Gaza Health Ministry",
    summary: `Ministry put the toll above 11,000 (${searchWord})`,
    articleTitle: `Colour schemes on the desk ${tag}`,
    verdict: { status: "sourced", by: reviewer, rationale: "The ministry did publish this figure on that day." },
    publishBy: editor,
  });
  disputed = await createClaim({
    sentence: "haniyeh",
    claimant: "Al-Monitor",
    summary: `Ankara asked Haniyeh to leave (${searchWord})`,
    articleSlug: claim.articleSlug,
    verdict: { status: "disputed", by: reviewer, rationale: "Turkish officials denied it on the record." },
    publishBy: editor,
  });
  await createClaim({ sentence: "nato-allies", summary: `Still open (${tag})`, articleSlug: claim.articleSlug });

  const users: [Role, TestUser][] = [
    ["reviewer", reviewer],
    ["editor", editor],
    ["admin", admin],
  ];
  for (const [role, user] of users) {
    const context = await browser.newContext();
    try {
      await signIn(await context.newPage(), user);
      sessions.set(role, await context.storageState());
    } finally {
      await context.close();
    }
  }

  const context = await browser.newContext({ storageState: session("reviewer") });
  const pages = await startPageServer();
  try {
    const page = await context.newPage();
    await bringIn(page, longReport(`Colour schemes, a long report ${tag}`));
    await page.waitForURL(/\/review\/articles\/(?!new$)[^/]+$/);
    intakeSlug = new URL(page.url()).pathname.split("/").pop() ?? "";

    // Evidence whose page is kept, then drifts: the snapshot and the drift warning are on the page.
    const workspace = await new Workspace(page, claim.slug).open();
    const passage = "The ministry reported more than 11,000 deaths.";
    pages.serve(
      "/report",
      `<!doctype html><html lang="en"><head><title>Report</title></head><body><main><p>${passage}</p></main></body></html>`,
    );
    const kept = `Ministry daily report (${tag})`;
    await workspace.addEvidence(
      { url: pages.url("/report"), title: kept, publisher: "Ministry", quotedPassage: passage, stance: "supports" },
      { fetch: true },
    );
    pages.serve(
      "/report",
      `<!doctype html><html lang="en"><head><title>Report</title></head><body><main><p>Figures withdrawn.</p></main></body></html>`,
    );
    await workspace.recheck(kept, "Quoted passage no longer on the page");

    const dropped = `Background briefing (${tag})`;
    await workspace.addEvidence({
      url: "https://www.un.org/en/briefing",
      title: dropped,
      publisher: "United Nations",
      stance: "context",
    });
    const item = workspace.evidenceItem(dropped);
    await item.getByLabel("Reason for removal", { exact: true }).fill("Not about this figure.");
    await item.getByRole("button", { name: "Remove evidence", exact: true }).click();
    await expect(item.getByText("Removed", { exact: true })).toBeVisible();
    await workspace.addComment("The second source is on its way.");

    // A reader's correction request, for the editors' triage page.
    const reader = await browser.newContext();
    try {
      const readerPage = await reader.newPage();
      await readerPage.goto(`/claims/${claim.slug}`);
      await readerPage.getByLabel("Your message").fill(`The toll was given a day later than stated (${tag}).`);
      await readerPage.getByRole("button", { name: "Send correction request" }).click();
      await expect(
        readerPage.getByRole("status").filter({ hasText: /correction request was sent|thank you/i }),
      ).toBeVisible();
      requestPath = new URL(readerPage.url()).pathname;
    } finally {
      await reader.close();
    }
  } finally {
    await pages.close();
    await context.close();
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  await setUpDesk(browser);
});

/** A page of `target` as its role sees it in `scheme`; the context closes with the test. */
async function openIn(
  browser: Browser,
  target: PageUnderTest,
  scheme: Scheme,
  contexts: BrowserContext[],
): Promise<Page> {
  const context = await browser.newContext({
    colorScheme: scheme,
    ...(target.as ? { storageState: session(target.as) } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  const response = await page.goto(target.path());
  expect(response?.status(), target.path()).toBe(target.status ?? 200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  if (target.as) await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

async function pageBackground(page: Page): Promise<Rgba> {
  const value = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const parsed = parseColour(value);
  if (!parsed) throw new Error(`Unreadable body background: ${value}`);
  return parsed;
}

let contexts: BrowserContext[] = [];
test.afterEach(async () => {
  for (const context of contexts) await context.close();
  contexts = [];
});

const runs = [
  ...SCHEMES.flatMap((scheme) => DESK_PAGES.map((target) => ({ target, scheme, side: "desk" }))),
  ...PUBLIC_PAGES.map((target) => ({ target, scheme: "dark" as const, side: "public" })),
];

for (const { target, scheme, side } of runs) {
  test(`${side}: ${target.name} in ${scheme}: no WCAG 2.2 A/AA violations`, async ({ browser }) => {
    const page = await openIn(browser, target, scheme, contexts);
    // The scheme really is the one asked for: a dark page on a dark system, a light one otherwise.
    const background = luminance(await pageBackground(page));
    if (scheme === "dark") expect(background, "the page background's luminance").toBeLessThan(0.05);
    else expect(background, "the page background's luminance").toBeGreaterThan(0.8);
    // Form controls and scrollbars follow the scheme, and so does the browser's own bar.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("light dark");
    await expect(page.locator('meta[name="theme-color"][media*="prefers-color-scheme"]')).toHaveCount(2);
    await target.prepare?.(page);
    const violations = await axeViolations(page);
    expect(violations, `axe found on ${target.path()} (${scheme}):\n${violations.join("\n")}`).toEqual([]);
  });
}

interface FocusRing {
  focusVisible: boolean;
  style: string;
  width: number;
  colour: string;
  /** The colours under the ring, from the element's parent outwards, to the first opaque one. */
  behind: string[];
}

/** Focuses `target` as a keyboard user would and reads the ring it then shows. */
async function focusRing(page: Page, target: Locator): Promise<FocusRing> {
  await target.scrollIntoViewIfNeeded();
  // Tab first: after keyboard use, focus moved by script shows the ring as Tab would.
  await page.keyboard.press("Tab");
  await target.focus();
  return target.evaluate((element) => {
    const style = getComputedStyle(element);
    const behind: string[] = [];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      behind.push(colour);
      // Computed colours are rgb(…) when opaque, rgba(…) when not.
      if (colour.startsWith("rgb(")) break;
    }
    return {
      focusVisible: element.matches(":focus-visible"),
      style: style.outlineStyle,
      width: Number.parseFloat(style.outlineWidth),
      colour: style.outlineColor,
      behind,
    };
  });
}

function ringContrast(ring: FocusRing): number {
  const colour = parseColour(ring.colour);
  const layers = ring.behind.map(parseColour);
  if (!colour || layers.some((layer) => layer === null))
    throw new Error(`Unreadable colours: ${ring.colour} on ${ring.behind.join(", ")}`);
  const opaque = (layers as Rgba[]).reduceRight((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  return contrastRatio(colour, opaque);
}

const FOCUS_TARGETS: { page: PageUnderTest; targets: { name: string; locate: (page: Page) => Locator }[] }[] = [
  {
    page: pageNamed(DESK_PAGES, "claim workspace"),
    targets: [
      { name: "a link in the text", locate: (page) => page.getByRole("main").getByRole("link").first() },
      { name: "a button", locate: (page) => page.getByRole("button", { name: "Save verdict", exact: true }) },
      { name: "a secondary button", locate: (page) => page.getByRole("button", { name: "Re-check source" }).first() },
      { name: "a text input", locate: (page) => page.getByLabel("URL", { exact: true }) },
      { name: "a select", locate: (page) => page.getByLabel("Stance", { exact: true }) },
      { name: "a textarea", locate: (page) => page.getByLabel("Rationale", { exact: true }) },
      { name: "a checkbox", locate: (page) => page.getByRole("checkbox", { name: "Fetch the page and keep a copy" }) },
      { name: "a header link", locate: (page) => page.getByRole("navigation").getByRole("link").first() },
    ],
  },
  {
    page: pageNamed(PUBLIC_PAGES, "home"),
    targets: [
      {
        name: "a verdict link",
        locate: (page) =>
          page
            .getByRole("main")
            .getByRole("link", { name: new RegExp(searchWord) })
            .first(),
      },
      { name: "the search box", locate: (page) => page.getByRole("main").getByRole("searchbox").first() },
      { name: "the search button", locate: (page) => page.getByRole("main").getByRole("button").first() },
      { name: "the skip link", locate: (page) => page.getByRole("link", { name: "Skip to main content" }) },
    ],
  },
];

for (const { page: target, targets } of FOCUS_TARGETS) {
  test(`${target.name} in dark: links, buttons and fields show a focus ring that stands out (3:1)`, async ({
    browser,
  }) => {
    const page = await openIn(browser, target, "dark", contexts);
    for (const { name, locate } of targets) {
      const element = locate(page);
      await expect(element, name).toHaveCount(1);
      const ring = await focusRing(page, element);
      expect.soft(ring.focusVisible, `${name} matches :focus-visible`).toBe(true);
      expect.soft(ring.style, `${name}'s outline style`).not.toBe("none");
      expect.soft(ring.width, `${name}'s outline width`).toBeGreaterThanOrEqual(2);
      expect
        .soft(ringContrast(ring), `${name}'s ring (${ring.colour}) against ${ring.behind.join(" over ")}`)
        .toBeGreaterThanOrEqual(3);
    }
  });
}
