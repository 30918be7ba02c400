import type { Locator, Page } from "@playwright/test";
import type { FlowAction } from "./dashboard-page";
import { ExecutionsSection } from "./executions-section";
import { FailedMessagesSection } from "./failed-messages-section";
import { FlowVersionsSection } from "./flow-versions-section";

/** A flow's page (/flows/<id>): its state, health and why, webhook URL, steps, failed messages, executions, actions, versions and state history. */
export class FlowDetailPage {
  readonly header: Locator;
  readonly name: Locator;
  readonly state: Locator;
  readonly cause: Locator;
  readonly webhookUrl: Locator;
  readonly copyWebhookUrlButton: Locator;
  readonly viewerNote: Locator;
  readonly changeControls: Locator;
  readonly steps: Locator;
  /** the state history, newest first: each row has `data-from`, `data-to` and `data-event` */
  readonly transitions: Locator;
  readonly dashboardLink: Locator;
  readonly versions: FlowVersionsSection;
  readonly failedMessages: FailedMessagesSection;
  readonly executions: ExecutionsSection;
  /** the red "Failing" badge beside the state, and the line naming the failing steps */
  readonly failing: Locator;
  readonly failingSteps: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId("flow-header");
    this.name = this.header.getByRole("heading", { level: 1 });
    this.state = this.header.getByTestId("flow-state");
    this.cause = this.header.getByTestId("flow-cause");
    this.webhookUrl = this.header.getByTestId("flow-webhook-url");
    this.copyWebhookUrlButton = this.header.getByRole("button", { name: /^Copy webhook URL of / });
    this.viewerNote = page.getByTestId("viewer-note");
    this.changeControls = page.getByRole("button", { name: /^(Start|Stop|Suspend|Resume|Restore) / });
    this.steps = page.getByTestId("step-row");
    this.transitions = page.getByTestId("transition-row");
    this.dashboardLink = page.getByRole("link", { name: "Dashboard", exact: true }).first();
    this.versions = new FlowVersionsSection(page);
    this.failedMessages = new FailedMessagesSection(page);
    this.executions = new ExecutionsSection(page);
    this.failing = this.header.getByTestId("flow-failing");
    this.failingSteps = this.header.getByTestId("failing-steps");
  }

  /** a step's replicas line: `data-wanted` and `data-up`, and on a running flow the count to scale to */
  replicas(stepId: string): Locator {
    return this.page.locator(`[data-testid="step-replicas"][data-step-id="${stepId}"]`);
  }

  /** the Logs section: its step filter, Follow, and the lines (each with `data-step-id`) */
  get logs(): Locator {
    return this.page.getByTestId("step-logs");
  }

  async goto(flowId: string) {
    await this.page.goto(`/flows/${flowId}`);
  }

  actionButton(action: FlowAction): Locator {
    return this.header.getByRole("button", { name: new RegExp(`^${action} `) });
  }

  step(stepId: string): Locator {
    return this.page.locator(`[data-testid="step-row"][data-step-id="${stepId}"]`);
  }

  /** The history's transitions made by `event` (start, suspend, runners-stopped…), newest first. */
  transitionsBy(event: string): Locator {
    return this.page.locator(`[data-testid="transition-row"][data-event="${event}"]`);
  }

  /** The history as "from → to" lines, newest first. */
  async history(): Promise<string[]> {
    return this.transitions.evaluateAll((rows) => rows.map((row) => `${row.getAttribute("data-from")} → ${row.getAttribute("data-to")}`));
  }
}
