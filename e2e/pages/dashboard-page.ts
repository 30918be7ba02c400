import type { Locator, Page } from "@playwright/test";

export type FlowAction = "Start" | "Stop" | "Suspend" | "Resume";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The dashboard (/dashboard): every flow of the workspace, live, with its state, queues, messages and actions. */
export class DashboardPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly emptyState: Locator;
  readonly filteredEmptyState: Locator;
  readonly liveIndicator: Locator;
  /** what a viewer sees instead of the action buttons */
  readonly viewerNote: Locator;
  /** the toggle buttons that show flows by state */
  readonly stateFilter: Locator;
  /** every control that changes a flow: each row's start, stop, suspend and resume */
  readonly changeControls: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Dashboard", exact: true, level: 1 });
    this.table = page.getByTestId("dashboard-table");
    this.emptyState = page.getByTestId("dashboard-empty");
    this.filteredEmptyState = page.getByTestId("dashboard-filtered-empty");
    this.liveIndicator = page.getByTestId("live-indicator");
    this.viewerNote = page.getByTestId("viewer-note");
    this.stateFilter = page.getByRole("group", { name: "Show flows by state" });
    this.changeControls = page.getByRole("button", { name: /^(Start|Stop|Suspend|Resume) / });
  }

  async goto(query = "") {
    await this.page.goto(`/dashboard${query}`);
  }

  row(flowId: string): Locator {
    return this.page.locator(`[data-testid="dashboard-row"][data-flow-id="${flowId}"]`);
  }

  stateOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-state");
  }

  timeInStateOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-time-in-state");
  }

  causeOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-cause");
  }

  /** The row's link to the flow's page. */
  linkTo(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-name");
  }

  actionButton(flowId: string, action: FlowAction): Locator {
    return this.row(flowId).getByRole("button", { name: new RegExp(`^${action} `) });
  }

  actionError(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-action-error");
  }

  processed(flowId: string, window: "minute" | "hour"): Locator {
    return this.row(flowId).getByTestId(`processed-last-${window}`);
  }

  retried(flowId: string, window: "minute" | "hour"): Locator {
    return this.row(flowId).getByTestId(`retried-last-${window}`);
  }

  /** The red "Failing" badge beside the state of a running flow whose tries keep failing. */
  failingOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("flow-failing");
  }

  /** The line naming the failing steps. */
  failingStepsOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("failing-steps");
  }

  /** "3 failed messages", linking to the flow page's Failed messages. */
  failedMessagesLinkOf(flowId: string): Locator {
    return this.row(flowId).getByTestId("failed-messages-link");
  }

  errored(flowId: string, window: "minute" | "hour"): Locator {
    return this.row(flowId).getByTestId(`errored-last-${window}`);
  }

  /** One step's queue in a row: its `queue-messages` and `queue-bytes` bars (their `data-value` is the number). */
  stepQueue(flowId: string, stepId: string): Locator {
    return this.row(flowId).locator(`[data-testid="step-queue"][data-step-id="${stepId}"]`);
  }

  /** The filter's toggle button of a state ("Running", "Stopped (Inactive)") or "All". */
  filterButton(label: string): Locator {
    return this.stateFilter.getByRole("button", { name: new RegExp(`^${escapeRegExp(label)} \\d+ flows?$`) });
  }

  /**
   * Starts noting each state the row's badge shows, in order, as the page changes it (a
   * MutationObserver in the page: nothing is missed between two assertions). The returned
   * function reads what was seen; it would be gone after a reload.
   */
  async watchStates(flowId: string): Promise<() => Promise<string[]>> {
    const key = `e2eStates-${flowId}-${Date.now()}`;
    await this.page.evaluate(
      ({ flowId, key }) => {
        const seen: string[] = [];
        (window as unknown as Record<string, string[]>)[key] = seen;
        const read = () => {
          const badge = document.querySelector(`[data-testid="dashboard-row"][data-flow-id="${flowId}"] [data-testid="flow-state"]`);
          const state = badge?.getAttribute("data-state");
          if (state && seen.at(-1) !== state) seen.push(state);
        };
        read();
        new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
      },
      { flowId, key },
    );
    return () => this.page.evaluate((key) => (window as unknown as Record<string, string[] | undefined>)[key] ?? ["(page reloaded)"], key);
  }
}
