import { createServer, type Server } from "node:http";
import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

/** A contacts API on localhost: GET /contacts?since=<ISO> answers { data: [contacts changed at or after it] }. */
async function contactsApi() {
  const contacts = new Map<number, { id: number; name: string; updatedAt: string }>();
  const put = (id: number, name: string) => contacts.set(id, { id, name, updatedAt: new Date().toISOString() });
  const server: Server = createServer((req, res) => {
    const since = new URL(req.url ?? "/", "http://localhost").searchParams.get("since");
    const data = [...contacts.values()].filter((c) => since === null || c.updatedAt >= since);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/contacts`,
    put,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

test("a person builds a polling flow: the trigger's schedule in the designer, then runs, Run now and the snapshot on the flow's page", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage: detail,
}) => {
  test.setTimeout(180_000);
  const api = await contactsApi();
  const sink = await new Sink().start();
  const name = `Contacts sync ${Date.now().toString(36)}`;
  try {
    api.put(1, "Ada");
    api.put(2, "Grace");
    await signInAsOwner();
    await designer.createFlow(name);
    await designer.dragOntoCanvas("http.poll", { x: 220, y: 300 });
    await expect(designer.step("http")).toBeVisible();
    await designer.openStep("http");
    await designer.field("url").getByRole("textbox").fill(api.url);
    await designer.field("itemsPath").getByRole("textbox").fill("data");

    // the schedule: a wrong interval is said at the field; a good one shows the next runs
    const schedule = designer.panel.getByTestId("schedule-settings");
    await schedule.getByLabel("Interval").fill("2s");
    await expect(schedule.getByTestId("schedule-error-every")).toHaveText('must be at least 5s (got "2s")');
    await schedule.getByLabel("Cron expression").check();
    await schedule.getByLabel("Cron expression", { exact: true }).last().fill("0 9 * * 1-5");
    await schedule.getByLabel("Time zone").selectOption("Europe/Berlin");
    await expect(schedule.getByTestId("schedule-next-runs")).toContainText("Next runs (once started)");
    await schedule.getByLabel("Every…").check();
    await schedule.getByLabel("Interval").fill("1h");
    await schedule.getByLabel("Interval").press("Enter");
    await expect(schedule.getByTestId("schedule-error-every")).toBeHidden();
    await saveDocsScreenshot(page, platform, "designer-polling-schedule", { fullPage: false });

    await designer.addAfter("http", "http", "http_2");
    await designer.field("url").getByRole("textbox").fill(`${sink.url}/contacts`);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText(/Published version \d+/);
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const flowId = new URL(page.url()).pathname.split("/")[2] ?? "";

    // the flow's page: the run at the start emitted both contacts
    await detail.goto(flowId);
    const polling = page.locator('section[aria-labelledby="polling-title"]');
    await expect(polling).toContainText("The trigger http asks its source for what changed, every 1h.");
    await expect(polling.getByTestId("poll-last-run")).toHaveAttribute("data-emitted", "2", LIVE);
    await expect.poll(() => sink.deliveries.map((d) => (d as { name: string }).name).sort(), LIVE).toEqual(["Ada", "Grace"]);
    await expect(polling.getByTestId("poll-next-run")).not.toContainText("Not scheduled");

    // a change at the source, then Run now: only the change arrives
    api.put(2, "Grace Hopper");
    await polling.getByRole("button", { name: "Run now" }).click();
    await expect(polling.getByTestId("poll-last-run")).toContainText("1 message emitted (run now)", LIVE);
    await expect.poll(() => sink.deliveries.length, LIVE).toBe(3);
    expect(sink.deliveries.at(-1)).toMatchObject({ id: 2, name: "Grace Hopper" });
    await expect(polling.getByTestId("poll-snapshot")).toContainText('"since"');
    await expect(polling.getByTestId("poll-totals")).toContainText("2 runs (0 failed), 3 messages");
    await polling.scrollIntoViewIfNeeded();
    await saveDocsScreenshot(page, platform, "flow-detail-polling", { fullPage: false });

    // the dashboard says it too, on the trigger's line
    await page.goto("/dashboard?state=running");
    const summary = page.locator(`[data-testid="dashboard-row"][data-flow-id="${flowId}"]`).getByTestId("poll-summary");
    await expect(summary).toContainText("Polls every 1h · last ", LIVE);
    await expect(summary).toContainText(": 1 emitted · next ");
    await detail.goto(flowId);

    // the snapshot is reset only while the flow is stopped
    await expect(polling.getByRole("button", { name: "Reset snapshot" })).toBeDisabled();
    await detail.actionButton("Stop").click();
    await expect(detail.state).toHaveText(/Stopped/, LIVE);
    await expect(polling.getByTestId("poll-next-run")).toContainText("Not scheduled", LIVE);
    await polling.getByRole("button", { name: "Reset snapshot" }).click();
    await page.getByTestId("confirm-dialog").getByRole("button", { name: "Reset snapshot" }).click();
    await expect(polling.getByTestId("poll-snapshot")).toHaveText("None: the next run starts from nothing.", LIVE);
  } finally {
    await api.close();
    await sink.close();
  }
});
