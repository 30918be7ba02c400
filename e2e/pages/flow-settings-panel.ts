import { expect, type Locator, type Page } from "@playwright/test";

/** The designer's Flow settings (toolbar → "Flow settings"): what is kept of executions, the error flow, idle period, queue limits. */
export class FlowSettingsPanel {
  readonly button: Locator;
  readonly panel: Locator;
  /** the settings under the panel's header (it scrolls) */
  readonly body: Locator;
  /** the red dot on the toolbar button: a setting has a problem */
  readonly faulty: Locator;
  readonly errorFlow: Locator;
  readonly idlePeriod: Locator;
  readonly queueMessages: Locator;
  readonly queueSize: Locator;

  constructor(readonly page: Page) {
    this.button = page.getByTestId("flow-settings-button");
    this.panel = page.getByTestId("flow-settings");
    this.body = page.getByTestId("flow-settings-body");
    this.faulty = page.getByTestId("flow-settings-faulty");
    this.errorFlow = this.panel.getByLabel("Error flow", { exact: true });
    this.idlePeriod = this.panel.getByLabel("Idle period (seconds)", { exact: true });
    this.queueMessages = this.panel.getByLabel("Messages", { exact: true });
    this.queueSize = this.panel.getByLabel("Size (MB)", { exact: true });
  }

  async open() {
    if (!(await this.panel.isVisible())) await this.button.click();
    await expect(this.panel).toBeVisible();
  }

  /** A choice of Keep executions, by its label ("Only executions with a failure"). */
  keepExecutions(label: string): Locator {
    return this.panel.getByTestId("field-executions").getByRole("radio", { name: label });
  }

  /** The message at a setting's field (`idleSeconds`, `errorFlowId`, `limits.bytes`, `executions`). */
  error(key: string): Locator {
    return this.panel.getByTestId(`field-error-${key}`);
  }

  /** Types a number into a field and applies it (Enter). */
  async type(field: Locator, value: string) {
    await field.fill(value);
    await field.press("Enter");
  }
}
