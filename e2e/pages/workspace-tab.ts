import type { Locator, Page } from "@playwright/test";
import { SettingsTabs } from "./settings-tabs";

/** /settings: the workspace's name, "limited", queue limits per step, and what is kept of executions. */
export class WorkspaceTab {
  readonly tabs: SettingsTabs;
  readonly nameInput: Locator;
  readonly limitedCheckbox: Locator;
  readonly messagesInput: Locator;
  readonly megabytesInput: Locator;
  /** what is kept of executions */
  readonly retentionDaysInput: Locator;
  readonly bodyRetentionDaysInput: Locator;
  readonly rowCapInput: Locator;
  readonly saveButton: Locator;
  readonly saved: Locator;
  readonly readOnlyNote: Locator;

  constructor(readonly page: Page) {
    this.tabs = new SettingsTabs(page);
    const form = page.getByTestId("workspace-form");
    this.nameInput = form.getByLabel("Name", { exact: true });
    this.limitedCheckbox = form.getByLabel("Limited workspace");
    this.messagesInput = form.getByLabel("Messages");
    this.megabytesInput = form.getByLabel("Size (MB)");
    this.retentionDaysInput = form.getByLabel("Keep executions (days)");
    this.bodyRetentionDaysInput = form.getByLabel("Keep bodies (days)");
    this.rowCapInput = form.getByLabel("At most (executions)");
    this.saveButton = form.getByRole("button", { name: "Save" });
    this.saved = form.getByRole("status").filter({ hasText: "Saved." });
    this.readOnlyNote = form.getByTestId("read-only-note");
  }

  async goto() {
    await this.page.goto("/settings");
  }

  /** the error shown at a field, by the API's name for it ("name", "limits.messages", "executions.rowCap") */
  errorOf(field: string): Locator {
    return this.page.getByTestId(`${field}-error`);
  }
}
