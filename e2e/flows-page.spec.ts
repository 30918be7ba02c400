import path from "node:path";
import { expect, test } from "./fixtures";

const SESSION_COOKIE = "interflow_token";

test("asks for the API token, refuses a wrong one at the field, then shows the flows", async ({
  connectPage,
  flowsPage,
  platform,
  context,
}) => {
  await connectPage.goto();
  await expect(connectPage.heading).toBeVisible();
  await expect(connectPage.tokenInput).toHaveAttribute("type", "password");
  await expect(connectPage.tokenInput).toHaveAccessibleDescription(/npm start.*\.data\/admin-token/);
  await expect(flowsPage.disconnectButton).toBeHidden();

  await connectPage.connect("not-a-real-token");
  await expect(connectPage.fieldError).toContainText("This token was refused");
  await expect(connectPage.tokenInput).toHaveAttribute("aria-invalid", "true");
  await expect(connectPage.tokenInput).toHaveAccessibleDescription(/This token was refused/);
  await expect(connectPage.tokenInput).toBeFocused();
  expect((await context.cookies()).some((cookie) => cookie.name === SESSION_COOKIE)).toBe(false);

  await connectPage.connect(platform.adminToken);
  await expect(flowsPage.heading).toBeVisible();
  await expect(connectPage.heading).toBeHidden();
  await expect(flowsPage.table.or(flowsPage.emptyState)).toBeVisible();
  await expect(flowsPage.liveIndicator).toHaveAttribute("data-status", "live");
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });

  await flowsPage.disconnectButton.click();
  await expect(connectPage.heading).toBeVisible();
  await expect(flowsPage.disconnectButton).toBeHidden();
  expect((await context.cookies()).some((c) => c.name === SESSION_COOKIE)).toBe(false);
});

test("shows a flow imported and started with the CLI, live, until it is stopped", async ({
  page,
  flowsPage,
  cli,
  platform,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await flowsPage.connectWith(platform.adminToken);
  await flowsPage.goto();
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
