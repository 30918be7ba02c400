import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

test("a person gives a step two replicas in the designer, scales it to three on the flow's page while it runs, and reads what the runners wrote", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage: detail,
}) => {
  test.setTimeout(180_000);
  const api = await new Sink().start();
  const name = `Scaled ${Date.now().toString(36)}`;
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(name);
    await designer.addAfter("webhook", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${api.url}/orders`);

    // Replicas and limits: a value out of range is refused at the field, a good one kept
    const runtime = designer.panel.getByTestId("runtime-settings");
    await runtime.getByText("Replicas and limits").click();
    await runtime.getByLabel("Replicas", { exact: true }).fill("12");
    await runtime.getByLabel("Replicas", { exact: true }).press("Enter");
    await expect(runtime.getByTestId("field-error-replicas")).toHaveText("A whole number from 1 to 10, or empty for the default");
    await runtime.getByLabel("Replicas", { exact: true }).fill("2");
    await runtime.getByLabel("Replicas", { exact: true }).press("Enter");
    await expect(runtime.getByTestId("field-error-replicas")).toBeHidden();
    await runtime.getByLabel("Memory per replica (MiB)").fill("192");
    await runtime.getByLabel("Memory per replica (MiB)").press("Tab");
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const flowId = new URL(page.url()).pathname.split("/")[2] ?? "";

    // the flow's page: two replicas up; scaled to three while it runs
    await detail.goto(flowId);
    await expect(detail.replicas("http")).toHaveAttribute("data-up", "2", LIVE);
    await expect(detail.replicas("http")).toContainText("2 of 2 replicas up");
    await expect(detail.replicas("webhook")).toContainText("1 of 1 replica up");
    await detail.replicas("http").getByLabel("Replicas of http").fill("3");
    await detail.replicas("http").getByRole("button", { name: "Scale" }).click();
    await expect(detail.replicas("http")).toHaveAttribute("data-up", "3", LIVE);
    await expect(detail.replicas("http")).toContainText("3 of 3 replicas up (scaled)");

    // messages spread over the replicas; the Logs section shows what each wrote
    for (let i = 0; i < 30; i++) {
      expect((await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: i }) })).status).toBe(202);
    }
    await expect.poll(() => api.deliveries.length, LIVE).toBe(30);
    await detail.logs.getByLabel("Step").selectOption("http");
    const lines = detail.logs.getByTestId("step-log-lines");
    await expect(lines).toContainText("http.2", LIVE);
    await expect(lines).toContainText("step runner consuming");
    await expect(lines.locator("[data-step-id]").first()).toHaveAttribute("data-step-id", "http");
    await detail.replicas("http").scrollIntoViewIfNeeded();
    await saveDocsScreenshot(page, platform, "flow-detail-replicas", { fullPage: false });
    await detail.logs.scrollIntoViewIfNeeded();
    await saveDocsScreenshot(page, platform, "flow-detail-logs", { fullPage: false });

    await detail.actionButton("Stop").click();
    await expect(detail.state).toHaveText(/Stopped/, LIVE);
    // stopped: back to the document's count
    await expect(detail.replicas("http")).toHaveAttribute("data-wanted", "2", LIVE);
  } finally {
    await api.close();
  }
});
