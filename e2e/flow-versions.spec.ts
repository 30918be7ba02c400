import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { callApi } from "./support/api";
import { OWNER } from "./support/owner";
import { saveDocsScreenshot } from "./support/screenshots";

const EXAMPLE = "examples/webhook-to-http.json";
/** The worker moves flows (and the lead's benchmarks may share the machine): states get this long to arrive. */
const LIVE = { timeout: 30_000 };
/**
 * The author of what the CLI does: the installation's admin token (no person behind it), named
 * "admin", or "admin (<time>)" when a new data directory meets an existing database.
 */
const CLI_AUTHOR = /^token 'admin( \([^)]+\))?'$/;

test("an owner renames a flow, compares and restores its versions, duplicates, deletes and exports it", async ({
  page,
  cli,
  platform,
  signInAsOwner,
  flowsPage,
  flowDetailPage,
}) => {
  test.setTimeout(180_000);
  const flow = await cli.importFlow(path.join(platform.repoRoot, EXAMPLE));
  const newName = `Orders to CRM ${Date.now().toString(36)}`;
  const copyName = `Copy of ${flow.name}`;
  let copyId: string | null = null;
  try {
    await signInAsOwner();
    await flowsPage.goto();
    await expect(flowsPage.versionOf(flow.id)).toHaveText("v1");

    // Rename, with the keyboard: the menu opens on its first item; an empty name is refused at the field.
    await flowsPage.menuButtonOf(flow.id).focus();
    await page.keyboard.press("Enter");
    await expect(flowsPage.menuItem("Rename…")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(flowsPage.renameNameInput).toBeFocused();
    await expect(flowsPage.renameNameInput).toHaveValue(flow.name);
    await flowsPage.renameNameInput.fill("");
    await page.keyboard.press("Enter");
    await expect(flowsPage.renameError).toHaveText("A flow needs a name");
    await expect(flowsPage.renameNameInput).toHaveAttribute("aria-invalid", "true");
    await expect(flowsPage.nameOf(flow.id)).toHaveText(flow.name);
    await flowsPage.renameNameInput.fill(newName);
    await expect(flowsPage.renameError).toBeHidden(); // typing clears the error
    await page.keyboard.press("Enter");
    await expect(flowsPage.dialog).toBeHidden();
    await expect(flowsPage.menuButtonOf(flow.id)).toBeFocused(); // the focus goes back where it was
    await expect(flowsPage.nameOf(flow.id)).toHaveText(newName);
    await expect(flowsPage.versionOf(flow.id)).toHaveText("v2");
    await expect(flowsPage.notice).toHaveText(`Renamed “${flow.name}” to “${newName}” (version 2).`);

    // The flow's page: two versions, who made them, and what changed (the name).
    await flowsPage.nameOf(flow.id).click();
    await expect(flowDetailPage.name).toHaveText(newName);
    const versions = flowDetailPage.versions;
    await expect(versions.numbers).toHaveText(["v2", "v1"]);
    await expect(versions.currentBadgeOf(2)).toHaveText("Current");
    await expect(versions.currentBadgeOf(1)).toHaveCount(0);
    await expect(versions.authorOf(2)).toHaveText(OWNER.email);
    await expect(versions.authorOf(1)).toHaveText(CLI_AUTHOR);
    await expect(versions.restoreButton(2)).toHaveCount(0); // the current one is not restored
    await expect(versions.fromSelect).toHaveValue("1"); // the newest two are compared at first
    await expect(versions.toSelect).toHaveValue("2");
    await versions.compare(2, 1);
    await expect(versions.diffLines).toHaveText([`Renamed from “${newName}” to “${flow.name}”`]);
    await versions.compare(1, 2);
    await expect(versions.diffLines).toHaveText([`Renamed from “${flow.name}” to “${newName}”`]);

    // Restore version 1: it becomes version 3, the current one, with the old name.
    await versions.restoreButton(1).click();
    await expect(versions.confirmDialog).toContainText("Make version 1 current again? It becomes version 3.");
    await versions.confirmDialog.getByRole("button", { name: "Restore version 1" }).click();
    await expect(versions.confirmDialog).toBeHidden();
    await expect(versions.restoreResult).toHaveText("Version 1 restored: it is now version 3, the current one.");
    await expect(versions.numbers).toHaveText(["v3", "v2", "v1"]);
    await expect(versions.row(3)).toHaveAttribute("data-current", "true");
    await expect(versions.currentBadgeOf(2)).toHaveCount(0);
    await expect(versions.authorOf(3)).toHaveText(OWNER.email);
    await expect(versions.restoreButton(2)).toBeVisible();
    await expect(flowDetailPage.name).toHaveText(flow.name);
    await expect(flowDetailPage.header).toContainText("version 3");
    // what the restore changed is shown at once; version 1 and 3 are the same flow
    await expect(versions.fromSelect).toHaveValue("2");
    await expect(versions.toSelect).toHaveValue("3");
    await expect(versions.diffLines).toHaveText([`Renamed from “${newName}” to “${flow.name}”`]);
    await saveDocsScreenshot(page, platform, "flow-versions");
    await versions.compare(1, 3);
    await expect(versions.diffSame).toHaveText("No changes.");
    await expect(versions.diffLines).toHaveCount(0);

    // Duplicate: a stopped copy, marked in the list; delete it after a confirmation naming it.
    await flowsPage.goto();
    copyId = await flowsPage.duplicate(flow.id);
    await expect(flowsPage.notice).toHaveText(`Duplicated “${flow.name}” as “${copyName}”, stopped.`);
    await expect(flowsPage.nameOf(copyId)).toHaveText(copyName);
    await expect(flowsPage.stateOf(copyId)).toHaveText("Stopped (Inactive)");
    await expect(flowsPage.versionOf(copyId)).toHaveText("v1");
    await expect(flowsPage.row(copyId)).toHaveAttribute("data-marked", "true");
    await flowsPage.openMenu(copyId);
    await flowsPage.menuItem("Delete…").click();
    await expect(flowsPage.dialog.getByRole("heading")).toHaveText(`Delete “${copyName}”?`);
    await flowsPage.dialog.getByRole("button", { name: "Delete flow" }).click();
    await expect(flowsPage.row(copyId)).toHaveCount(0);
    await expect(flowsPage.notice).toHaveText(`Deleted “${copyName}”.`);
    copyId = null;

    // Export: the current version as <name>.json.
    const download = await flowsPage.exportFlow(flow.id);
    expect(download.suggestedFilename()).toBe(`${flow.name}.json`);
    const document = JSON.parse(readFileSync(await download.path(), "utf8"));
    expect(document.name).toBe(flow.name);
    expect(document.nodes.map((node: { id: string }) => node.id)).toEqual(["webhook", "transform", "deliver"]);

    // A running flow cannot be deleted: Delete is there, disabled, saying why; choosing it does nothing.
    await cli.startFlow(flow.id);
    await expect(flowsPage.stateOf(flow.id)).toHaveText("Running", LIVE);
    expect(await flowsPage.tableFitsWidth()).toBe(true); // Stop, Suspend and the menu too, at 1280 pixels
    await flowsPage.openMenu(flow.id);
    await expect(flowsPage.menuItem("Delete…")).toBeDisabled();
    await expect(flowsPage.menuItem("Delete…")).toHaveAttribute("title", "Only a stopped flow can be deleted: stop it first");
    await expect(flowsPage.menuItem("Delete…")).toHaveAccessibleDescription("Only a stopped flow can be deleted: stop it first");
    await page.screenshot({ path: path.join(platform.repoRoot, "test-results/flow-menu.png") });
    await page.keyboard.press("End");
    await expect(flowsPage.menuItem("Delete…")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(flowsPage.dialog).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toBeHidden();
    await expect(flowsPage.menuButtonOf(flow.id)).toBeFocused();
    await cli.stopFlow(flow.id);
    await expect(flowsPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)", LIVE);
    await flowsPage.openMenu(flow.id);
    await expect(flowsPage.menuItem("Delete…")).toBeEnabled();
  } finally {
    await cli.stopFlow(flow.id).catch(() => {}); // nothing left running for the next run
    if (copyId) await callApi(page.request, "flows.delete", { id: copyId }).catch(() => {});
  }
});
