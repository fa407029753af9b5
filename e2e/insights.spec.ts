import fs from "node:fs";
import { expect, test, uniqueTag } from "./fixtures";

// Issue #14, part 1: the insights page draws its charts on the server (SVG
// with a title and a description, a table beside each), its GET filters change
// the numbers, and each chart downloads as CSV.

test("an editor reads the insights, narrows them to a claimant and downloads a chart as CSV", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const tag = uniqueTag();
  const claimant = `Insights claimant ${tag}`;
  const checker = await createUser({ role: "reviewer" });
  const editor = await createUser({ role: "editor" });
  await createClaim({ summary: `Someone else's claim ${tag}`, claimant: `Someone else ${tag}` });
  await createClaim({ summary: `Waiting claim ${tag}`, claimant });
  await createClaim({ summary: `Checked claim ${tag}`, claimant, verdict: { status: "disputed", by: checker } });
  await createClaim({
    summary: `Published claim ${tag}`,
    claimant,
    sentence: "ceasefire",
    verdict: { status: "sourced", by: checker },
    publishBy: editor,
  });

  const page = await newSession(editor);
  await page.goto("/review");
  await page.getByRole("banner").getByRole("link", { name: "Insights" }).click();
  await expect(page.getByRole("heading", { name: "Insights", level: 1 })).toBeVisible();

  const flow = page.locator('[data-chart="flow"]');
  const flowTable = page.getByRole("region", { name: "Claims brought in, verdicts set and published: table" });
  const thisWeek = () => flowTable.getByRole("row").last();

  await test.step("every chart is an SVG image with a title and a description, and has its table", async () => {
    const charts = page.locator("section[data-chart]");
    await expect(charts).toHaveCount(7);
    for (const chart of await charts.all()) {
      const image = chart.locator('svg[role="img"]');
      const empty = chart.locator(".empty");
      await expect(image.or(empty).first()).toBeVisible();
      if ((await image.count()) > 0) {
        await expect(image.locator("title")).not.toBeEmpty();
        await expect(image.locator("desc")).not.toBeEmpty();
      }
      await expect(chart.getByRole("table")).toBeVisible();
    }
    await expect(flow.locator('svg[role="img"] rect').first()).toBeVisible();
    await expect(flow.locator('svg[role="img"]')).toHaveAccessibleName(/Claims brought in/);
  });

  const desk = await thisWeek().getByRole("cell").allTextContents();

  await test.step("a claimant filter narrows the numbers to that claimant's claims", async () => {
    await page.getByRole("textbox", { name: "Claimant" }).fill(claimant);
    await page.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(new RegExp(`claimant=Insights\\+claimant\\+${tag}`));
    await expect(page.getByText("3 claims in scope")).toBeVisible();
    await expect(thisWeek().getByRole("cell")).toHaveText(["3", "2", "1"]);
    // Unfiltered, the week held the other claimant's claim too (and whatever else the desk did).
    expect(Number(desk[0])).toBeGreaterThan(3);
    const balance = page.getByRole("region", { name: "Published verdicts by claimant: table" });
    await expect(balance.getByRole("row", { name: new RegExp(claimant) }).getByRole("cell")).toHaveText([
      "1",
      "0",
      "1",
    ]);
    await expect(page.getByRole("textbox", { name: "Claimant" })).toHaveValue(claimant);
  });

  await test.step("the chart's CSV download holds the same numbers under its header row", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      flow.getByRole("link", { name: /Download CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^claimtrail-insights-flow-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
    const text = fs.readFileSync(await download.path(), "utf8");
    const lines = text.trimEnd().split("\r\n");
    expect(lines[0]).toBe("week_starting,brought_in,verdicts_set,published");
    expect(lines).toHaveLength(13);
    expect(lines.at(-1)).toMatch(/^\d{4}-\d\d-\d\d,3,2,1$/);
  });

  await test.step("a bad date is refused with a message, and no charts", async () => {
    await page.goto("/review/insights?from=2026-03-10&to=2026-03-01");
    await expect(
      page.getByRole("alert").filter({ hasText: "The end date must be on or after the start date." }),
    ).toBeVisible();
    await expect(page.locator("section[data-chart]")).toHaveCount(0);
  });
});

test("a reviewer has no insights link and is refused the page and its downloads", async ({
  createUser,
  newSession,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const page = await newSession(reviewer);
  await page.goto("/review");
  await expect(page.getByRole("banner").getByRole("link", { name: "Correction requests" })).toHaveCount(0);
  await expect(page.getByRole("banner").getByRole("link", { name: "Insights" })).toHaveCount(0);
  await page.goto("/review/insights");
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  await expect(page.locator("svg[role=img]")).toHaveCount(0);
  const response = await page.request.get("/review/insights/export?chart=flow");
  expect(response.status()).toBe(403);
});
