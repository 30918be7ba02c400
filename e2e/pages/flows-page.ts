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

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Flows", exact: true, level: 1 });
    this.table = page.getByTestId("flows-table");
    this.emptyState = page.getByTestId("flows-empty");
    this.liveIndicator = page.getByTestId("live-indicator");
    this.signOutButton = page.getByRole("button", { name: "Sign out" });
    this.workspaceName = page.getByTestId("workspace-name");
    this.workspaceRole = page.getByTestId("workspace-role");
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

  copyWebhookUrlButton(flowId: string): Locator {
    return this.row(flowId).getByRole("button", { name: /^Copy webhook URL of / });
  }
}
