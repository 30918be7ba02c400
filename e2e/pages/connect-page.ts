import type { Locator, Page } from "@playwright/test";

/** The "Connect with your API token" form shown while the browser has no accepted session. */
export class ConnectPage {
  readonly heading: Locator;
  readonly tokenInput: Locator;
  readonly connectButton: Locator;
  /** the message shown at the token field */
  readonly fieldError: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Connect with your API token" });
    this.tokenInput = page.getByLabel("API token", { exact: true });
    this.connectButton = page.getByRole("button", { name: "Connect", exact: true });
    this.fieldError = page.getByTestId("token-error");
  }

  async goto() {
    await this.page.goto("/");
  }

  async connect(token: string) {
    await this.tokenInput.fill(token);
    await this.connectButton.click();
  }
}
