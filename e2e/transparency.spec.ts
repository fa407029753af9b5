/**
 * Issue #14, parts 3 and 7: a public record anyone can hold us to. An anchor
 * taken from the desk is listed on /transparency and in its Atom feed; a claim
 * page shows the audit event that published its current verdict, and after a
 * correction its ClaimReview carries dateModified and the correction's reason.
 */
import type { Page } from "@playwright/test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { z } from "zod";
import { expect, test, uniqueTag } from "./fixtures";
import { queryRow } from "./support/http-security";
import { Workspace } from "./support/workspace";

const eventRow = z.object({ id: z.number(), hash: z.string() });

/** The newest claim.published or claim.corrected event of a claim, from the audit log itself. */
function publishingEvent(claimId: number, action: "claim.published" | "claim.corrected") {
  return queryRow(
    eventRow,
    "select id, hash from audit_events where entity_type = 'claim' and entity_id = ? and action = ? order by id desc limit 1",
    String(claimId),
    action,
  );
}

async function claimReview(page: Page) {
  const blocks = (await page.locator('script[type="application/ld+json"]').allTextContents()).map(
    (t) => JSON.parse(t) as unknown,
  );
  const review = blocks.find((b) => z.object({ "@type": z.literal("ClaimReview") }).safeParse(b).success);
  return z
    .object({
      datePublished: z.string(),
      dateModified: z.string().optional(),
      author: z.object({ "@type": z.literal("NewsMediaOrganization"), correctionsPolicy: z.string() }),
      correction: z
        .object({ "@type": z.literal("CorrectionComment"), text: z.string(), datePublished: z.string() })
        .optional(),
    })
    .parse(review);
}

async function shownEvent(page: Page) {
  const record = page.locator("#audit-record");
  return {
    id: Number(await record.locator("[data-audit-event]").getAttribute("data-audit-event")),
    hash: (await record.locator("code").innerText()).trim(),
  };
}

test("an anchor taken from the desk is listed on /transparency and in its Atom feed", async ({
  createUser,
  newSession,
  request,
}) => {
  const admin = await createUser({ role: "admin" });
  const desk = await newSession(admin);
  await desk.goto("/review/admin/chain");
  await desk.getByRole("button", { name: "Anchor now" }).click();
  const confirmation = desk.getByRole("status").filter({ hasText: /^Anchored event #\d+\.$/ });
  await expect(confirmation).toBeVisible();
  const id = Number(/#(\d+)/.exec(await confirmation.innerText())?.[1]);
  const { hash } = queryRow(eventRow, "select id, hash from audit_events where id = ?", id);

  const reader = await newSession(null);
  expect((await reader.goto("/transparency"))?.status()).toBe(200);
  const row = reader.locator(`#anchor-${id}`);
  await expect(row.getByRole("rowheader")).toHaveText(`#${id}`);
  await expect(row.getByRole("cell").first()).toHaveText(hash);
  await expect(reader.getByRole("heading", { name: "How to check us" })).toBeVisible();
  await expect(reader.getByText("npm run audit:verify -- --anchor anchors.jsonl", { exact: false })).toBeVisible();

  const feedResponse = await request.get("/transparency/feed.xml");
  expect(feedResponse.status()).toBe(200);
  expect(feedResponse.headers()["content-type"]).toContain("application/atom+xml");
  const feed = parseFeed(await feedResponse.text());
  expect(feed.meta.type).toBe("atom");
  const entry = feed.items.find((item) => item.title === `Audit log anchored at event #${id}`);
  expect(entry?.description).toContain(hash);
  expect(entry?.url).toMatch(new RegExp(`/transparency#anchor-${id}$`));

  const file = await (await request.get("/transparency/anchors.jsonl")).text();
  expect(
    file
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown),
  ).toContainEqual({ id, hash, at: expect.any(String) });
});

test("a claim page shows the hash of the event that published its verdict, and a corrected ClaimReview carries the correction", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const [reviewer, editor, secondEditor] = await Promise.all([
    createUser({ role: "reviewer" }),
    createUser({ role: "editor" }),
    createUser({ role: "editor" }),
  ]);
  const tag = uniqueTag();
  const claim = await createClaim({
    sentence: "parliament",
    summary: `Erdogan spoke to parliament that month (${tag})`,
    articleTitle: `Public record ${tag}`,
    verdict: { status: "sourced", by: reviewer, rationale: `The speech is on record (${tag}).` },
  });
  const [editorPage, reviewerPage, secondEditorPage] = await Promise.all([
    newSession(editor),
    newSession(reviewer),
    newSession(secondEditor),
  ]);
  await new Workspace(editorPage, claim.slug).open().then((w) => w.publish());

  const reader = await newSession(null);
  await reader.goto(`/claims/${claim.slug}`);
  const published = publishingEvent(claim.id, "claim.published");
  expect(await shownEvent(reader)).toEqual(published);
  await expect(reader.locator("#audit-record")).toContainText(`Published in our audit log as event #${published.id}`);
  const first = await claimReview(reader);
  expect(first.dateModified).toBeUndefined();
  expect(first.correction).toBeUndefined();

  const reviewerWorkspace = await new Workspace(reviewerPage, claim.slug).open();
  await reviewerWorkspace.addEvidence({
    url: "https://www.tbmm.gov.tr/",
    title: `Record of the session (${tag})`,
    publisher: "TBMM",
    stance: "contradicts",
  });
  await reviewerWorkspace.setVerdict("disputed", `The record dates the speech to October (${tag}).`);
  const reason = `The speech was in October, not that month (${tag}).`;
  await new Workspace(secondEditorPage, claim.slug).open().then((w) => w.publishCorrection(reason));

  await reader.goto(`/claims/${claim.slug}`);
  const corrected = publishingEvent(claim.id, "claim.corrected");
  expect(corrected.id).toBeGreaterThan(published.id);
  expect(await shownEvent(reader)).toEqual(corrected);
  await expect(reader.locator("#audit-record")).toContainText(`Corrected in our audit log as event #${corrected.id}`);
  const review = await claimReview(reader);
  expect(review.dateModified).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(review.correction).toEqual({
    "@type": "CorrectionComment",
    text: `Verdict changed from Sourced to Disputed. ${reason}`,
    datePublished: review.dateModified,
  });
  expect(review.author.correctionsPolicy).toMatch(/\/about#corrections$/);

  // The admin's audit log shows that very hash for that event.
  const admin = await createUser({ role: "admin" });
  const adminPage = await newSession(admin);
  await adminPage.goto(`/review/admin/audit?action=claim.corrected&entityId=${claim.id}`);
  await expect(adminPage.locator(`code[title="SHA-256 ${corrected.hash}"]`)).toHaveCount(1);
});
