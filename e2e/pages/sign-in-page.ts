import type { Locator, Page } from "@playwright/test";

/** /sign-in */
export class SignInPage {
  readonly heading: Locator;
  readonly emailInput: Locator;
  readonly passwordInput: Locator;
  readonly signInButton: Locator;
  /** the message shown at the password field */
  readonly passwordError: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Sign in to Interflow" });
    this.emailInput = page.getByLabel("Email");
    this.passwordInput = page.getByLabel("Password");
    this.signInButton = page.getByRole("button", { name: "Sign in", exact: true });
    this.passwordError = page.getByTestId("password-error");
  }

  async goto() {
    await this.page.goto("/sign-in");
  }

  async signIn(p: { email: string; password: string }) {
    await this.emailInput.fill(p.email);
    await this.passwordInput.fill(p.password);
    await this.signInButton.click();
  }
}
