import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { test as base, expect, type BrowserContextOptions, type Page } from "@playwright/test";
import { z } from "zod";

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
  /** The sentence of the seed article the claim quotes. */
  text: z.string(),
});
export type TestClaim = z.infer<typeof testClaimSchema>;

const tsxCli = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");

/** A short tag that keeps emails, names and summaries apart across tests and runs. */
export function uniqueTag(): string {
  return randomBytes(4).toString("hex");
}

/** Runs a TypeScript script against the e2e database (DATABASE_URL comes from scripts/test-e2e.ts). */
function runScript(args: string[], stdin = ""): Promise<string> {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set: run the browser tests with `npm run test:e2e`.");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, "--conditions=react-server", ...args], {
      env: process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`tsx ${args.join(" ")} exited ${code}:\n${stderr || stdout}`));
    });
    child.stdin.end(stdin);
  });
}

const ROLE_NAMES: Record<Role, string> = { reviewer: "Rita Reviewer", editor: "Ed Editor", admin: "Ada Admin" };

/** Creates an account through the real user CLI, password on stdin as an operator would type it. */
async function createUser(options: { role?: Role; name?: string } = {}): Promise<TestUser> {
  const role = options.role ?? "reviewer";
  const tag = uniqueTag();
  const user: TestUser = {
    email: `${role}.${tag}@example.org`,
    name: options.name ?? `${ROLE_NAMES[role]} ${tag}`,
    password: randomBytes(18).toString("base64url"),
    role,
  };
  await runScript(["scripts/user.ts", "create", "--email", user.email, "--name", user.name, "--role", role], `${user.password}\n`);
  return user;
}

/** Adds a claim on a sentence of the seed article (see e2e/support/make-claim.ts). */
async function createClaim(options: { sentence?: number; summary?: string } = {}): Promise<TestClaim> {
  const summary = options.summary ?? `NATO allies backed Israel's self-defence (e2e ${uniqueTag()})`;
  const args = ["e2e/support/make-claim.ts", "--summary", summary];
  if (options.sentence !== undefined) args.push("--sentence", String(options.sentence));
  const out = await runScript(args);
  return testClaimSchema.parse(JSON.parse(out.trim().split("\n").pop() ?? ""));
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
  /** A new, unpublished claim from the seed article, unique to this test. */
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
