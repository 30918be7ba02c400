import type { Locator, Page } from "@playwright/test";

/** The flows page ("/") of a connected browser. */
export class FlowsPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly emptyState: Locator;
  readonly liveIndicator: Locator;
  readonly disconnectButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Flows", exact: true, level: 1 });
    this.table = page.getByTestId("flows-table");
    this.emptyState = page.getByTestId("flows-empty");
    this.liveIndicator = page.getByTestId("live-indicator");
    this.disconnectButton = page.getByRole("button", { name: "Disconnect" });
  }

  /** Connects this browser with `token` the way the form does (POST /api/session sets the cookie). */
  async connectWith(token: string) {
    const response = await this.page.request.post("/api/session", { data: { token } });
    if (!response.ok()) throw new Error(`connecting failed: ${response.status()} ${await response.text()}`);
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
