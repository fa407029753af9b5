/**
 * For the screenshot scripts: Chromium (CHROMIUM_PATH, else Debian's), one
 * 1440 × 900 page signed in to a running desk with the account in the
 * environment (BASE_URL, EMAIL, PASSWORD).
 */
import { chromium, type Browser, type Page } from "@playwright/test";
import { z } from "zod";

export async function signedInPage(): Promise<{ browser: Browser; page: Page }> {
  const env = z.object({ BASE_URL: z.url(), EMAIL: z.email(), PASSWORD: z.string().min(1) }).parse(process.env);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ baseURL: env.BASE_URL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(env.EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(env.PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return { browser, page };
}
