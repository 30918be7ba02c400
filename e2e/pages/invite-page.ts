import type { Locator, Page } from "@playwright/test";

/** /invite/<secret>: what the link invites to; join, or create an account. */
export class InvitePage {
  readonly heading: Locator;
  readonly workspace: Locator;
  readonly role: Locator;
  readonly invitedBy: Locator;
  readonly expires: Locator;
  readonly nameInput: Locator;
  readonly emailInput: Locator;
  readonly passwordInput: Locator;
  readonly createAccountButton: Locator;
  readonly existingAccountLink: Locator;
  readonly form: Locator;
  /** the API's reason a link cannot be used */
  readonly unusableReason: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.workspace = page.getByTestId("invitation-workspace");
    this.role = page.getByTestId("invitation-role");
    this.invitedBy = page.getByTestId("invitation-invited-by");
    this.expires = page.getByTestId("invitation-expires");
    this.form = page.getByTestId("invited-sign-up-form");
    this.nameInput = this.form.getByLabel("Your name");
    this.emailInput = this.form.getByLabel("Email");
    this.passwordInput = this.form.getByLabel("Password");
    this.createAccountButton = this.form.getByRole("button", { name: "Create account and join" });
    this.existingAccountLink = page.getByRole("link", { name: "I already have an account" });
    this.unusableReason = page.getByTestId("invitation-reason");
  }

  joinButton(workspaceName: string): Locator {
    return this.page.getByRole("button", { name: `Join ${workspaceName}` });
  }

  /** the API's error at one field of the account form */
  errorOf(field: "name" | "email" | "password"): Locator {
    return this.form.getByTestId(`${field}-error`);
  }

  async createAccount(p: { name: string; email: string; password: string }) {
    await this.nameInput.fill(p.name);
    await this.emailInput.fill(p.email);
    await this.passwordInput.fill(p.password);
    await this.createAccountButton.click();
  }
}
