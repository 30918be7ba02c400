import { expect, test } from "./fixtures";
import { AppHeader } from "./pages/app-header";
import { FlowsPage } from "./pages/flows-page";
import { InvitePage } from "./pages/invite-page";
import { SignInPage } from "./pages/sign-in-page";
import { addMember, callApi } from "./support/api";
import { newBrowserContext, newPerson } from "./support/people";
import { saveDocsScreenshot } from "./support/screenshots";

test("someone removed from their only workspace is told why and whom to ask, cannot start their own, and joins again by link while signed in", async ({
  page,
  browser,
  platform,
  signInAsOwner,
  membersTab,
}) => {
  await signInAsOwner();
  const member = newPerson("Otto Outsider");
  await addMember(page.request, member, "viewer");

  const memberContext = await newBrowserContext(browser, platform);
  try {
    const memberPage = await memberContext.newPage();
    const memberFlows = new FlowsPage(memberPage);
    const memberHeader = new AppHeader(memberPage);

    // Signing in goes on to `next`, a path of this site; anywhere else is "/".
    await memberPage.goto("/sign-in?next=%2Fsettings%2Fmembers");
    await new SignInPage(memberPage).signIn(member);
    await expect(memberPage).toHaveURL(`${platform.webUrl}/settings/members`);
    await expect(memberHeader.workspaceRole).toHaveText("Viewer");
    await memberPage.goto("/sign-in?next=%2F%2Fevil.example%2Fsteal");
    await expect(memberPage).toHaveURL(`${platform.webUrl}/`);
    await memberPage.goto("/sign-in?next=https%3A%2F%2Fevil.example");
    await expect(memberPage).toHaveURL(`${platform.webUrl}/`);

    // The owner removes them, after a confirmation.
    await membersTab.goto();
    await page.getByRole("button", { name: `Remove ${member.email}` }).click();
    await expect(membersTab.confirmDialog).toContainText(`${member.email} will no longer see Default`);
    await membersTab.confirmDialog.getByRole("button", { name: "Cancel" }).click(); // changed their mind…
    await expect(membersTab.confirmDialog).toBeHidden();
    await expect(membersTab.memberRow(member.email)).toBeVisible();
    await membersTab.remove(member.email); // …then did it
    await expect(membersTab.memberRow(member.email)).toHaveCount(0);

    // Still signed in, in no workspace: the reason, not an error page, and a way on.
    await memberPage.reload();
    await expect(memberFlows.noWorkspace).toBeVisible();
    await expect(memberFlows.noWorkspaceReason).toContainText("You are not a member of any workspace yet");
    await expect(memberHeader.workspaceSwitcher).toHaveCount(0);
    // only the installation's admin makes workspaces (else anyone could own one and install code)
    await expect(memberPage.getByTestId("no-workspace-ask-admin")).toContainText("New workspaces are made by the installation's admin");
    await expect(memberPage.getByRole("button", { name: "New workspace" })).toHaveCount(0);
    await saveDocsScreenshot(memberPage, platform, "no-workspace");
    const refused = await memberPage.request.post("/api/trpc/workspaces.create", { data: { name: "Otto's own" }, headers: { "content-type": "application/json" } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toContain("only the installation's admin creates workspaces here");

    // A new link, opened while signed in: Join, and land in that workspace (not the one joined first).
    const { url } = await callApi<{ url: string }>(page.request, "invitations.create", { role: "editor", expiresInDays: 1 });
    const invitePage = new InvitePage(memberPage);
    await memberPage.goto(url);
    await expect(invitePage.role).toContainText("Editor");
    await expect(invitePage.form).toHaveCount(0);
    await invitePage.joinButton("Default").click();
    await expect(memberPage).toHaveURL(`${platform.webUrl}/`);
    await expect(memberHeader.workspaceName).toHaveText("Default");
    await expect(memberHeader.workspaceRole).toHaveText("Editor");
    await expect(memberFlows.importButton).toBeVisible();
  } finally {
    await memberContext.close();
  }
});
