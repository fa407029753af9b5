import { expect, test } from "./fixtures";
import { NATO_SUPPORT, Workspace } from "./support/workspace";

// DESIGN.md, Status rules: a change made on an old version is refused with the current state shown.
test("a verdict saved on a stale page is refused, shows the current state and keeps what was typed", async ({
  createUser,
  createClaim,
  newSession,
}) => {
  const first = await createUser({ role: "reviewer" });
  const second = await createUser({ role: "reviewer" });
  const claim = await createClaim();

  const firstWorkspace = await new Workspace(await newSession(first), claim.slug).open();
  await firstWorkspace.addEvidence(NATO_SUPPORT);

  // Both have the claim open at the same version.
  const secondWorkspace = await new Workspace(await newSession(second), claim.slug).open();
  await firstWorkspace.page.reload();

  const firstRationale = "NATO's statement of 7 October says Israel has the right to defend itself.";
  await firstWorkspace.setVerdict("sourced", firstRationale);

  const typed = `Second opinion, typed on a stale page (${claim.id}).`;
  await secondWorkspace.fillVerdict("sourced", typed);
  await secondWorkspace.saveVerdict();

  await expect(secondWorkspace.alert().first()).toBeVisible();
  await expect(secondWorkspace.page.getByText("Current state").first()).toBeVisible();
  await expect(secondWorkspace.page.getByText(firstRationale).first()).toBeVisible();
  await expect(secondWorkspace.form("Save verdict").getByLabel("Rationale", { exact: true })).toHaveValue(typed);
  await expect(secondWorkspace.status("Verdict saved.")).toHaveCount(0);
});
