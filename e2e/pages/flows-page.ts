import type { Download, Locator, Page } from "@playwright/test";

/** The items of a flow's "⋯" menu (owners and editors). */
export type FlowMenuItem = "Rename…" | "Duplicate" | "Export" | "Delete…";

/** The flows page ("/") of a signed-in person. */
export class FlowsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly emptyState: Locator;
  readonly liveIndicator: Locator;
  readonly signOutButton: Locator;
  readonly workspaceName: Locator;
  readonly workspaceRole: Locator;
  readonly importButton: Locator;
  /** what the last import said (its `data-flow-id` is the imported flow's) */
  readonly importResult: Locator;
  /** what a viewer sees instead of the import button */
  readonly viewerNote: Locator;
  /** every control that changes a flow: import, each row's start, stop, suspend and resume, and its menu (rename, duplicate, delete) */
  readonly changeControls: Locator;
  /** what the last rename, duplicate, delete (or failed export) from a row's menu did; a duplicate's `data-flow-id` is the copy's */
  readonly notice: Locator;
  /** the open dialog (rename, or the confirmation of a delete) */
  readonly dialog: Locator;
  /** the page of a signed-in person who belongs to no workspace */
  readonly noWorkspace: Locator;
  readonly noWorkspaceReason: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Flows", exact: true, level: 1 });
    this.table = page.getByTestId("flows-table");
    this.emptyState = page.getByTestId("flows-empty");
    this.liveIndicator = page.getByTestId("live-indicator");
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
    this.workspaceName = page.getByTestId("workspace-name");
    this.workspaceRole = page.getByTestId("workspace-role");
    this.importButton = page.getByRole("button", { name: "Import flow" });
    this.importResult = page.getByTestId("import-result");
    this.viewerNote = page.getByTestId("viewer-note");
    this.changeControls = page.getByRole("button", { name: /^(Import flow|Start |Stop |Suspend |Resume |More actions for )/ });
    this.notice = page.getByTestId("flow-notice");
    this.dialog = page.getByRole("dialog"); // only the open one: a closed <dialog> is hidden
    this.noWorkspace = page.getByTestId("no-workspace");
    this.noWorkspaceReason = page.getByTestId("no-workspace-reason");
  }

  async goto() {
    await this.page.goto("/");
  }

  row(flowId: string): Locator {
    return this.page.locator(`[data-testid="flow-row"][data-flow-id="${flowId}"]`);
  }

  stateOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-state");
  }

  nameOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-name");
  }

  versionOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-version");
  }

  timeInStateOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-time-in-state");
  }

  webhookUrlOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-webhook-url");
  }

  /** Imports a flow document through the Import flow button's file chooser. */
  async importFile(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    const chooser = this.page.waitForEvent("filechooser");
    await this.importButton.click();
    await (await chooser).setFiles(file);
  }

  startButtonOf(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Start / });
  }

  suspendButtonOf(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Suspend / });
  }

  resumeButtonOf(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Resume / });
  }

  stopButtonOf(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Stop / });
  }

  copyWebhookUrlButton(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Copy webhook URL of / });
  }

  /** True when the table fits the page's width (no column scrolled out of sight). */
  async tableFitsWidth(): Promise<boolean> {
    return this.table.evaluate((table) => {
      const scroller = table.parentElement as HTMLElement;
      return scroller.scrollWidth <= scroller.clientWidth;
    });
  }

  /** A row's "⋯" button, opening its menu. */
  menuButtonOf(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^More actions for / });
  }

  /** An item of the open menu. */
  menuItem(item: FlowMenuItem): Locator {
    return this.page.getByRole("menu").getByRole("menuitem", { name: item, exact: true });
  }

  async openMenu(flowId: string) {
    await this.menuButtonOf(flowId).click();
  }

  /** A viewer's Export button (owners and editors find Export in the menu). */
  exportButtonOf(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Export / });
  }

  get renameNameInput(): Locator {
    return this.dialog.getByLabel("Flow name");
  }

  /** the rename's error, at its name field */
  get renameError(): Locator {
    return this.dialog.getByTestId("name-error");
  }

  /** Menu, Rename…, a new name, Rename. */
  async rename(flowId: string, name: string) {
    await this.openMenu(flowId);
    await this.menuItem("Rename…").click();
    await this.renameNameInput.fill(name);
    await this.dialog.getByRole("button", { name: "Rename", exact: true }).click();
  }

  /** Menu, Duplicate; the copy's id, once the page says it was made. */
  async duplicate(flowId: string): Promise<string> {
    await this.openMenu(flowId);
    await this.menuItem("Duplicate").click();
    await this.notice.and(this.page.locator("[data-flow-id]")).waitFor();
    const copyId = await this.notice.getAttribute("data-flow-id");
    if (!copyId) throw new Error("the duplicate's id was not shown");
    return copyId;
  }

  /** Menu, Delete…, then confirm in the dialog. */
  async delete(flowId: string) {
    await this.openMenu(flowId);
    await this.menuItem("Delete…").click();
    await this.dialog.getByRole("button", { name: "Delete flow" }).click();
  }

  /** Menu, Export: the download it makes. */
  async exportFlow(flowId: string): Promise<Download> {
    await this.openMenu(flowId);
    const download = this.page.waitForEvent("download");
    await this.menuItem("Export").click();
    return download;
  }
}
