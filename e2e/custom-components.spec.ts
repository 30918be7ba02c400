import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

test("a custom component built and installed with one command is in Settings, the docs and the palette, and its step greets in a running flow", async ({
  page,
  browser,
  platform,
  cli,
  signInAsOwner,
  designerPage: designer,
}) => {
  test.setTimeout(180_000);
  const api = await new Sink().start();
  const name = `Greetings ${Date.now().toString(36)}`;
  try {
    // one command: bundled, its image built FROM the runner's, installed in the workspace
    const built = await cli.run(["component", "build", "examples/components/greeter"]);
    expect(built).toMatch(/installed greeter 1\.0\.0 \((new in this workspace|replacing 1\.0\.0)\): image interflow\/component-greeter:1\.0\.0-[0-9a-f]{12}/);

    await signInAsOwner();
    await page.goto("/settings/components");
    const row = page.getByTestId("component-row").filter({ hasText: "greeter" });
    await expect(row).toContainText("Greeter");
    await expect(row).toContainText("1.0.0");
    await expect(row).toContainText("count");
    await expect(row).toContainText("greet");
    await expect(row).toContainText(/interflow\/component-greeter:1\.0\.0-/);
    await saveDocsScreenshot(page, platform, "settings-components", { fullPage: false });

    // its docs page, made from its definition as a built-in's is — for the workspace's members only
    await page.goto("/docs/components/greeter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Greeter");
    await expect(page.locator("#greet")).toContainText("Adds `greeting` to the message");
    await expect(page.locator("#greet")).toContainText("Greeting");
    await expect(page.locator("#count")).toContainText("Trigger");
    await expect(page.locator("#credential-api-key")).toContainText("Greeter API key");
    const stranger = await browser.newContext({ baseURL: platform.webUrl });
    try {
      expect((await (await stranger.newPage()).goto("/docs/components/greeter"))?.status()).toBe(404);
    } finally {
      await stranger.close();
    }

    // in the designer: its action is picked like a built-in one, its form generated from its fields
    await designer.createWebhookFlow(name);
    await designer.addAfter("webhook", "greet", "greeter");
    await designer.field("greeting").getByRole("textbox").fill("Hello");
    await saveDocsScreenshot(page, platform, "designer-custom-component", { fullPage: false });
    await designer.addAfter("greeter", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${api.url}/greetings`);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText(/Published version/);
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";

    const sent = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "Ada" }) });
    expect(sent.status).toBe(202);
    await expect.poll(() => api.deliveries.length, LIVE).toBe(1);
    expect(api.deliveries[0]).toMatchObject({ name: "Ada", greeting: "Hello, Ada!" });

    // a flow has its step: removing it from Settings is refused, saying which flow
    await page.goto("/settings/components");
    await page.getByRole("button", { name: "Remove Greeter" }).click();
    await page.getByRole("button", { name: "Remove component" }).click();
    // (other specs' flows may use it too: the list may name those as well)
    await expect(page.getByRole("dialog")).toContainText(/the component "greeter" is used by the flows? /);
    await expect(page.getByRole("dialog")).toContainText(`"${name}"`);
  } finally {
    await api.close();
  }
});
