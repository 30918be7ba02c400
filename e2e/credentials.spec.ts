import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { callApi } from "./support/api";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

test("a person sets up a credential with a bad then a good secret, and a flow uses it to call an API that requires it", async ({
  page,
  platform,
  signInAsOwner,
  credentialsTab: tab,
  designerPage: designer,
  dashboardPage: dashboard,
}) => {
  test.setTimeout(240_000);
  const token = `t-${Date.now().toString(36)}-${"s3cret".repeat(3)}`;
  const api = await new Sink().start();
  api.requireBearer = token;
  const name = `Orders API ${Date.now().toString(36)}`;
  try {
    await signInAsOwner();
    await tab.goto();

    // The wizard: the component, how it authenticates, the form with its help.
    await tab.newButton.click();
    await tab.wizard.getByTestId("credential-component-http").click();
    await tab.wizard.getByTestId("credential-kind-bearer").click();
    await tab.nameInput.fill(name);
    await tab.field("Address to verify with").fill(`${api.url}/me`);
    await tab.field("Token").fill("not-the-token");
    await tab.verifyButton.click();
    await expect(tab.fieldError("token")).toContainText("HTTP 401", LIVE);
    await expect(tab.verified).toBeHidden();

    // The right token: verified, then saved.
    await tab.field("Token").fill(token);
    await expect(tab.fieldError("token")).toBeHidden();
    await tab.verifyButton.click();
    await expect(tab.verified).toBeVisible(LIVE);
    await saveDocsScreenshot(page, platform, "credential-wizard", { fullPage: false });
    await tab.saveButton.click();
    await expect(tab.wizard).toBeHidden(LIVE);
    const row = tab.row(name);
    await expect(row.getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
    await expect(row.getByTestId("credential-secrets")).toContainText("token: ••••••••");
    expect(await page.content()).not.toContain(token);
    await saveDocsScreenshot(page, platform, "settings-credentials", { fullPage: false });

    // A flow whose http step signs in with it: webhook → http, the credential picked in the designer.
    await designer.createWebhookFlow(`Calls ${name}`);
    await designer.addAfter("webhook", "http", "http");
    await designer.field("url").getByRole("textbox").fill(`${api.url}/orders`);
    await designer.panel.getByTestId("credential-picker").getByLabel("Credential").selectOption({ label: `${name} (Bearer token)` });
    await expect(designer.panel.getByTestId("credential-picker").getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const posted = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: 17 }) });
    expect(posted.status).toBe(202);
    await expect.poll(() => api.deliveries, LIVE).toEqual([{ order: 17 }]);
    expect(api.headers.at(-1)?.authorization).toBe(`Bearer ${token}`);
    expect(await page.content()).not.toContain(token);
    const flowId = new URL(page.url()).pathname.split("/")[2] ?? "";

    // The API changes its token: the step is refused, and the dashboard says so on the step, with where to fix it.
    const newToken = `${token}-rotated`;
    api.requireBearer = newToken;
    expect((await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: 18 }) })).status).toBe(202);
    await dashboard.goto("?state=running");
    const problem = dashboard.row(flowId).getByTestId("credential-problem");
    await expect(problem).toHaveAttribute("data-step-id", "http", LIVE);
    await expect(problem).toContainText(`Credential “${name}”: refused by the application while flow "Calls ${name}" ran (HTTP 401)`);
    await saveDocsScreenshot(page, platform, "dashboard-credential-problem", { fullPage: false });
    await problem.getByRole("link", { name: "Fix the credential" }).click();
    await expect(page).toHaveURL(/\/settings\/credentials/);
    await expect(tab.row(name).getByTestId("credential-status")).toHaveAttribute("data-status", "failed");

    // Fixed: the new token, verified on saving; the dashboard no longer names it
    await tab.row(name).getByRole("button", { name: `Change ${name}` }).click();
    await tab.field("Token").fill(newToken);
    await tab.saveButton.click();
    await expect(tab.wizard).toBeHidden(LIVE);
    await expect(tab.row(name).getByTestId("credential-status")).toHaveAttribute("data-status", "verified");
    await dashboard.goto();
    await expect(dashboard.stateOf(flowId)).toHaveText(/Running/, LIVE);
    await expect(dashboard.row(flowId).getByTestId("credential-problem")).toHaveCount(0);
    expect(await page.content()).not.toContain(newToken);

    await page.goto(`/flows/${flowId}/designer`);
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);

    // Neither token is in any log line: the platform's processes (web, worker, gateway) nor the step's own logs
    const logged = readFileSync(path.join(platform.repoRoot, "test-results/e2e-platform.log"), "utf8");
    expect(logged).toContain('"service":"web"');
    const stepLogs = JSON.stringify(await callApi(page.request, "flows.logs", { id: flowId, stepId: "http" }, "query"));
    expect(stepLogs.length).toBeGreaterThan(20);
    for (const text of [logged, stepLogs, await page.content()]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(newToken);
    }
  } finally {
    await api.close();
  }
});
