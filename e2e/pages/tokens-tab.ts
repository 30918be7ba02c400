import type { Locator, Page } from "@playwright/test";
import { SettingsTabs } from "./settings-tabs";

/** /settings/tokens: create an API token (shown once), list and revoke them. */
export class TokensTab {
  readonly tabs: SettingsTabs;
  readonly nameInput: Locator;
  readonly expirySelect: Locator;
  readonly createButton: Locator;
  /** the token, shown once after creating it */
  readonly tokenValue: Locator;
  readonly usage: Locator;
  readonly created: Locator;
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.tabs = new SettingsTabs(page);
    const form = page.getByTestId("create-token-form");
    this.nameInput = form.getByLabel("Token name");
    this.expirySelect = form.getByLabel("Expires");
    this.createButton = form.getByRole("button", { name: "Create token" });
    this.tokenValue = page.getByTestId("token-value");
    this.usage = page.getByTestId("token-usage");
    this.created = page.getByTestId("token-created");
    this.confirmDialog = page.getByRole("dialog"); // only the open one: a closed <dialog> is hidden
  }

  async goto() {
    await this.page.goto("/settings/tokens");
  }

  /** Creates a token; returns it (it is shown only now). */
  async create(p: { name: string; expires: "30 days" | "90 days" | "365 days" | "Never expires" }): Promise<string> {
    await this.nameInput.fill(p.name);
    await this.expirySelect.selectOption({ label: p.expires });
    await this.createButton.click();
    const token = await this.tokenValue.inputValue();
    if (!token) throw new Error("no token was shown");
    return token;
  }

  row(name: string): Locator {
    return this.page.getByTestId("token-row").filter({ has: this.page.getByTestId("token-name").getByText(name, { exact: true }) });
  }

  stateOf(name: string): Locator {
    return this.row(name).getByTestId("token-state");
  }

  /** Revoke, then confirm in the dialog. */
  async revoke(name: string) {
    await this.row(name).getByRole("button", { name: `Revoke ${name}` }).click();
    await this.confirmDialog.getByRole("button", { name: "Revoke token" }).click();
  }
}
