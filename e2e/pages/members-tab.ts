import type { Locator, Page } from "@playwright/test";
import { SettingsTabs } from "./settings-tabs";

type RoleName = "Owner" | "Editor" | "Viewer";

/** /settings/members: members, the invite form and pending invitations (owners). */
export class MembersTab {
  readonly tabs: SettingsTabs;
  readonly membersTable: Locator;
  readonly inviteRoleSelect: Locator;
  readonly inviteDaysInput: Locator;
  readonly createInvitationButton: Locator;
  /** the link, shown once after creating it */
  readonly invitationUrl: Locator;
  readonly invitationTerms: Locator;
  readonly copyInvitationUrlButton: Locator;
  readonly pendingInvitations: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.tabs = new SettingsTabs(page);
    this.membersTable = page.getByTestId("members-table");
    const invite = page.getByTestId("invite-form");
    this.inviteRoleSelect = invite.getByLabel("Role");
    this.inviteDaysInput = invite.getByLabel("Valid for (days)");
    this.createInvitationButton = invite.getByRole("button", { name: "Create invitation link" });
    this.invitationUrl = page.getByTestId("invitation-url");
    this.invitationTerms = page.getByTestId("invitation-terms");
    this.copyInvitationUrlButton = page.getByRole("button", { name: "Copy the invitation link" });
    this.pendingInvitations = page.getByTestId("invitation-row");
    this.confirmDialog = page.getByRole("dialog"); // only the open one: a closed <dialog> is hidden
  }

  async goto() {
    await this.page.goto("/settings/members");
  }

  memberRow(email: string): Locator {
    return this.membersTable.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }

  roleSelectOf(email: string): Locator {
    return this.page.getByRole("combobox", { name: `Role of ${email}` });
  }

  /** Creates an invitation link; returns it (it is shown only now). */
  async invite(p: { role: RoleName; days?: number }): Promise<string> {
    await this.inviteRoleSelect.selectOption({ label: p.role });
    if (p.days !== undefined) await this.inviteDaysInput.fill(String(p.days));
    await this.createInvitationButton.click();
    const url = await this.invitationUrl.inputValue();
    if (!url) throw new Error("no invitation link was shown");
    return url;
  }

  async setRole(email: string, role: RoleName) {
    await this.roleSelectOf(email).selectOption({ label: role });
  }

  /** Remove, then confirm in the dialog. */
  async remove(email: string) {
    await this.page.getByRole("button", { name: `Remove ${email}` }).click();
    await this.confirmDialog.getByRole("button", { name: "Remove member" }).click();
  }
}
