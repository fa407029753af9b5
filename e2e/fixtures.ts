import { randomBytes } from "node:crypto";
import { test as base, expect, type BrowserContextOptions, type Page } from "@playwright/test";
import { z } from "zod";
import type { DemoClaimKey } from "@/lib/demo/demo-article";
import { runScriptAsync } from "@/lib/testing/run-script";

export { expect };

export type Role = "reviewer" | "editor" | "admin";

export interface TestUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

const testClaimSchema = z.object({
  id: z.number(),
  slug: z.string(),
  summary: z.string(),
  articleSlug: z.string(),
  /** The sentence of the demo article the claim quotes. */
  text: z.string(),
});
export type TestClaim = z.infer<typeof testClaimSchema>;

/** A short tag that keeps emails, names and summaries apart across tests and runs. */
export function uniqueTag(): string {
  return randomBytes(4).toString("hex");
}

/** Where set-up scripts write: the suite's database unless a spec runs servers on one of its own. */
export interface OnDatabase {
  databaseUrl?: string;
}

/** Runs a TypeScript file against the e2e database (DATABASE_URL comes from scripts/test-e2e.ts), or `on`'s. */
function runScript(args: string[], stdin = "", on: OnDatabase = {}): Promise<string> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set: run the browser tests with `npm run test:e2e`.");
  const [file, ...rest] = args;
  if (!file) throw new Error("runScript needs a file to run.");
  return runScriptAsync(file, rest, { input: stdin, env: on.databaseUrl ? { DATABASE_URL: on.databaseUrl } : {} });
}

const ROLE_NAMES: Record<Role, string> = { reviewer: "Rita Reviewer", editor: "Ed Editor", admin: "Ada Admin" };

/** Creates an account through the real user CLI, password on stdin as an operator would type it. */
export async function createUser(options: { role?: Role; name?: string } = {}, on: OnDatabase = {}): Promise<TestUser> {
  const role = options.role ?? "reviewer";
  const tag = uniqueTag();
  const user: TestUser = {
    email: `${role}.${tag}@example.org`,
    name: options.name ?? `${ROLE_NAMES[role]} ${tag}`,
    password: randomBytes(18).toString("base64url"),
    role,
  };
  await runScript(["scripts/user.ts", "create", "--email", user.email, "--name", user.name, "--role", role], `${user.password}\n`, on);
  return user;
}

export interface ClaimOptions {
  /**
   * The demo article's sentence the claim quotes, by its demo claim's key
   * ("nato-allies" by default), or by the number of the seed-article sentence
   * it retells (seed labels' `n`, for specs written against those).
   */
  sentence?: DemoClaimKey | number;
  summary?: string;
  claimant?: string;
  /** Puts the claim in a new article of its own with this title, whose public pages nobody has requested yet. */
  articleTitle?: string;
  /** What intake records about that new article. */
  article?: { url?: string; author?: string; publishedAt?: string };
  /** Puts the claim in an existing article (one made with `articleTitle`), by slug. */
  articleSlug?: string;
  /** Someone adds evidence with the matching stance and sets this verdict, through lib/claims. */
  verdict?: { status: "sourced" | "disputed"; by: TestUser; rationale?: string };
  /**
   * An editor then publishes it, through lib/claims. This runs outside the
   * server, so its page caches are never told: only for pages nobody has
   * requested yet. Tests about what readers see after publishing use the UI.
   */
  publishBy?: TestUser;
}

function claimArgs(options: ClaimOptions): string[] {
  const summary = options.summary ?? `NATO allies backed Israel's self-defence (e2e ${uniqueTag()})`;
  const args = ["e2e/support/make-claim.ts", "--summary", summary];
  if (options.sentence !== undefined) args.push("--sentence", String(options.sentence));
  if (options.claimant !== undefined) args.push("--claimant", options.claimant);
  if (options.articleTitle !== undefined) args.push("--article-title", options.articleTitle);
  if (options.article?.url !== undefined) args.push("--article-url", options.article.url);
  if (options.article?.author !== undefined) args.push("--article-author", options.article.author);
  if (options.article?.publishedAt !== undefined) args.push("--article-date", options.article.publishedAt);
  if (options.articleSlug !== undefined) args.push("--article", options.articleSlug);
  if (options.verdict) {
    args.push("--verdict-by", options.verdict.by.email, "--status", options.verdict.status);
    if (options.verdict.rationale !== undefined) args.push("--rationale", options.verdict.rationale);
  }
  if (options.publishBy) args.push("--publish-by", options.publishBy.email);
  return args;
}

function parseClaims(out: string): TestClaim[] {
  return out
    .trim()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => testClaimSchema.parse(JSON.parse(line)));
}

/** Adds a claim on a sentence of the demo article (see e2e/support/make-claim.ts). */
export async function createClaim(options: ClaimOptions = {}, on: OnDatabase = {}): Promise<TestClaim> {
  const [claim] = parseClaims(await runScript(claimArgs(options), "", on));
  if (!claim) throw new Error("make-claim.ts printed no claim.");
  return claim;
}

/** Adds `count` claims in one go, summaries numbered " #1" … " #count". */
export async function createClaims(count: number, options: ClaimOptions = {}): Promise<TestClaim[]> {
  const claims = parseClaims(await runScript([...claimArgs(options), "--count", String(count)]));
  if (claims.length !== count) throw new Error(`make-claim.ts printed ${claims.length} claims, not ${count}.`);
  return claims;
}

const viewIdsSchema = z.object({ rename: z.number(), share: z.number(), delete: z.number() });

/** Saved views for `user` to rename, share and delete, and a feed token (see e2e/support/make-views.ts). */
export async function makeViews(user: TestUser): Promise<z.infer<typeof viewIdsSchema>> {
  const out = await runScript(["e2e/support/make-views.ts", "--email", user.email, "--tag", uniqueTag()]);
  const line = out
    .trim()
    .split("\n")
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error("make-views.ts printed nothing.");
  return viewIdsSchema.parse(JSON.parse(line));
}

/** Signs in through the sign-in form and waits until the header shows the person as signed in. */
export async function signIn(page: Page, user: TestUser, callbackUrl?: string): Promise<void> {
  await page.goto(callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin");
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export const test = base.extend<{
  /** A new account with a known random password, unique to this test. */
  createUser: typeof createUser;
  /** A new, unpublished claim from the demo article, unique to this test. */
  createClaim: typeof createClaim;
  /**
   * A page in a browser context of its own (own cookies), signed in as `user`
   * when one is given. Contexts close when the test ends.
   */
  newSession: (user: TestUser | null, options?: BrowserContextOptions) => Promise<Page>;
}>({
  // Playwright reads fixture dependencies from the destructuring pattern, so an unused one needs `{}`.
  // eslint-disable-next-line no-empty-pattern
  createUser: async ({}, use) => {
    await use(createUser);
  },
  // eslint-disable-next-line no-empty-pattern
  createClaim: async ({}, use) => {
    await use(createClaim);
  },
  newSession: async ({ browser }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (user, options) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      const page = await context.newPage();
      if (user) await signIn(page, user);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});
