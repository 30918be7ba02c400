import type { Locator, Page } from "@playwright/test";

/** Settings → Credentials, and the credential wizard. */
export class CredentialsTab {
  readonly newButton: Locator;
  readonly rows: Locator;
  readonly wizard: Locator;
  readonly nameInput: Locator;
  readonly verifyButton: Locator;
  readonly saveButton: Locator;
  readonly verified: Locator;
  readonly formError: Locator;

  constructor(readonly page: Page) {
    this.newButton = page.getByTestId("new-credential");
    this.rows = page.getByTestId("credential-row");
    this.wizard = page.getByTestId("credential-wizard");
    this.nameInput = this.wizard.getByLabel("Name", { exact: true });
    this.verifyButton = this.wizard.getByTestId("credential-verify");
    this.saveButton = this.wizard.getByTestId("credential-save");
    this.verified = this.wizard.getByTestId("credential-verified");
    this.formError = this.wizard.getByTestId("credential-form-error");
  }

  async goto() {
    await this.page.goto("/settings/credentials");
  }

  /** A field of the wizard's form by the start of its label (a required one's label goes on with "*"). */
  field(label: string): Locator {
    return this.wizard.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`));
  }

  /** The message shown at a field of the form (by its key). */
  fieldError(key: string): Locator {
    return this.wizard.getByTestId(`field-error-${key}`);
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByTestId("credential-name").getByText(name, { exact: true }) });
  }
}
