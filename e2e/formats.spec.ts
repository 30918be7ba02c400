import { expect, test } from "./fixtures";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

test("a person turns a CSV upload into one delivery per row: webhook taking text → Parse CSV → http, built on the canvas", async ({
  page,
  cli,
  signInAsOwner,
  designerPage: designer,
}) => {
  test.setTimeout(180_000);
  const api = await new Sink().start();
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(`CSV contacts ${Date.now().toString(36)}`);
    // the webhook takes text as well (a CSV upload comes as text/csv: { raw })
    await designer.step("webhook").click();
    await designer.field("contentTypes").getByLabel(/^Text/).check();
    await designer.addAfter("webhook", "Parse CSV", "csv");
    await expect(designer.field("source").getByTestId("config-source")).toHaveValue("raw");
    await designer.field("delimiter").getByRole("combobox").selectOption(";");
    await designer.addAfter("csv", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${api.url}/contacts`);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText(/Published version/);
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";

    const upload = "email;name\r\nada@example.com;Ada\r\ngrace@example.com;\"Grace; Admiral\"\r\n";
    const sent = await page.request.post(webhookUrl, { headers: { "content-type": "text/csv" }, data: upload });
    expect(sent.status()).toBe(202);
    await expect.poll(() => api.deliveries.length, LIVE).toBe(2);
    expect([...api.deliveries].sort((a, b) => String((a as { name: string }).name).localeCompare(String((b as { name: string }).name)))).toEqual([
      { email: "ada@example.com", name: "Ada" },
      { email: "grace@example.com", name: "Grace; Admiral" },
    ]);

    // a malformed upload is accepted (202), fails at the CSV step with the line, and is kept
    const ragged = await page.request.post(webhookUrl, { headers: { "content-type": "text/csv" }, data: "email;name\r\nonly-one-value\r\n" });
    expect(ragged.status()).toBe(202);
    const flowId = /\/flows\/([^/]+)\/designer/.exec(page.url())?.[1] ?? "";
    await expect
      .poll(async () => JSON.parse(await cli.run(["flow", "failed", flowId, "--json"])).items, LIVE)
      .toEqual([expect.objectContaining({ stepId: "csv", error: expect.stringMatching(/not valid CSV: .*line 2/) })]);
  } finally {
    const flowId = /\/flows\/([^/]+)\/designer/.exec(page.url())?.[1];
    if (flowId) await cli.stopFlow(flowId).catch(() => {}); // nothing left running for the next spec
    await api.close();
  }
});
