import path from "node:path";
import { expect, test } from "./fixtures";

test("an owner imports a flow from a file, starts and stops it with its buttons; bad files are refused with the reason", async ({
  page,
  cli,
  platform,
  signInAsOwner,
  flowsPage,
}) => {
  await signInAsOwner();
  await flowsPage.goto();
  await expect(flowsPage.heading).toBeVisible();

  const header = async () => ({ title: await flowsPage.heading.boundingBox(), button: await page.getByTestId("import-flow").boundingBox() });
  const before = await header();
  await flowsPage.importFile({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await expect(flowsPage.importResult).toHaveRole("alert");
  await expect(flowsPage.importResult).toContainText("broken.json is not a JSON file");
  // a refusal, however long, shows under the header: the title and the buttons stay where they were
  expect(await header()).toEqual(before);
  await flowsPage.importFile({ name: "empty.json", mimeType: "application/json", buffer: Buffer.from("{}") });
  await expect(flowsPage.importResult).toContainText("The flow is not valid");

  await flowsPage.importFile(path.join(platform.repoRoot, "examples/webhook-to-http.json"));
  await expect(flowsPage.importResult).toHaveText("Imported Webhook to HTTP (v1), stopped.");
  const flowId = await flowsPage.importResult.getAttribute("data-flow-id");
  if (!flowId) throw new Error("the import did not say which flow it made");
  try {
    await expect(flowsPage.stateOf(flowId)).toHaveText("Stopped (Inactive)");
    await expect(flowsPage.stopButtonOf(flowId)).toHaveCount(0);
    await flowsPage.startButtonOf(flowId).click();
    await expect(flowsPage.stateOf(flowId)).toHaveText("Running", { timeout: 60_000 });
    await expect(flowsPage.startButtonOf(flowId)).toHaveCount(0);
    await expect(flowsPage.suspendButtonOf(flowId)).toBeVisible(); // what a running flow allows: stop and suspend
    await expect(flowsPage.resumeButtonOf(flowId)).toHaveCount(0);
    await page.screenshot({ path: path.join(platform.repoRoot, "docs/screenshots/flows-owner.png"), animations: "disabled", caret: "hide" });
    await flowsPage.stopButtonOf(flowId).click();
    await expect(flowsPage.stateOf(flowId)).toHaveText("Stopped (Inactive)", { timeout: 60_000 });
    await expect(flowsPage.startButtonOf(flowId)).toBeVisible();
  } finally {
    await cli.stopFlow(flowId).catch(() => {}); // nothing left running for the next run
  }
});
