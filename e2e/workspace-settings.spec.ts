import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";

test("the owner sets the workspace's queue limits and marks it limited; the API's refusals show at their fields", async ({
  page,
  platform,
  signInAsOwner,
  header,
  workspaceTab,
}) => {
  await signInAsOwner();
  await page.goto("/");
  await header.settingsLink.click();
  await expect(workspaceTab.tabs.heading).toBeVisible();
  await expect(workspaceTab.tabs.tab("Workspace")).toHaveAttribute("aria-current", "page");
  await expect(workspaceTab.nameInput).toHaveValue("Default");
  await expect(workspaceTab.messagesInput).toHaveAttribute("placeholder", "75,000 (default)");
  await expect(workspaceTab.megabytesInput).toHaveAttribute("placeholder", "200 (default)");
  await expect(workspaceTab.limitedCheckbox).toHaveAccessibleDescription(/stopped and its messages dropped, instead of suspended/);

  try {
    await workspaceTab.nameInput.fill("");
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.errorOf("name")).toHaveText("A workspace needs a name");
    await expect(workspaceTab.nameInput).toHaveAttribute("aria-invalid", "true");
    await workspaceTab.nameInput.fill("Default");

    await workspaceTab.messagesInput.fill("20000000");
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.errorOf("limits.messages")).toHaveText("At most 10000000");

    await workspaceTab.messagesInput.fill("1000");
    await workspaceTab.megabytesInput.fill("50");
    await workspaceTab.limitedCheckbox.check();
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.saved).toBeVisible();
    await page.reload();
    await expect(workspaceTab.messagesInput).toHaveValue("1000");
    await expect(workspaceTab.megabytesInput).toHaveValue("50");
    await expect(workspaceTab.limitedCheckbox).toBeChecked();
    await saveDocsScreenshot(page, platform, "settings-workspace");
  } finally {
    // back to the platform defaults, for the other specs' flows
    await workspaceTab.goto();
    await workspaceTab.nameInput.fill("Default");
    await workspaceTab.messagesInput.fill("");
    await workspaceTab.megabytesInput.fill("");
    await workspaceTab.limitedCheckbox.uncheck();
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.saved).toBeVisible();
  }
  await expect(workspaceTab.messagesInput).toHaveValue("");
  await expect(workspaceTab.limitedCheckbox).not.toBeChecked();
});

test("the owner sets how long executions and their bodies are kept and how many at most; the API's refusals show at their fields", async ({ page, signInAsOwner, workspaceTab }) => {
  await signInAsOwner();
  await workspaceTab.goto();
  await expect(workspaceTab.retentionDaysInput).toHaveAttribute("placeholder", "30 (default)");
  await expect(workspaceTab.bodyRetentionDaysInput).toHaveAttribute("placeholder", "7 (default)");
  await expect(workspaceTab.rowCapInput).toHaveAttribute("placeholder", "1,000,000 (default)");
  try {
    await workspaceTab.rowCapInput.fill("10");
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.errorOf("executions.rowCap")).toHaveText("At least 1000");
    await expect(workspaceTab.rowCapInput).toHaveAttribute("aria-invalid", "true");

    await workspaceTab.rowCapInput.fill("5000");
    await workspaceTab.retentionDaysInput.fill("10");
    await workspaceTab.bodyRetentionDaysInput.fill("20");
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.errorOf("executions.bodyRetentionDays")).toContainText("Bodies cannot be kept longer than the executions themselves");

    await workspaceTab.bodyRetentionDaysInput.fill("2");
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.saved).toBeVisible();
    await page.reload();
    await expect(workspaceTab.retentionDaysInput).toHaveValue("10");
    await expect(workspaceTab.bodyRetentionDaysInput).toHaveValue("2");
    await expect(workspaceTab.rowCapInput).toHaveValue("5000");
  } finally {
    // back to the platform defaults, for the other specs' flows
    await workspaceTab.goto();
    await workspaceTab.retentionDaysInput.fill("");
    await workspaceTab.bodyRetentionDaysInput.fill("");
    await workspaceTab.rowCapInput.fill("");
    await workspaceTab.saveButton.click();
    await expect(workspaceTab.saved).toBeVisible();
  }
  await expect(workspaceTab.rowCapInput).toHaveValue("");
});
