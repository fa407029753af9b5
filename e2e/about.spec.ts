/**
 * Issue #14, part 3: the IFCN transparency page. /about shows the desk's
 * sections and every public page names the desk as a NewsMediaOrganization
 * with its policy links; an admin edits a section in the desk, the very next
 * public request shows it, and the edit is in the audit log.
 */
import type { Page } from "@playwright/test";
import jsonld from "jsonld";
import { z } from "zod";
import { DEMO_ABOUT } from "@/lib/demo/demo-about-text";
import { ABOUT_SECTIONS } from "@/lib/public/about-sections";
import { runScriptAsync } from "@/lib/testing/run-script";
import { expect, test, uniqueTag } from "./fixtures";
import { queryRows } from "./support/http-security";

const POLICIES = [
  "correctionsPolicy",
  "verificationFactCheckingPolicy",
  "ownershipFundingInfo",
  "masthead",
  "actionableFeedbackPolicy",
] as const;

/** Every JSON-LD block on the page, parsed. */
async function jsonLdBlocks(page: Page): Promise<unknown[]> {
  const texts = await page.locator('script[type="application/ld+json"]').allTextContents();
  return texts.map((text) => JSON.parse(text) as unknown);
}

const organizationSchema = z.object({
  "@context": z.literal("https://schema.org"),
  "@type": z.literal("NewsMediaOrganization"),
  name: z.string().min(1),
  correctionsPolicy: z.url(),
  verificationFactCheckingPolicy: z.url(),
  ownershipFundingInfo: z.url(),
  masthead: z.url(),
  actionableFeedbackPolicy: z.url(),
});

// No network: schema.org's context is given as the vocabulary it stands for.
const offlineLoader = async (url: string) => ({
  contextUrl: undefined,
  documentUrl: url,
  document: { "@context": { "@vocab": "https://schema.org/" } },
});

async function saveSection(page: Page, title: string, text: string): Promise<void> {
  const panel = page.getByRole("region", { name: title, exact: true });
  await panel.getByLabel(`Text of “${title}”`).fill(text);
  await panel.getByRole("button", { name: "Save section" }).click();
  await expect(panel.getByRole("status").filter({ hasText: `Saved “${title}”` })).toBeVisible();
}

test.beforeAll(async () => {
  // The demo desk's text, as npm start loads it; an admin's save below expires the page's cache.
  await runScriptAsync("e2e/support/seed-about.ts", []);
});

test("/about shows each section, and its NewsMediaOrganization names the five policies at anchors that exist", async ({
  createUser,
  newSession,
}) => {
  const admin = await createUser({ role: "admin" });
  const desk = await newSession(admin);
  await desk.goto("/review/admin/about");
  const team = `Ada Quist, editor (${uniqueTag()}).\nBen Roe, fact-checker.`;
  await saveSection(desk, "Our team", team);

  const reader = await newSession(null);
  expect((await reader.goto("/about"))?.status()).toBe(200);
  await expect(reader.getByRole("heading", { level: 1, name: "About us" })).toBeVisible();
  for (const section of ABOUT_SECTIONS) {
    await expect(reader.getByRole("heading", { level: 2, name: section.title, exact: true })).toHaveAttribute(
      "id",
      section.anchor,
    );
  }
  await expect(reader.getByText("Ada Quist, editor")).toBeVisible();
  const firstLine = DEMO_ABOUT.funding.split("\n")[0] ?? "";
  await expect(reader.getByText(firstLine.slice(0, 60))).toBeVisible();
  // Links typed as [words](/path) are links, and go where the complaints text says.
  const complaints = reader.getByRole("region", { name: "How to complain" });
  await expect(complaints.getByRole("link", { name: "how correction requests work" }).first()).toHaveAttribute(
    "href",
    "/methodology#ask-heading",
  );
  await expect(complaints.getByRole("link", { name: "our corrections page" })).toHaveAttribute("href", "/corrections");
  // The standing note under it links there whatever the admin wrote.
  await expect(complaints.getByRole("link", { name: "the corrections page" })).toHaveAttribute("href", "/corrections");

  const organizations = (await jsonLdBlocks(reader)).filter(
    (b) => z.object({ "@type": z.literal("NewsMediaOrganization") }).safeParse(b).success,
  );
  expect(organizations).toHaveLength(1);
  const organization = organizationSchema.parse(organizations[0]);
  const expanded = await jsonld.expand(organization, { documentLoader: offlineLoader });
  for (const policy of POLICIES) expect(expanded[0]?.[`https://schema.org/${policy}`], policy).toBeDefined();

  for (const policy of POLICIES) {
    const url = new URL(organization[policy]);
    const target = await newSession(null);
    expect((await target.goto(url.pathname))?.status(), `${policy} → ${url.pathname}`).toBe(200);
    if (url.hash) await expect(target.locator(url.hash), `${policy} → ${url.hash}`).toHaveCount(1);
    await target.close();
  }

  // Every public page carries it, not only /about.
  await reader.goto("/methodology");
  expect((await jsonLdBlocks(reader)).some((b) => organizationSchema.safeParse(b).success)).toBe(true);
});

test("an admin's edit shows on /about at once and is in the audit log; an emptied section is hidden from readers", async ({
  createUser,
  newSession,
}) => {
  const admin = await createUser({ role: "admin" });
  const desk = await newSession(admin);
  const reader = await newSession(null);
  await reader.goto("/about");
  const tag = uniqueTag();
  const policy = `We correct within one working day (${tag}). See [the corrections log](/corrections).`;
  await expect(reader.getByText(tag)).toHaveCount(0);

  await desk.goto("/review/admin/about");
  await saveSection(desk, "Corrections policy", policy);
  await saveSection(desk, "Funding and ownership", "");
  await expect(
    desk
      .getByRole("region", { name: "Funding and ownership", exact: true })
      .getByText(/Not yet written: readers do not see this section/),
  ).toBeVisible();

  await reader.goto("/about");
  const corrections = reader.getByRole("region", { name: "Corrections policy" });
  await expect(corrections).toContainText(`We correct within one working day (${tag}). See the corrections log.`);
  await expect(corrections.getByRole("link", { name: "the corrections log" })).toHaveAttribute("href", "/corrections");
  await expect(reader.getByRole("heading", { name: "Funding and ownership" })).toHaveCount(0);

  const events = queryRows(
    z.object({ actor_id: z.number().nullable(), after: z.string() }),
    "select actor_id, after from audit_events where action = 'about.section_saved' and entity_id = 'corrections' order by id desc limit 1",
  );
  expect(events[0]?.after).toContain(tag);

  await desk.goto(`/review/admin/audit?action=about.section_saved&entityId=corrections`);
  await expect(desk.getByRole("main")).toContainText(tag);
  await expect(desk.getByRole("main")).toContainText(admin.name);

  // A stale form is refused with the reason and keeps what was typed.
  const stale = await newSession(admin);
  await stale.goto("/review/admin/about");
  await desk.goto("/review/admin/about");
  await saveSection(desk, "Corrections policy", `${policy} Again.`);
  const panel = stale.getByRole("region", { name: "Corrections policy", exact: true });
  await panel.getByLabel("Text of “Corrections policy”").fill("Overwrite attempt");
  await panel.getByRole("button", { name: "Save section" }).click();
  await expect(panel.getByText(/Someone saved this section after you opened the page/)).toBeVisible();
  await expect(panel.getByLabel("Text of “Corrections policy”")).toHaveValue("Overwrite attempt");
});
