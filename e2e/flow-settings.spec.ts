import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { callApi } from "./support/api";
import { EXAMPLE } from "./support/example-flow";
import { saveDocsScreenshot } from "./support/screenshots";

/** The example flow (webhook → transform → http) under another name, as a file to import. */
function exampleNamed(repoRoot: string, name: string, file: string): string {
  const document = JSON.parse(readFileSync(path.join(repoRoot, EXAMPLE), "utf8"));
  writeFileSync(file, JSON.stringify({ ...document, name }));
  return file;
}

test("a person keeps only the bodies of failed executions and names an error flow in the flow's settings, publishes them; the flow itself is not offered, an invalid idle period is said at its field", async ({
  page,
  cli,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage,
}, testInfo) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  const flow = await cli.importFlow(exampleNamed(platform.repoRoot, `Orders ${tag}`, testInfo.outputPath("orders.json")));
  const errorFlow = await cli.importFlow(exampleNamed(platform.repoRoot, `Failed orders ${tag}`, testInfo.outputPath("failed-orders.json")));
  const settings = designer.flowSettings;
  try {
    await signInAsOwner();
    await page.goto(`/flows/${flow.id}/designer`);
    await expect(designer.step("deliver")).toBeVisible();

    // From the toolbar, where a step's panel goes; a step selected takes its place again.
    await settings.open();
    await expect(settings.button).toHaveAttribute("aria-pressed", "true");
    await expect(settings.keepExecutions("All steps' input and output")).toBeChecked();
    await expect(settings.panel).toContainText("Failed messages are always kept");
    await expect(settings.errorFlow).toHaveValue("");
    await expect(settings.panel).toContainText(
      "Each failed message of this flow is sent to that flow as a webhook message with the flow, step, error, a link to the execution and the body.",
    );
    await designer.openStep("transform");
    await expect(settings.panel).toBeHidden();
    await settings.open();
    await expect(designer.panel).toBeHidden();

    // The error flow: the workspace's other flows; never the flow itself.
    await expect(settings.errorFlow.locator(`option[value="${errorFlow.id}"]`)).toHaveText(errorFlow.name);
    await expect(settings.errorFlow.locator(`option[value="${flow.id}"]`)).toHaveCount(0);
    await expect(settings.errorFlow.getByRole("option", { name: errorFlow.name, exact: true })).toHaveCount(1);
    await expect(settings.errorFlow.getByRole("option", { name: flow.name, exact: true })).toHaveCount(0);

    await settings.keepExecutions("Only executions with a failure").check();
    await settings.errorFlow.selectOption(errorFlow.id);
    await designer.saved();
    await expect(designer.version).toHaveText("draft of version 1");

    // Undone and redone like any edit.
    await designer.undoButton.click();
    await expect(settings.errorFlow).toHaveValue("");
    await expect(settings.keepExecutions("Only executions with a failure")).toBeChecked();
    await designer.redoButton.click();
    await expect(settings.errorFlow).toHaveValue(errorFlow.id);

    // An idle period under 10 seconds is refused at its field and not kept; a good one is.
    await settings.type(settings.idlePeriod, "5");
    await expect(settings.error("idleSeconds")).toHaveText("Must be at least 10");
    await expect(settings.idlePeriod).toHaveAttribute("aria-invalid", "true");
    await settings.panel.screenshot({ path: testInfo.outputPath("idle-period-refused.png") });
    await expect(designer.saveStatus).toHaveAttribute("data-state", "saved");
    await settings.type(settings.idlePeriod, "600");
    await expect(settings.error("idleSeconds")).toBeHidden();
    await expect(settings.idlePeriod).not.toHaveAttribute("aria-invalid", "true");
    await settings.type(settings.queueMessages, "5000");
    await designer.saved();
    await expect(designer.problemsButton).toBeHidden();
    // the whole panel in view, from its top, no field focused
    await page.setViewportSize({ width: 1280, height: 1000 });
    await settings.panel.getByRole("heading", { name: "Flow settings" }).click();
    await settings.body.evaluate((body) => body.scrollTo(0, 0));
    await designer.canvasSettled();
    await saveDocsScreenshot(page, platform, "designer-flow-settings", { fullPage: false });

    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await expect(designer.version).toHaveText("version 2");
    const published = await cli.exportFlow(flow.id);
    expect(published.settings).toEqual({ executions: "errors", errorFlowId: errorFlow.id, idleSeconds: 600, limits: { messages: 5000 } });

    // The flow's page says what changed.
    await flowDetailPage.goto(flow.id);
    await flowDetailPage.versions.compare(1, 2);
    await expect(flowDetailPage.versions.diffLines).toContainText([
      "Keep executions from the default to only bodies of failed executions",
      `Error flow from none to flow ${errorFlow.id}`,
    ]);

    // A draft naming the flow itself (saved through the API): the server's issue is shown at the field, publishing waits.
    const draft = await callApi<{ document: Record<string, unknown> & { settings: Record<string, unknown> } }>(page.request, "flows.draft", { id: flow.id }, "query");
    await callApi(page.request, "flows.saveDraft", { id: flow.id, document: { ...draft.document, settings: { ...draft.document.settings, errorFlowId: flow.id } }, baseVersion: 2 });
    await page.goto(`/flows/${flow.id}/designer`);
    await expect(designer.step("deliver")).toBeVisible();
    await expect(settings.faulty).toBeVisible();
    await expect(designer.problemsButton).toHaveText("1 problem");
    await expect(designer.publishButton).toBeDisabled();
    await designer.problemsButton.click();
    await expect(designer.problemList).toContainText("Flow settings · Error flow: a flow cannot be its own error flow");
    await designer.problemList.getByRole("button").first().click();
    await expect(settings.panel).toBeVisible();
    await expect(settings.error("errorFlowId")).toHaveText("A flow cannot be its own error flow; name another flow of the workspace");
    await expect(settings.errorFlow.locator("option:checked")).toHaveText("This flow itself");
    await page.screenshot({ path: testInfo.outputPath("error-flow-issue.png") });
    await settings.errorFlow.selectOption(errorFlow.id);
    await designer.saved();
    await expect(settings.error("errorFlowId")).toBeHidden();
    await expect(settings.faulty).toBeHidden();
    await expect(designer.problemsButton).toBeHidden();
  } finally {
    for (const id of [flow.id, errorFlow.id]) await callApi(page.request, "flows.delete", { id }).catch(() => {});
  }
});
