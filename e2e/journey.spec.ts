import { expect, test } from "./fixtures";
import { NATO_SUPPORT, Workspace } from "./support/workspace";

test("a reviewer sources a claim, another editor publishes it, the public reads it with JavaScript off", async ({
  createUser,
  createClaim,
  newSession,
  request,
}) => {
  const reviewer = await createUser({ role: "reviewer" });
  const editor = await createUser({ role: "editor" });
  const claim = await createClaim();
  const rationale = `NATO's North Atlantic Council said on 7 October that Israel has the right to defend itself (${claim.id}).`;

  // The reviewer finds the claim in the queue and opens its workspace.
  const reviewerPage = await newSession(reviewer);
  await reviewerPage.goto("/review");
  await expect(reviewerPage.getByRole("heading", { name: "Review queue" })).toBeVisible();
  await reviewerPage.getByRole("link", { name: claim.summary }).click();
  await expect(reviewerPage).toHaveURL(new RegExp(`/review/claims/${claim.slug}$`));

  const workspace = new Workspace(reviewerPage, claim.slug);
  await expect(reviewerPage.getByRole("heading", { name: "Add evidence" })).toBeVisible();
  await workspace.addEvidence(NATO_SUPPORT);
  await workspace.setVerdict("sourced", rationale);

  await reviewerPage.reload();
  const history = workspace.history();
  await expect(history).toContainText(reviewer.name);
  await expect(history).toContainText("changed the status");
  await expect(history).toContainText("added evidence");
  // DESIGN.md: a reviewer never publishes.
  await expect(workspace.publishButton()).toHaveCount(0);

  // Unpublished claims do not exist for the public.
  expect((await request.get(`/claims/${claim.slug}`)).status()).toBe(404);

  // A different person, an editor, publishes in a browser of their own.
  const editorPage = await newSession(editor);
  const editorWorkspace = await new Workspace(editorPage, claim.slug).open();
  await editorWorkspace.publish();
  await editorPage.reload();
  await expect(editorWorkspace.history()).toContainText("published the verdict");
  await expect(editorWorkspace.history()).toContainText(editor.name);

  // The public page reads without JavaScript and without an account.
  const publicPage = await newSession(null, { javaScriptEnabled: false });
  const response = await publicPage.goto(`/claims/${claim.slug}`);
  expect(response?.status()).toBe(200);
  await expect(publicPage.getByRole("heading", { level: 1 })).toHaveText(claim.summary);
  await expect(publicPage.getByText("Sourced", { exact: true }).first()).toBeVisible();
  await expect(publicPage.getByText(rationale)).toBeVisible();
});
