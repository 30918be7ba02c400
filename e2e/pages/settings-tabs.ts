import type { Locator, Page } from "@playwright/test";

export type SettingsTabName = "Workspace" | "Members" | "API tokens" | "Audit";

/** The tabs every settings page shows (Audit for owners only). */
export class SettingsTabs {
  readonly heading: Locator;
  readonly nav: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { name: "Settings", level: 1 });
    this.nav = page.getByRole("navigation", { name: "Settings" });
  }

  tab(name: SettingsTabName): Locator {
    return this.nav.getByRole("link", { name, exact: true });
  }
}
