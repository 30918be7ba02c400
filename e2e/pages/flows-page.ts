import type { Locator, Page } from "@playwright/test";

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
  /** every control that changes a flow: import, and each row's start, stop, suspend and resume */
  readonly changeControls: Locator;
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
    this.changeControls = page.getByRole("button", { name: /^(Import flow|Start |Stop |Suspend |Resume )/ });
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
}
