import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import type { E2EPlatform } from "./platform";

/** Saves a screenshot of the page for the docs (docs/screenshots/<name>.png). */
export async function saveDocsScreenshot(page: Page, platform: E2EPlatform, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({
    path: path.join(platform.repoRoot, "docs/screenshots", `${name}.png`),
    fullPage: opts.fullPage ?? true,
    animations: "disabled",
    caret: "hide",
  });
}

/** Saves a screenshot of one part of a page for the docs (docs/screenshots/<name>.png). */
export async function saveDocsElementScreenshot(locator: Locator, platform: E2EPlatform, name: string): Promise<void> {
  await locator.screenshot({ path: path.join(platform.repoRoot, "docs/screenshots", `${name}.png`), animations: "disabled", caret: "hide" });
}
