import path from "node:path";
import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";

test("an owner starts a second workspace from the header, lands in it, and switches back to the first", async ({
  page,
  context,
  cli,
  platform,
  signInAsOwner,
  header,
  flowsPage,
}) => {
  const flow = await cli.importFlow(path.join(platform.repoRoot, "examples/webhook-to-http.json")); // into Default
  await signInAsOwner();
  await flowsPage.goto();
  await expect(header.workspaceName).toHaveText("Default");
  await expect(flowsPage.nameOf(flow.id)).toHaveText(flow.name);

  const second = `Second ${Date.now().toString(36)}`;
  await header.createWorkspace(second);
  await expect(header.workspaceName).toHaveText(second);
  await expect(header.workspaceRole).toHaveText("Owner");
  await expect(flowsPage.emptyState).toBeVisible();
  await expect(flowsPage.row(flow.id)).toHaveCount(0);
  const remembered = (await context.cookies()).find((c) => c.name === "interflow_workspace");
  expect(remembered).toMatchObject({ path: "/", sameSite: "Lax", secure: false, httpOnly: false });
  expect(remembered?.expires).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);

  // The menu lists both, with the role in each; the keyboard works it too.
  await header.workspaceSwitcher.click();
  await expect(header.workspaceOption("Default")).toContainText("Owner");
  await expect(header.workspaceOption(second)).toHaveAttribute("aria-checked", "true");
  await expect(header.workspaceOption(second)).toBeFocused();
  await saveDocsScreenshot(page, platform, "workspace-switcher");
  await page.keyboard.press("Escape");
  await expect(header.workspaceMenu).toBeHidden();
  await expect(header.workspaceSwitcher).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(header.workspaceOption(second)).toBeFocused();
  await focusByArrows(header.workspaceOption("Default"));
  await page.keyboard.press("Enter");
  await expect(header.workspaceName).toHaveText("Default");
  await expect(flowsPage.nameOf(flow.id)).toHaveText(flow.name);
  await expect(flowsPage.emptyState).toBeHidden();

  // remembered in this browser
  await page.reload();
  await expect(header.workspaceName).toHaveText("Default");
  await expect(flowsPage.nameOf(flow.id)).toHaveText(flow.name);

  // and back to the new one with the mouse
  await header.switchTo(second);
  await expect(header.workspaceName).toHaveText(second);
  await expect(flowsPage.emptyState).toBeVisible();

  /** ArrowDown until `target` has the focus (the menu wraps around). */
  async function focusByArrows(target: Locator) {
    for (let i = 0; i < 10; i++) {
      if (await target.evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press("ArrowDown");
    }
    throw new Error("the arrow keys never reached the menu item");
  }
});
