import { parseFeed } from "@rowanmanning/feed-parser";
import { expect, test, uniqueTag } from "./fixtures";
import { Workspace } from "./support/workspace";

// Issue #13, item 5: "My claims" lists what others did on my claims, marks
// what is new since my last visit, and comes as an Atom feed opened by a
// personal token that can be revoked.

test("My claims shows an editor's publication of a claim assigned to me, marked new since my last visit", async ({
  createUser,
  createClaim,
  newSession,
  request,
}) => {
  const tag = uniqueTag();
  const me = await createUser({ role: "reviewer" });
  const checker = await createUser({ role: "reviewer" });
  const editor = await createUser({ role: "editor" });
  const claim = await createClaim({
    summary: `Claim on my desk ${tag}`,
    verdict: { status: "sourced", by: checker },
  });
  const page = await newSession(me);
  await new Workspace(page, claim.slug).open().then((w) => w.takeClaim(me.name));

  await test.step("the first visit sets the mark", async () => {
    await page.goto("/review/mine");
    await expect(page.getByRole("heading", { name: "My claims", level: 1 })).toBeVisible();
    await expect(page.getByText("This is your first visit")).toBeVisible();
    // My own taking of the claim is not news to me.
    await expect(page.getByText("assigned it to you")).toHaveCount(0);
  });

  await test.step("an editor publishes; my next visit shows it under New", async () => {
    const editorPage = await newSession(editor);
    await new Workspace(editorPage, claim.slug).open().then((w) => w.publish());
    await page.getByRole("banner").getByRole("link", { name: "My claims" }).click();
    const fresh = page.getByRole("region", { name: "New since your last visit" });
    const item = fresh.getByRole("listitem").filter({ hasText: `${editor.name} published the verdict` });
    await expect(item).toBeVisible();
    await expect(item.getByText("New", { exact: true })).toBeVisible();
    await expect(item.getByText("Sourced").first()).toBeVisible();
    await expect(page.getByText("1 new since then.")).toBeVisible();
    // The verdict set before my first visit is listed, but not as new.
    const earlier = page.getByRole("region", { name: "Earlier" });
    await expect(
      earlier.getByRole("listitem").filter({ hasText: `${checker.name} set the verdict to Sourced` }),
    ).toBeVisible();
    await item.getByRole("link", { name: claim.summary }).click();
    await expect(page).toHaveURL(new RegExp(`/review/claims/${claim.slug}$`));
  });

  await test.step("after that visit nothing is new", async () => {
    await page.goto("/review/mine");
    await expect(page.getByText("Nothing new since.")).toBeVisible();
    await expect(page.getByRole("region", { name: "New since your last visit" })).toHaveCount(0);
  });

  let feedUrl = "";
  await test.step("the feed opened with my token parses and carries the publication", async () => {
    await page.goto("/review/settings");
    await page.getByRole("button", { name: "Make a feed address", exact: true }).click();
    const address = page.getByLabel("Your feed address", { exact: true });
    await expect(address).toHaveValue(/\/review\/mine\/feed\.xml\?token=ctf_/);
    feedUrl = await address.inputValue();
    // The request context has no session cookie: the token alone opens the feed.
    const response = await request.get(feedUrl);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/atom\+xml/);
    expect(response.headers()["cache-control"]).toContain("no-store");
    const feed = parseFeed(await response.text());
    expect(feed.meta.type).toBe("atom");
    expect(feed.title).toContain(me.name);
    const entries = feed.items.filter((i) => i.url && new URL(i.url).pathname === `/review/claims/${claim.slug}`);
    expect(entries.map((e) => e.title)).toEqual([
      `${claim.summary}: ${editor.name} published the verdict (Sourced)`,
      `${claim.summary}: ${checker.name} set the verdict to Sourced`,
    ]);
    expect(new Set(feed.items.map((i) => i.id)).size).toBe(feed.items.length);
  });

  await test.step("a revoked token gets 401, the same answer as a made-up one", async () => {
    await page.reload();
    await page.getByRole("button", { name: "Revoke the feed address", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Feed address revoked." })).toBeVisible();
    await expect(page.getByLabel("Your feed address", { exact: true })).toHaveCount(0);
    const revoked = await request.get(feedUrl);
    expect(revoked.status()).toBe(401);
    const body = await revoked.text();
    expect(body).not.toContain(claim.summary);
    const madeUp = await request.get(`/review/mine/feed.xml?token=ctf_${"x".repeat(43)}`);
    expect(madeUp.status()).toBe(401);
    expect(await madeUp.text()).toBe(body);
    expect((await request.get("/review/mine/feed.xml")).status()).toBe(401);
  });
});
