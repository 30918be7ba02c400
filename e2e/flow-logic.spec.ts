import { expect, test } from "./fixtures";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { saveDocsElementScreenshot, saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

/** The worker moves flows and runners start: states and counts get this long to arrive. */
const LIVE = { timeout: 45_000 };

test("conditions on connections: set on the canvas with a verdict on the sample, published, and each order goes where its condition says", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage,
}) => {
  test.setTimeout(240_000);
  const big = await new Sink().start();
  const eu = await new Sink().start();
  const rest = await new Sink().start();
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(`Order routing ${Date.now().toString(36)}`);
    // three deliveries after the webhook
    for (const [id, sink] of [
      ["http", big],
      ["http_2", eu],
      ["http_3", rest],
    ] as const) {
      await designer.step("webhook").click();
      await designer.addAfter("webhook", "request", id);
      await designer.openStep(id, "settings");
      await designer.field("url").getByRole("textbox").fill(sink.url);
    }
    await designer.closePanel();
    await designer.openStep("webhook", "sample");
    await designer.panel.getByTestId("type-sample").click();
    await designer.panel.getByTestId("typed-sample").fill('{ "id": 1, "total": 1500, "country": "DE" }');
    await designer.panel.getByTestId("save-typed-sample").click();
    await designer.closePanel();

    // Each connection of a step with several offers a condition; its panel says what the sample does.
    await designer.page.getByTestId("connection-label-webhook->http").click();
    const panel = page.getByTestId("connection-panel");
    await expect(panel).toContainText("webhook → http");
    await panel.getByTestId("connection-when-condition").check();
    const condition = panel.getByTestId("connection-condition");
    await condition.fill("total >");
    await expect(panel.getByTestId("connection-condition-error")).toBeVisible();
    await expect(panel.getByTestId("connection-issues")).toContainText('The condition on the connection to "http" is not valid JSONata: Unexpected end of expression (at character 7 of the condition)');
    await condition.fill("total > 1000");
    await expect(panel.getByTestId("connection-condition-verdict")).toHaveText("Holds on webhook's sample: it goes to http.");
    await expect(panel.getByTestId("connection-issues")).toHaveCount(0);
    await expect(designer.page.getByTestId("connection-label-webhook->http")).toHaveText("total > 1000");

    await designer.page.getByTestId("connection-label-webhook->http_2").click();
    await expect(panel).toContainText("webhook → http_2");
    await panel.getByTestId("connection-when-condition").check();
    await panel.getByTestId("connection-condition").fill('country in ["DE", "FR"]');
    await expect(panel.getByTestId("connection-condition-verdict")).toContainText("Holds on webhook's sample");
    // several hold on the sample: the step may send along every one that holds, or only the first, in an order
    await panel.getByTestId("routing-first").check();
    await expect(panel.getByTestId("connection-order-item")).toHaveText([/1\.\s*http\s*total > 1000/, /2\.\s*http_2/, /3\.\s*http_3\s*every message/]);
    await expect(designer.page.getByTestId("connection-label-webhook->http")).toHaveText("1.total > 1000");
    await panel.getByRole("button", { name: "Move http_2 up" }).click();
    await expect(panel.getByTestId("connection-order-item").first()).toContainText("http_2");
    await panel.getByRole("button", { name: "Move http_2 down" }).click();
    await panel.getByTestId("routing-all").check();

    await designer.page.getByTestId("connection-label-webhook->http_3").click();
    await panel.getByTestId("connection-when-otherwise").check();
    await expect(designer.page.getByTestId("connection-label-webhook->http_3")).toHaveText("otherwise");
    await designer.saved();
    await expect(designer.problemsButton).toBeHidden();
    await designer.page.getByTestId("connection-label-webhook->http_2").click();
    await expect(panel.getByTestId("connection-condition-verdict")).toContainText("Holds on webhook's sample");
    // the step the connection leads to comes into view beside the panel
    await designer.canvasSettled();
    await expect(designer.step("http_2")).toBeInViewport({ ratio: 1 });
    await saveDocsScreenshot(page, platform, "designer-conditions");
    await panel.getByRole("button", { name: "Close the panel" }).click();

    // Test flow: the sample through the draft; the steps that call applications run only when allowed.
    await designer.toolbar.getByTestId("test-flow").click();
    const testPanel = page.getByTestId("test-panel");
    await expect(testPanel.getByTestId("test-input")).toHaveValue(/"total": 1500/);
    await testPanel.getByTestId("test-run").click();
    await expect(testPanel.getByTestId("test-skipped")).toHaveText("Skipped, as they call applications: http, http_2. Tick the box above to run them too.");
    await expect(designer.step("webhook").getByTestId("step-test-status-webhook")).toHaveText("test: ran");
    await expect(designer.step("http").getByTestId("step-test-status-http")).toHaveText("test: skipped");
    await expect(testPanel.getByTestId("test-not-reached")).toHaveText("Not reached: http_3");
    expect(big.deliveries).toEqual([]);
    await testPanel.getByTestId("test-with-effects").check();
    await testPanel.getByTestId("test-input").fill('{ "id": 9, "total": 20, "country": "US" }');
    await testPanel.getByTestId("test-run").click();
    await expect(designer.step("http_3").getByTestId("step-test-status-http_3")).toHaveText("test: ran");
    await expect(testPanel.getByTestId("test-not-reached")).toHaveText("Not reached: http, http_2");
    await expect(testPanel.locator('[data-step-id="http_3"]').getByTestId("test-step-output")).toContainText('"status": 200');
    await expect.poll(() => rest.deliveries).toEqual([{ id: 9, total: 20, country: "US" }]);
    await saveDocsScreenshot(page, platform, "designer-test-flow");
    // the run kept as a test case (the otherwise step's answer canned), then run with the flow's cases
    await testPanel.getByTestId("keep-case-name").fill("a small US order goes the otherwise way");
    await testPanel.getByTestId("keep-case").click();
    await expect(testPanel.getByTestId("kept-case")).toHaveText("Kept as “a small US order goes the otherwise way”, with the draft.");
    await expect(testPanel.getByTestId("test-case")).toHaveText([/a small US order goes the otherwise way/]);
    await designer.saved();
    rest.deliveries.length = 0;
    await testPanel.getByTestId("run-test-cases").click();
    await expect(testPanel.getByTestId("test-cases-summary")).toHaveText("1 passed, 0 failed", LIVE);
    // canned: the case did not call the target again
    expect(rest.deliveries).toEqual([]);
    await testPanel.getByRole("button", { name: "Close the panel" }).click();

    // Published and started: each order goes along every connection whose condition holds, else otherwise.
    await designer.toolbar.getByTestId("flow-start").click();
    await page.getByTestId("start-with-draft").getByTestId("publish-and-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const hook = (await designer.webhookUrl.textContent()) ?? "";
    const orders = [
      { id: 1, total: 1500, country: "DE" },
      { id: 2, total: 20, country: "FR" },
      { id: 3, total: 5000, country: "US" },
      { id: 4, total: 5, country: "US" },
    ];
    for (const order of orders) {
      const posted = await fetch(hook, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(order) });
      expect(posted.status).toBe(202);
    }
    const ids = (sink: Sink) => sink.deliveries.map((d) => (d as { id: number }).id).sort();
    await expect.poll(() => ids(big), LIVE).toEqual([1, 3]);
    await expect.poll(() => ids(eu), LIVE).toEqual([1, 2]);
    await expect.poll(() => ids(rest), LIVE).toEqual([4]);

    // The flow's page: what the webhook step took in and passed on, nothing filtered (otherwise took the rest).
    await page.goto(page.url().replace(/\/designer$/, ""));
    await expect(flowDetailPage.step("webhook").getByTestId("lastMinute-in")).toHaveText("4", LIVE);
    await expect(flowDetailPage.step("webhook").getByTestId("lastMinute-filtered")).toHaveText("0");
    await page.getByTestId("flow-stop").click();
    await expect(page.getByTestId("flow-start")).toBeEnabled(LIVE);
  } finally {
    await Promise.all([big.close(), eu.close(), rest.close()]);
  }
});

test("a flow's test cases run from the designer's Test flow panel, with their result", async ({ page, cli, platform, signInAsOwner, designerPage: designer }, testInfo) => {
  test.setTimeout(120_000);
  const file = testInfo.outputPath("order-routing.json");
  writeFileSync(file, readFileSync(path.join(platform.repoRoot, "examples/order-routing.json")));
  const flow = await cli.importFlow(file);
  await signInAsOwner();
  await page.goto(`/flows/${flow.id}/designer`);
  await designer.toolbar.getByTestId("test-flow").click();
  const cases = page.getByTestId("test-cases");
  await expect(cases.getByTestId("test-case")).toHaveCount(2);
  await cases.getByTestId("run-test-cases").click();
  await expect(cases.getByTestId("test-cases-summary")).toHaveText("2 passed, 0 failed", { timeout: 30_000 });
  await expect(cases.getByTestId("test-case").first()).toHaveAttribute("data-passed", "true");
  await saveDocsElementScreenshot(page.getByTestId("test-panel"), platform, "designer-test-cases");
  // the last result stays: after a reload, the panel shows it with when it ran
  await page.reload();
  await designer.toolbar.getByTestId("test-flow").click();
  await expect(page.getByTestId("test-cases-summary")).toContainText("2 passed, 0 failed (last run, ");
  await expect(page.getByTestId("test-case").first()).toHaveAttribute("data-passed", "true");
});

test("the flow's page shows messages a Wait step holds and those in a batch's open batch, until they go on", async ({ page, cli, signInAsOwner, flowDetailPage }, testInfo) => {
  test.setTimeout(150_000);
  const sink = await new Sink().start();
  try {
    const file = testInfo.outputPath("wait-and-batch.json");
    const at = (x: number) => ({ x, y: 0 });
    writeFileSync(
      file,
      JSON.stringify({
        schema: "interflow/flow@1",
        name: `Wait and batch ${Date.now().toString(36)}`,
        settings: { idleSeconds: 3600 },
        nodes: [
          { id: "webhook", component: "webhook", function: "receive", config: {}, position: at(0) },
          { id: "wait", component: "delay", function: "wait", config: { wait: "for", seconds: 6 }, position: at(300) },
          { id: "bulk", component: "batch", function: "collect", config: { size: 3, maxWaitSeconds: 3600 }, position: at(600) },
          { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/bulk` }, position: at(900) },
        ],
        edges: [
          { source: "webhook", target: "wait" },
          { source: "wait", target: "bulk" },
          { source: "bulk", target: "deliver" },
        ],
      }),
    );
    const flow = await cli.importFlow(file);
    await cli.startFlow(flow.id);
    await signInAsOwner();
    await flowDetailPage.goto(flow.id);
    const gateway = (await page.getByTestId("flow-webhook-url").textContent()) ?? "";
    for (const n of [1, 2]) expect((await fetch(gateway, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n }) })).status).toBe(202);
    await expect(flowDetailPage.step("bulk").getByTestId("step-waiting")).toHaveText("2 waiting", LIVE);
    await flowDetailPage.step("bulk").screenshot({ path: testInfo.outputPath("step-waiting.png") });
    await expect(flowDetailPage.step("bulk").getByTestId("step-collected")).toHaveText("2 in open batches", LIVE);
    await expect(flowDetailPage.step("bulk").getByTestId("step-waiting")).toHaveCount(0);
    expect(sink.deliveries).toEqual([]);
    expect((await fetch(gateway, { method: "POST", headers: { "content-type": "application/json" }, body: '{ "n": 3 }' })).status).toBe(202);
    await expect.poll(() => sink.deliveries, LIVE).toEqual([{ items: [{ n: 1 }, { n: 2 }, { n: 3 }] }]);
    await expect(flowDetailPage.step("bulk").getByTestId("step-collected")).toHaveCount(0, LIVE);
    await cli.stopFlow(flow.id);
  } finally {
    await sink.close();
  }
});
