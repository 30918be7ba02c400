import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DashboardPage } from "./pages/dashboard-page";
import { DesignerPage } from "./pages/designer-page";
import { FlowDetailPage } from "./pages/flow-detail-page";
import { SignInPage } from "./pages/sign-in-page";
import { addMember, callApi } from "./support/api";
import { OWNER } from "./support/owner";
import { newBrowserContext, newPerson } from "./support/people";
import { EXAMPLE, exampleFlowFile, order } from "./support/example-flow";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

/** The worker moves flows (and the lead's benchmarks may share the machine): states get this long to arrive. */
const LIVE = { timeout: 30_000 };

/**
 * The example flow as a file whose http step delivers to `sinkUrl`, with small queue limits (so
 * that a few queued messages show on the bars) and an idle period longer than the spec (so that
 * it does not fall asleep in between).
 */
function exampleFlowFileFor(repoRoot: string, sinkUrl: string, file: string): string {
  return exampleFlowFile({ repoRoot, sinkUrl, file, settings: { limits: { messages: 20, bytes: 16 * 1024 }, idleSeconds: 3600 } });
}

async function postWebhook(request: APIRequestContext, url: string, i: number): Promise<number> {
  return (await request.post(url, { data: order(i) })).status();
}

test("an owner watches a flow live on the dashboard while starting, suspending, resuming and stopping it; its page tells the history", async ({
  page,
  request,
  cli,
  platform,
  signInAsOwner,
  header,
  flowsPage,
  dashboardPage,
  flowDetailPage,
}, testInfo) => {
  test.setTimeout(240_000);
  const sink = await new Sink().start();
  const flow = await cli.importFlow(exampleFlowFileFor(platform.repoRoot, sink.url, testInfo.outputPath("webhook-to-sink.json")));
  const webhookUrl = `${platform.gatewayUrl}/hook/${flow.id}`;
  try {
    await signInAsOwner();
    await flowsPage.goto();
    await expect(flowsPage.nameOf(flow.id)).toHaveAttribute("href", `/flows/${flow.id}`);
    await header.dashboardLink.click();
    await expect(dashboardPage.heading).toBeVisible();
    await expect(header.dashboardLink).toHaveAttribute("aria-current", "page");
    // Everything below happens without a reload: this mark (and the states the page notes) would be gone after one.
    await page.evaluate(() => {
      document.documentElement.dataset.e2eSameDocument = "yes";
    });

    // Stopped: Start is the one action possible; the others are there, disabled, saying why.
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)");
    await expect(dashboardPage.causeOf(flow.id)).toContainText("Imported; never started");
    await expect(dashboardPage.actionButton(flow.id, "Start")).toBeEnabled();
    await expect(dashboardPage.actionButton(flow.id, "Start")).toHaveAccessibleName(`Start ${flow.name}`);
    await expect(dashboardPage.actionButton(flow.id, "Stop")).toBeDisabled();
    await expect(dashboardPage.actionButton(flow.id, "Suspend")).toBeDisabled();
    await expect(dashboardPage.actionButton(flow.id, "Suspend")).toHaveAttribute("title", "A stopped flow cannot be suspended");
    await expect(dashboardPage.actionButton(flow.id, "Resume")).toHaveAttribute("title", "Only a suspended flow can be resumed");
    const deliverQueue = dashboardPage.stepQueue(flow.id, "deliver");
    await expect(deliverQueue.getByTestId("queue-messages")).toHaveAttribute("data-limit", "20");
    await expect(deliverQueue.getByTestId("queue-bytes")).toHaveAttribute("data-limit", String(16 * 1024));

    // Start: Starting, then Running, as the worker moves it.
    let seen = await dashboardPage.watchStates(flow.id);
    await dashboardPage.actionButton(flow.id, "Start").click();
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Running", LIVE);
    expect(await seen()).toEqual(["stopped", "starting", "running"]);
    await expect(dashboardPage.causeOf(flow.id)).toContainText("All 3 step runners up and consuming");
    await expect(dashboardPage.timeInStateOf(flow.id)).toHaveText(/^for \d+ s$/);
    await expect(dashboardPage.actionButton(flow.id, "Start")).toBeDisabled();
    await expect(dashboardPage.actionButton(flow.id, "Start")).toHaveAttribute("title", "The flow is already running");
    await expect(dashboardPage.actionButton(flow.id, "Stop")).toBeEnabled();
    await expect(dashboardPage.actionButton(flow.id, "Suspend")).toBeEnabled();
    await expect(dashboardPage.actionButton(flow.id, "Resume")).toBeDisabled();

    // Webhooks: a slow target keeps them in the deliver step's queue for a while, then they are processed.
    sink.delayMs = 4000;
    const statuses = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => postWebhook(request, webhookUrl, i)));
    expect(statuses).toEqual([202, 202, 202, 202, 202, 202]);
    await expect
      .poll(async () => Number(await deliverQueue.getByTestId("queue-messages").getAttribute("data-value")), LIVE)
      .toBeGreaterThan(0);
    await expect(dashboardPage.processed(flow.id, "minute")).toHaveText("6", LIVE);

    // The filter, kept in the URL: Running shows the row (and makes the screenshot), Suspended alone hides it.
    await dashboardPage.filterButton("Running").click();
    await expect(dashboardPage.filterButton("Running")).toHaveAttribute("aria-pressed", "true");
    await expect(page).toHaveURL(/\/dashboard\?state=running$/);
    await expect(dashboardPage.row(flow.id)).toBeVisible();
    await saveDocsScreenshot(page, platform, "dashboard");
    await dashboardPage.filterButton("Suspended").click();
    await dashboardPage.filterButton("Running").click();
    await expect(page).toHaveURL(/\/dashboard\?state=suspended$/);
    await expect(dashboardPage.row(flow.id)).toBeHidden();
    await dashboardPage.filterButton("All").click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(dashboardPage.row(flow.id)).toBeVisible();

    await expect.poll(() => sink.deliveries.length, LIVE).toBe(6);
    await expect(deliverQueue.getByTestId("queue-messages")).toHaveAttribute("data-value", "0", LIVE);
    await expect(dashboardPage.processed(flow.id, "hour")).toHaveText("6");
    await expect(dashboardPage.errored(flow.id, "minute")).toHaveText("0");
    sink.delayMs = 0;

    // Suspend: Suspending, then Suspended; webhooks are refused until it is resumed.
    seen = await dashboardPage.watchStates(flow.id);
    await dashboardPage.actionButton(flow.id, "Suspend").click();
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Suspended", LIVE);
    expect(await seen()).toEqual(["running", "suspending", "suspended"]);
    await expect(dashboardPage.causeOf(flow.id)).toContainText("kept for resume");
    await expect(dashboardPage.actionButton(flow.id, "Resume")).toBeEnabled();
    await expect(dashboardPage.actionButton(flow.id, "Suspend")).toBeDisabled();
    await expect(dashboardPage.actionButton(flow.id, "Suspend")).toHaveAttribute("title", /not possible while the flow is Suspended/);
    await expect(dashboardPage.actionButton(flow.id, "Start")).toHaveAttribute("title", "A suspended flow is resumed, not started");
    await expect(dashboardPage.actionButton(flow.id, "Stop")).toBeEnabled();
    expect(await postWebhook(request, webhookUrl, 100)).toBe(503);

    // Resume: Running again (no intermediate state), and webhooks are taken again.
    seen = await dashboardPage.watchStates(flow.id);
    await dashboardPage.actionButton(flow.id, "Resume").click();
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Running", LIVE);
    expect(await seen()).toEqual(["suspended", "running"]);
    await expect(dashboardPage.causeOf(flow.id)).toContainText(`Resume requested by ${OWNER.email}`);
    await expect.poll(() => postWebhook(request, webhookUrl, 7), LIVE).toBe(202); // the gateway hears of it just after
    await expect.poll(() => sink.deliveries.length, LIVE).toBe(7);

    // Stop: Stopping, then Stopped (Inactive).
    seen = await dashboardPage.watchStates(flow.id);
    await dashboardPage.actionButton(flow.id, "Stop").click();
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)", LIVE);
    expect(await seen()).toEqual(["running", "stopping", "stopped"]);
    await expect(dashboardPage.actionButton(flow.id, "Start")).toBeEnabled();
    await expect(page.locator("html")).toHaveAttribute("data-e2e-same-document", "yes");

    // The flow's page: why it is stopped, and every transition with its cause, newest first.
    await dashboardPage.linkTo(flow.id).click();
    await expect(page).toHaveURL(`${platform.webUrl}/flows/${flow.id}`);
    await expect(flowDetailPage.name).toHaveText(flow.name);
    await expect(flowDetailPage.state).toHaveText("Stopped (Inactive)");
    await expect(flowDetailPage.cause).toContainText("Runners stopped");
    await expect(flowDetailPage.webhookUrl).toHaveText(webhookUrl);
    await expect
      .poll(() => flowDetailPage.history(), LIVE)
      .toEqual([
        "stopping → stopped",
        "running → stopping",
        "suspended → running",
        "suspending → suspended",
        "running → suspending",
        "starting → running",
        "stopped → starting",
      ]);
    for (const event of ["start", "suspend", "resume", "stop"]) {
      await expect(flowDetailPage.transitionsBy(event)).toHaveCount(1);
      const action = `${event.charAt(0).toUpperCase()}${event.slice(1)}`;
      await expect(flowDetailPage.transitionsBy(event).getByTestId("transition-cause")).toHaveText(`${action} requested by ${OWNER.email}`);
    }
    // the last hour's count: on a slow machine the seven came over a minute before this look (CI: "1")
    await expect(flowDetailPage.step("webhook").getByTestId("lastHour-in")).toHaveText("7");
    await expect(flowDetailPage.step("deliver").getByTestId("lastMinute-errors")).toHaveText("0");
    await expect(flowDetailPage.step("deliver").getByTestId("queue-messages")).toHaveAttribute("data-limit", "20");

    // Its buttons, and the history growing while the page is open.
    await expect(flowDetailPage.actionButton("Suspend")).toBeDisabled();
    await flowDetailPage.actionButton("Start").click();
    await expect(flowDetailPage.state).toHaveText("Running", LIVE);
    await expect.poll(async () => (await flowDetailPage.history()).slice(0, 3), LIVE).toEqual(["starting → running", "stopped → starting", "stopping → stopped"]);
    await saveDocsScreenshot(page, platform, "flow-detail");
    await flowDetailPage.actionButton("Stop").click();
    await expect(flowDetailPage.state).toHaveText("Stopped (Inactive)", LIVE);
    await expect.poll(async () => (await flowDetailPage.history()).length, LIVE).toBe(11);
  } finally {
    await cli.stopFlow(flow.id).catch(() => {}); // nothing left running for the next run
    await sink.close();
  }
});

test("an action the state machine refuses (the page was behind) says why on that flow's row", async ({ page, cli, platform, signInAsOwner, dashboardPage }) => {
  const flow = await cli.importFlow(path.join(platform.repoRoot, EXAMPLE));
  try {
    await signInAsOwner();
    await dashboardPage.goto();
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)");

    // The page stops hearing from the dashboard API (as on a lost connection) while the CLI starts the flow.
    await page.route("**/api/trpc/*flows.dashboard*", (route) => route.abort());
    await cli.startFlow(flow.id);
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Stopped (Inactive)");
    await dashboardPage.actionButton(flow.id, "Start").click();
    await expect(dashboardPage.actionError(flow.id)).toHaveText("The flow is already running");
    await expect(dashboardPage.actionError(flow.id)).toHaveRole("alert");

    await page.unroute("**/api/trpc/*flows.dashboard*");
    await expect(dashboardPage.stateOf(flow.id)).toHaveText("Running", LIVE);
    await expect(dashboardPage.liveIndicator).toHaveAttribute("data-status", "live", LIVE);
  } finally {
    await cli.stopFlow(flow.id).catch(() => {});
  }
});

test("a viewer sees the dashboard, filtered by the URL, a flow's page and its designer, and the credentials, with no control that changes them", async ({
  page,
  browser,
  cli,
  platform,
  signInAsOwner,
}) => {
  const flow = await cli.importFlow(path.join(platform.repoRoot, EXAMPLE));
  await signInAsOwner();
  const viewer = newPerson("Vera Viewer");
  await addMember(page.request, viewer, "viewer");

  const viewerContext = await newBrowserContext(browser, platform);
  try {
    const viewerPage = await viewerContext.newPage();
    const dashboard = new DashboardPage(viewerPage);
    const detail = new FlowDetailPage(viewerPage);
    await viewerPage.goto(`/sign-in?next=${encodeURIComponent("/dashboard?state=running")}`);
    await new SignInPage(viewerPage).signIn(viewer);
    await expect(dashboard.heading).toBeVisible();

    // the filter came with the URL: the new (stopped) flow is not shown until Stopped is pressed too
    await expect(dashboard.filterButton("Running")).toHaveAttribute("aria-pressed", "true");
    await expect(dashboard.row(flow.id)).toBeHidden();
    await dashboard.filterButton("Stopped (Inactive)").click();
    await expect(viewerPage).toHaveURL(/\/dashboard\?state=stopped&state=running$/);
    await expect(dashboard.stateOf(flow.id)).toHaveText("Stopped (Inactive)");

    await expect(dashboard.viewerNote).toHaveText("You are a viewer here: viewers cannot change flows.");
    await expect(dashboard.changeControls).toHaveCount(0);

    await dashboard.linkTo(flow.id).click();
    await expect(detail.name).toHaveText(flow.name);
    await expect(detail.state).toHaveText("Stopped (Inactive)");
    await expect(detail.viewerNote).toBeVisible();
    await expect(detail.changeControls).toHaveCount(0); // Restore too
    await expect(detail.versions.numbers).toHaveText(["v1"]);
    await expect(detail.versions.authorOf(1)).toHaveText(/^token 'admin( \([^)]+\))?'$/);

    // The designer, read-only: no palette, no publish, no undo; a step's settings shown, not editable.
    await viewerPage.getByTestId("open-designer").click();
    const designer = new DesignerPage(viewerPage);
    await expect(designer.step("deliver")).toBeVisible();
    await expect(designer.palette).toHaveCount(0);
    await expect(designer.publishButton).toHaveCount(0);
    await expect(designer.undoButton).toHaveCount(0);
    await designer.step("deliver").click();
    await expect(designer.field("url").getByRole("textbox")).toBeDisabled();
    await expect(designer.panel.getByTestId("remove-step")).toHaveCount(0);
    await expect(designer.panel.getByTestId("credential-picker").getByLabel("Credential")).toBeDisabled();

    // Credentials: the list, and no way to add, change or delete one.
    await viewerPage.goto("/settings/credentials");
    await expect(viewerPage.getByTestId("credentials")).toBeVisible();
    await expect(viewerPage.getByTestId("new-credential")).toHaveCount(0);
    await expect(viewerPage.getByRole("button", { name: /^(Change|Delete|Verify) / })).toHaveCount(0);
  } finally {
    await viewerContext.close();
  }
});

test("in a workspace without flows the dashboard says to import one, and where", async ({ page, context, platform, signInAsOwner, dashboardPage }) => {
  await signInAsOwner();
  const workspace = await callApi<{ id: string }>(page.request, "workspaces.create", { name: `Empty ${Date.now().toString(36)}` });
  await context.addCookies([{ name: "interflow_workspace", value: workspace.id, url: platform.webUrl }]);
  await dashboardPage.goto();
  await expect(dashboardPage.emptyState).toContainText("No flows yet — import one");
  await expect(dashboardPage.stateFilter).toHaveCount(0);
  await dashboardPage.emptyState.getByRole("link", { name: "Flows page" }).click();
  await expect(page).toHaveURL(`${platform.webUrl}/`);
  await expect(page.getByRole("button", { name: "Import flow" })).toBeVisible();
});
