import type { Locator, Page } from "@playwright/test";

/** An execution's page (/flows/<id>/executions/<executionId>): its summary and each step record, grouped by message. */
export class ExecutionPage {
  readonly summary: Locator;
  readonly status: Locator;
  readonly messageId: Locator;
  readonly replayOf: Locator;
  readonly flowLink: Locator;
  readonly backLink: Locator;
  /** every try, in order; each has `data-step-id`, `data-attempt` and `data-status` */
  readonly records: Locator;

  constructor(readonly page: Page) {
    this.summary = page.getByTestId("execution-summary");
    this.status = this.summary.getByTestId("execution-status");
    this.messageId = this.summary.getByTestId("execution-message-id");
    this.replayOf = this.summary.getByTestId("execution-replay-of");
    this.flowLink = this.summary.getByTestId("execution-flow");
    this.backLink = page.getByTestId("back-to-flow");
    this.records = page.getByTestId("step-record");
  }

  /** A step's tries, in order. */
  recordsOf(stepId: string): Locator {
    return this.page.locator(`[data-testid="step-record"][data-step-id="${stepId}"]`);
  }

  /** An entry of a record's input or output tree, by its key ("total"): its text is `key: value`. */
  entry(record: Locator, part: "input" | "output" | "headers", key: string): Locator {
    return record.getByTestId(`record-${part}`).locator(`[data-key="${key}"]`);
  }
}
