// `npm run db:seed -- --article` with the seed article and its labels, then the
// desk as a reviewer sees it. scripts/seed.test.ts checks the same import on a
// labelled article of our own; this is the article the labels format was made for.
import { runScriptAsync } from "@/lib/testing/run-script";
import { seedArticle } from "@/lib/testing/shared-fixtures";
import { expect, test } from "./fixtures";

test("the seed article imported with its labels shows a reviewer its 13 claims, each marked at its sentence", async ({
  createUser,
  newSession,
}) => {
  const { file, labelsFile, body, labels } = seedArticle();
  const out = await runScriptAsync("scripts/seed.ts", ["--article", file, "--labels", labelsFile]);
  const slug = /as \/articles\/([^\s;]+)/.exec(out)?.[1];
  if (!slug) throw new Error(`db:seed printed no article path:\n${out}`);
  const checks = labels.sentences.filter((s) => s.label === "check");
  expect(checks).toHaveLength(13);

  const page = await newSession(await createUser({ role: "reviewer" }));
  await page.goto(`/review/articles/${slug}`);
  await expect(page.getByRole("heading", { name: `Claims (${checks.length})` })).toBeVisible();
  const text = page.getByRole("region", { name: "Article text" });
  const marks = text.locator("mark[id^='claim-']");
  await expect(marks).toHaveCount(checks.length);
  // Each mark holds its labelled sentence (then its status badge), in the article's order.
  const marked = await marks.evaluateAll((nodes) => nodes.map((n) => n.firstChild?.textContent ?? ""));
  expect(marked.map((t) => t.trim())).toEqual(checks.map((s) => body.slice(s.start, s.end).trim()));
});
