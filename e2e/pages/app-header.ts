import type { Locator, Page } from "@playwright/test";

/** The header of a signed-in person's pages: workspace switcher (with the role badge), Flows and Dashboard, Settings, sign out. */
export class AppHeader {
  readonly workspaceSwitcher: Locator;
  readonly workspaceName: Locator;
  readonly workspaceRole: Locator;
  readonly workspaceMenu: Locator;
  readonly newWorkspaceItem: Locator;
  readonly settingsLink: Locator;
  readonly flowsLink: Locator;
  readonly dashboardLink: Locator;
  readonly signOutButton: Locator;

  constructor(readonly page: Page) {
    this.workspaceSwitcher = page.getByTestId("workspace-switcher");
    this.workspaceName = page.getByTestId("workspace-name");
    this.workspaceRole = page.getByTestId("workspace-role");
    this.workspaceMenu = page.getByRole("menu", { name: "Switch workspace" });
    this.newWorkspaceItem = this.workspaceMenu.getByRole("menuitem", { name: "New workspace…" });
    this.settingsLink = page.getByRole("link", { name: "Settings", exact: true });
    const workspaceNav = page.getByRole("navigation", { name: "Workspace" });
    this.flowsLink = workspaceNav.getByRole("link", { name: "Flows", exact: true });
    this.dashboardLink = workspaceNav.getByRole("link", { name: "Dashboard", exact: true });
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
  }

  /** The menu's entry of the workspace called `name` (its accessible name also says the role). */
  workspaceOption(name: string): Locator {
    return this.workspaceMenu.getByRole("menuitemradio").filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async switchTo(name: string) {
    await this.workspaceSwitcher.click();
    await this.workspaceOption(name).click();
  }

  async createWorkspace(name: string) {
    await this.workspaceSwitcher.click();
    await this.newWorkspaceItem.click();
    await new NewWorkspaceDialog(this.page).create(name);
  }
}

/** The "New workspace" dialog (from the header's menu, or the page of someone without a workspace). */
export class NewWorkspaceDialog {
  readonly dialog: Locator;
  readonly nameInput: Locator;
  readonly createButton: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "New workspace" });
    this.nameInput = this.dialog.getByLabel("Workspace name");
    this.createButton = this.dialog.getByRole("button", { name: "Create workspace" });
  }

  async create(name: string) {
    await this.nameInput.fill(name);
    await this.createButton.click();
  }
}
