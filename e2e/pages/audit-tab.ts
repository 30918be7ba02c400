import type { Locator, Page } from "@playwright/test";
import { SettingsTabs } from "./settings-tabs";

/** /settings/audit (owners): who did what, newest first, 50 at a time. */
export class AuditTab {
  readonly tabs: SettingsTabs;
  readonly rows: Locator;
  readonly loadMoreButton: Locator;

  constructor(readonly page: Page) {
    this.tabs = new SettingsTabs(page);
    this.rows = page.getByTestId("audit-row");
    this.loadMoreButton = page.getByRole("button", { name: "Load more" });
  }

  async goto() {
    await this.page.goto("/settings/audit");
  }

  /** entries of one action (as the API names it: "sign-in", "token.create", "member.role"…) */
  entries(action: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
  }
}
