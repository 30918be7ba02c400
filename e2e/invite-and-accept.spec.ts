import path from "node:path";
import { expect, test } from "./fixtures";
import { AppHeader } from "./pages/app-header";
import { FlowsPage } from "./pages/flows-page";
import { InvitePage } from "./pages/invite-page";
import { MembersTab } from "./pages/members-tab";
import { WorkspaceTab } from "./pages/workspace-tab";
import { OWNER } from "./support/owner";
import { newBrowserContext, newPerson } from "./support/people";
import { saveDocsScreenshot } from "./support/screenshots";

test("an owner invites an editor by link; the editor joins, is made a viewer, and the link is used up", async ({
  page,
  browser,
  platform,
  cli,
  context,
  signInAsOwner,
  membersTab,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const flow = await cli.importFlow(path.join(platform.repoRoot, "examples/webhook-to-http.json")); // something to start, or not
  await signInAsOwner();
  await membersTab.goto();
  await expect(membersTab.memberRow(OWNER.email)).toBeVisible();

  const url = await membersTab.invite({ role: "Editor", days: 3 });
  expect(url).toMatch(new RegExp(`^${platform.webUrl}/invite/ifi_`));
  await expect(membersTab.invitationTerms).toContainText("Anyone with this link can join as Editor until");
  await membersTab.copyInvitationUrlButton.click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(membersTab.pendingInvitations.first()).toContainText("Editor");
  await saveDocsScreenshot(page, platform, "settings-members");

  // Someone else, in a browser of their own, opens the link.
  const memberContext = await newBrowserContext(browser, platform);
  try {
    const memberPage = await memberContext.newPage();
    const invitePage = new InvitePage(memberPage);
    const memberFlows = new FlowsPage(memberPage);
    const memberHeader = new AppHeader(memberPage);
    const member = newPerson("Eddie Editor");
    await memberPage.goto(url);
    await expect(invitePage.heading).toHaveText("Join Default on Interflow");
    await expect(invitePage.workspace).toHaveText("Default");
    await expect(invitePage.role).toContainText("Editor");
    await expect(invitePage.invitedBy).toContainText(OWNER.name);
    await expect(invitePage.invitedBy).toContainText(OWNER.email);
    await expect(invitePage.expires).not.toBeEmpty();
    await expect(invitePage.existingAccountLink).toHaveAttribute("href", `/sign-in?next=${encodeURIComponent(new URL(url).pathname)}`);
    await saveDocsScreenshot(memberPage, platform, "invite");

    // the API checks the fields and says what is wrong where
    await invitePage.createAccount({ ...member, password: "short" });
    await expect(invitePage.errorOf("password")).toContainText("At least 10 characters");
    await expect(invitePage.passwordInput).toHaveAttribute("aria-invalid", "true");
    await invitePage.createAccount({ ...member, email: OWNER.email });
    await expect(invitePage.errorOf("email")).toContainText("already has an account");

    await invitePage.createAccount(member);
    await expect(memberFlows.heading).toBeVisible();
    await expect(memberPage).toHaveURL(`${platform.webUrl}/`);
    await expect(memberHeader.workspaceName).toHaveText("Default");
    await expect(memberHeader.workspaceRole).toHaveText("Editor");
    await expect(memberFlows.nameOf(flow.id)).toHaveText(flow.name);
    await expect(memberFlows.importButton).toBeVisible();
    await expect(memberFlows.startButtonOf(flow.id)).toBeVisible();

    // The owner sees the new member and makes them a viewer.
    await membersTab.goto();
    await expect(membersTab.memberRow(member.email)).toContainText(member.name);
    await expect(membersTab.roleSelectOf(member.email)).toHaveValue("editor");
    await membersTab.setRole(member.email, "Viewer");
    await expect(page.getByRole("status").filter({ hasText: `${member.email} is now a viewer` })).toBeVisible();
    await page.reload();
    await expect(membersTab.roleSelectOf(member.email)).toHaveValue("viewer");

    // The member, after a reload, sees flows and their state, and nothing to change them with.
    await memberPage.reload();
    await expect(memberHeader.workspaceRole).toHaveText("Viewer");
    await expect(memberFlows.stateOf(flow.id)).toHaveText("Stopped (Inactive)");
    await expect(memberFlows.viewerNote).toHaveText("You are a viewer here: viewers cannot change flows.");
    await expect(memberFlows.changeControls).toHaveCount(0);
    await expect(memberFlows.exportButtonOf(flow.id)).toBeVisible(); // a viewer exports flows, and does nothing else to them
    expect(await memberFlows.tableFitsWidth()).toBe(true);
    await saveDocsScreenshot(memberPage, platform, "flows-viewer");

    // A viewer's settings: no owner controls, no Audit tab.
    const memberSettings = new MembersTab(memberPage);
    await memberHeader.settingsLink.click();
    await expect(memberSettings.tabs.heading).toBeVisible();
    await expect(memberSettings.tabs.tab("Audit")).toHaveCount(0);
    const memberWorkspaceTab = new WorkspaceTab(memberPage);
    await expect(memberWorkspaceTab.readOnlyNote).toHaveText("Only owners change these settings.");
    await expect(memberWorkspaceTab.nameInput).toBeDisabled();
    await expect(memberWorkspaceTab.saveButton).toHaveCount(0);
    await memberSettings.tabs.tab("Members").click();
    await expect(memberSettings.memberRow(OWNER.email)).toBeVisible();
    await expect(memberPage.getByRole("combobox")).toHaveCount(0);
    await expect(memberPage.getByRole("button", { name: /^Remove / })).toHaveCount(0);
    await expect(memberPage.getByTestId("invite-form")).toHaveCount(0);

    // The link has been used: it no longer works, and offers no form.
    await memberPage.goto(url);
    await expect(invitePage.heading).toHaveText("This invitation link cannot be used");
    await expect(invitePage.unusableReason).toContainText("unknown, used, revoked or expired");
    await expect(invitePage.form).toHaveCount(0);
    await expect(invitePage.joinButton("Default")).toHaveCount(0);
    await saveDocsScreenshot(memberPage, platform, "invite-unusable");
  } finally {
    await memberContext.close();
  }
});
