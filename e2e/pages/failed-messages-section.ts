import type { Locator, Page } from "@playwright/test";

/** The Failed messages section of a flow's page: the list, Retry, Retry all, Discard, Edit and retry. */
export class FailedMessagesSection {
  readonly section: Locator;
  /** newest first; each has `data-failed-id` and `data-message-id` */
  readonly rows: Locator;
  readonly empty: Locator;
  readonly retryButton: Locator;
  readonly retryAllButton: Locator;
  readonly discardButton: Locator;
  readonly fromStepSelect: Locator;
  /** "On version": the one the flow runs, or an earlier one (restored first) */
  readonly versionSelect: Locator;
  /** what the last retry or discard did ("Retried 3") */
  readonly outcome: Locator;
  readonly outcomeText: Locator;
  /** expired / unrecorded / undelivered counts, shown when not zero */
  readonly lostCounts: Locator;
  readonly editDialog: Locator;
  readonly editBody: Locator;
  readonly editBodyError: Locator;
  readonly editSubmit: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.section = page.locator("section#failed-messages");
    this.rows = this.section.getByTestId("failed-message-row");
    this.empty = this.section.getByTestId("no-failed-messages");
    this.retryButton = this.section.getByTestId("retry-selected");
    this.retryAllButton = this.section.getByTestId("retry-all");
    this.discardButton = this.section.getByTestId("discard-selected");
    this.fromStepSelect = this.section.getByLabel("Retry from");
    this.versionSelect = this.section.getByLabel("On version");
    this.outcome = this.section.getByTestId("send-outcome");
    this.outcomeText = this.section.getByTestId("send-outcome-text");
    this.lostCounts = this.section.getByTestId("lost-counts");
    this.editDialog = page.getByTestId("edit-and-retry-dialog");
    this.editBody = this.editDialog.getByLabel("Body (JSON)");
    this.editBodyError = this.editDialog.getByTestId("body-error");
    this.editSubmit = this.editDialog.getByTestId("edit-and-retry-submit");
    this.confirmDialog = page.getByTestId("confirm-dialog");
  }

  /** The row whose body preview contains `text`. */
  rowWithBody(text: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId("failed-body").filter({ hasText: text }) });
  }

  select(row: Locator): Promise<void> {
    return row.getByTestId("select-failed-message").check();
  }

  editButton(row: Locator): Locator {
    return row.getByTestId("edit-and-retry");
  }
}
