import path from "node:path";
import { expect, test } from "./fixtures";
import { OWNER } from "./support/owner";

test("shows a flow imported and started with the CLI, live, until it is stopped", async ({
  page,
  flowsPage,
  signInPage,
  cli,
  platform,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInPage.goto();
  await signInPage.signIn(OWNER);
  await expect(flowsPage.heading).toBeVisible();
  // Everything below must happen without a reload: this mark would be gone after one.
  await page.evaluate(() => {
    document.documentElement.dataset.e2eSameDocument = "yes";
  });

  const flow = await cli.importFlow(path.join(platform.repoRoot, "examples/webhook-to-http.json"));
  try {
    const webhookUrl = `${platform.gatewayUrl}/hook/${flow.id}`;
    await expect(flowsPage.nameOf(flow.id)).toHaveText(flow.name);
    await expect(flowsPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)");
    await expect(flowsPage.versionOf(flow.id)).toHaveText(`v${flow.version}`);
    await expect(flowsPage.webhookUrlOf(flow.id)).toHaveText(webhookUrl);

    const started = cli.startFlow(flow.id);
    started.catch(() => {}); // awaited below; a failure is reported there
    await expect(flowsPage.stateOf(flow.id)).toHaveText("Running", { timeout: 60_000 });
    await started;
    await expect(flowsPage.stateOf(flow.id)).toHaveAttribute("data-state", "running");
    await expect(flowsPage.timeInStateOf(flow.id)).toHaveText(/^for \d+ s$/);

    await flowsPage.copyWebhookUrlButton(flow.id).click();
    await expect(flowsPage.copyWebhookUrlButton(flow.id)).toContainText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(webhookUrl);

    await page.screenshot({ path: path.join(platform.repoRoot, "test-results/flows-page.png"), fullPage: true });

    await cli.stopFlow(flow.id);
    await expect(flowsPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)", { timeout: 60_000 });
    await expect(page.locator("html")).toHaveAttribute("data-e2e-same-document", "yes");
  } finally {
    // leave nothing running for the next run (the worker would restart it on boot)
    await cli.stopFlow(flow.id).catch(() => {});
  }
});
