import type { Locator, Page } from "@playwright/test";

/** The Executions section of a flow's page: filters, the table (newest first), paging. */
export class ExecutionsSection {
  readonly section: Locator;
  /** each has `data-execution-id` and `data-status` */
  readonly rows: Locator;
  readonly statusFilter: Locator;
  readonly stepFilter: Locator;
  readonly messageIdInput: Locator;
  readonly findButton: Locator;
  readonly olderButton: Locator;
  readonly newerButton: Locator;
  readonly range: Locator;

  constructor(readonly page: Page) {
    this.section = page.locator("section#executions");
    this.rows = this.section.getByTestId("execution-row");
    this.statusFilter = this.section.getByLabel("Status");
    this.stepFilter = this.section.getByLabel("Reached step");
    this.messageIdInput = this.section.getByRole("textbox", { name: "Message id" });
    this.findButton = this.section.getByRole("button", { name: "Find" });
    this.olderButton = this.section.getByRole("button", { name: "Older" });
    this.newerButton = this.section.getByRole("button", { name: "Newer" });
    this.range = this.section.getByTestId("executions-pager-range");
  }

  /** Shows only the execution of a message (the id a webhook's 202 named, or any message of it). */
  async findByMessageId(messageId: string): Promise<void> {
    await this.messageIdInput.fill(messageId);
    await this.findButton.click();
  }

  row(executionId: string): Locator {
    return this.section.locator(`[data-testid="execution-row"][data-execution-id="${executionId}"]`);
  }

  /** The row's link to its execution's page. */
  link(row: Locator): Locator {
    return row.getByTestId("execution-link");
  }
}
