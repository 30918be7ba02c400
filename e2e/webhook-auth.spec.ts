import { createHmac } from "node:crypto";
import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

test("a person makes a webhook check signatures: the secret is generated and shown once, a signed request runs the flow, an unsigned one is refused and counted on the flow page", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage: flowPage,
  credentialsTab: tab,
}) => {
  test.setTimeout(240_000);
  const target = await new Sink().start();
  const name = `Shop signatures ${Date.now().toString(36)}`;
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(`Signed orders ${Date.now().toString(36)}`);

    // The trigger's sender authentication: a new credential of the HMAC kind, its secret generated
    await designer.openStep("webhook");
    const picker = designer.panel.getByTestId("credential-picker");
    await expect(picker.getByLabel("Sender authentication")).toHaveValue("");
    await picker.getByTestId("new-credential-inline").click();
    const wizard = page.getByTestId("credential-wizard");
    await wizard.getByTestId("credential-kind-hmac-signature").click();
    await wizard.getByLabel("Name", { exact: true }).fill(name);
    await wizard.getByTestId("generate-secret").click();
    const secretInput = wizard.getByTestId("secret-secret");
    await expect(wizard).toContainText("once saved, it is never shown again");
    const secret = await secretInput.inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await saveDocsScreenshot(page, platform, "webhook-signing-secret", { fullPage: false });
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);
    await expect(picker.getByLabel("Sender authentication").locator("option:checked")).toHaveText(`${name} (HMAC-SHA256 signature)`);
    await designer.addAfter("webhook", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${target.url}/orders`);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const flowId = new URL(page.url()).pathname.split("/")[2] ?? "";

    // Signed with the secret it showed: 202, delivered. Unsigned: 401, nothing delivered.
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const body = JSON.stringify({ order: 41 });
    const at = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}`;
    const signed = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json", "x-interflow-timestamp": at, "x-interflow-signature": signature }, body });
    expect(signed.status).toBe(202);
    const unsigned = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: 42 }) });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: string }).error).toMatch(/no signature/);
    await expect.poll(() => target.deliveries, LIVE).toEqual([{ order: 41 }]);

    // The flow page counts the refused request beside the webhook URL.
    await flowPage.goto(flowId);
    await expect(page.getByTestId("webhook-refused")).toHaveText("1 refused (authentication)", LIVE);
    await saveDocsScreenshot(page, platform, "flow-webhook-refused", { fullPage: false });

    // The secret is never shown again: not in the credentials list, nor anywhere on the pages seen.
    await tab.goto();
    await expect(tab.row(name).getByTestId("credential-secrets")).toContainText("secret: ••••");
    expect(await page.content()).not.toContain(secret);

    // Rotated: the new secret shown once; the old one still taken during the grace period.
    await tab.row(name).getByRole("button", { name: `Rotate the secret of ${name}` }).click();
    const rotate = page.getByTestId("rotate-secret");
    await rotate.getByTestId("rotate-confirm").click();
    const rotated = await rotate.getByTestId("rotated-secret").inputValue();
    expect(rotated).not.toBe(secret);
    await expect(rotate).toContainText("is still taken until");
    await rotate.getByRole("button", { name: "Done" }).click();
    const signedWith = (key: string, order: number) => {
      const text = JSON.stringify({ order });
      const now = String(Math.floor(Date.now() / 1000));
      return fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "x-interflow-timestamp": now, "x-interflow-signature": `sha256=${createHmac("sha256", key).update(`${now}.${text}`).digest("hex")}` },
        body: text,
      }).then((r) => r.status);
    };
    let order = 100;
    await expect.poll(() => signedWith(rotated, ++order), LIVE).toBe(202);
    expect(await signedWith(secret, 200)).toBe(202);

    // The URL itself rotated on the flow's page: the new one works at once, the old one during its grace period.
    await flowPage.goto(flowId);
    await page.getByTestId("rotate-webhook-url").click();
    const dialog = page.getByTestId("rotate-webhook-url-dialog");
    await dialog.getByTestId("rotate-webhook-url-confirm").click();
    const newUrl = await dialog.getByTestId("rotated-webhook-url").inputValue();
    expect(newUrl).not.toBe(webhookUrl);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(flowPage.webhookUrl).toHaveText(newUrl);
    const text = JSON.stringify({ order: 300 });
    const now = String(Math.floor(Date.now() / 1000));
    const headers = { "content-type": "application/json", "x-interflow-timestamp": now, "x-interflow-signature": `sha256=${createHmac("sha256", rotated).update(`${now}.${text}`).digest("hex")}` };
    expect((await fetch(newUrl, { method: "POST", headers, body: text })).status).toBe(202);
    expect(await signedWith(rotated, 301)).toBe(202);
    expect((await fetch(newUrl.replace(/\/hook\/.*/, "/hook/not-its-path"), { method: "POST", headers, body: text })).status).toBe(404);
  } finally {
    await target.close();
  }
});

test("a person limits a webhook's rate in the flow's settings: over it a sender gets 429 with Retry-After and keeps its message", async ({ signInAsOwner, designerPage: designer }) => {
  test.setTimeout(180_000);
  const target = await new Sink().start();
  try {
    await signInAsOwner();
    await designer.createWebhookFlow(`Rate-limited orders ${Date.now().toString(36)}`);
    await designer.addAfter("webhook", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${target.url}/orders`);
    await designer.flowSettings.open();
    const rates = designer.flowSettings.panel.getByTestId("webhook-rate-setting");
    const perSecond = rates.getByLabel("From everyone (/s)", { exact: true });
    // a refusal is said at its field
    await perSecond.fill("-1");
    await perSecond.press("Enter");
    await expect(designer.flowSettings.error("webhookRate.perSecond")).toHaveText("More than 0, or empty");
    await perSecond.fill("0.1");
    await perSecond.press("Enter");
    await rates.getByLabel("Burst", { exact: true }).fill("2");
    await rates.getByLabel("Burst", { exact: true }).press("Enter");
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const post = (order: number) => fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order }) });
    expect((await post(1)).status).toBe(202);
    expect((await post(2)).status).toBe(202);
    const over = await post(3);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    await expect.poll(() => target.deliveries, LIVE).toEqual([{ order: 1 }, { order: 2 }]);
  } finally {
    await target.close();
  }
});
