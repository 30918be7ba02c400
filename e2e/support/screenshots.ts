import path from "node:path";
import type { Page } from "@playwright/test";
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
