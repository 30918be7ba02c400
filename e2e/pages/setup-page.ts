import type { Locator, Page } from "@playwright/test";

/** /setup: the owner's account on a fresh installation. */
export class SetupPage {
  readonly heading: Locator;
  readonly nameInput: Locator;
  readonly emailInput: Locator;
  readonly passwordInput: Locator;
  readonly createButton: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Create the owner account" });
    this.nameInput = page.getByLabel("Your name");
    this.emailInput = page.getByLabel("Email");
    this.passwordInput = page.getByLabel("Password");
    this.createButton = page.getByRole("button", { name: "Create owner account" });
  }

  async createOwner(p: { name: string; email: string; password: string }) {
    await this.nameInput.fill(p.name);
    await this.emailInput.fill(p.email);
    await this.passwordInput.fill(p.password);
    await this.createButton.click();
  }
}
