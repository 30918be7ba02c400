import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

/** The worker moves flows (and a benchmark may share the machine): states get this long to arrive. */
const LIVE = { timeout: 30_000 };
const ORDER = { id: 42, customer: { name: "Ada Lovelace", email: "ADA@EXAMPLE.COM" }, items: [{ price: 2.5, quantity: 4 }] };

test("a person builds webhook → transform → http on the canvas, maps fields on live samples, publishes, starts it and a webhook arrives mapped", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
  flowDetailPage,
}) => {
  test.setTimeout(240_000);
  const sink = await new Sink().start();
  const name = `Orders to CRM ${Date.now().toString(36)}`;
  try {
    await signInAsOwner();
    await designer.createFlow(name);
    await expect(designer.emptyCanvas).toContainText("Drag a trigger here to start");
    await expect(designer.palette).toContainText("Place the trigger first.");

    // The trigger first: dropping it creates the flow (version 1) and opens its designer.
    await designer.dragOntoCanvas("webhook.receive", { x: 220, y: 300 });
    await expect(page).toHaveURL(/\/flows\/[0-9a-f-]+\/designer$/);
    await expect(designer.step("webhook")).toBeVisible();
    await expect(designer.version).toHaveText("version 1");
    await expect(designer.paletteItem("webhook.receive")).toHaveAttribute("aria-disabled", "true");
    await expect(designer.webhookUrl).toContainText("/hook/");

    // Its sample: one request to the test URL, while the flow is stopped.
    await designer.openStep("webhook", "sample");
    await expect(designer.panel.getByTestId("help-link").first()).toHaveAttribute("href", /\/docs\/components\/webhook#receive$/);
    await designer.panel.getByTestId("retrieve-sample").click();
    const testUrl = (await designer.panel.getByTestId("test-url").textContent()) ?? "";
    expect(testUrl).toMatch(/\/test-hook\/[0-9a-f-]+$/);
    const sent = await fetch(testUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ORDER) });
    expect(sent.status).toBe(200);
    await expect(designer.sampleBody).toContainText('"name": "Ada Lovelace"');
    await expect(designer.panel.getByTestId("sample-source")).toContainText("received by the test URL");

    // A transform dropped beside it is not connected yet: the node says so, publishing is refused.
    await designer.dragOntoCanvas("transform.map", { rightOf: "webhook" });
    await expect(designer.stepIssues("transform")).toContainText('Cannot be reached from the trigger "webhook"; connect it or remove it');
    await expect(designer.stepIssues("transform")).toContainText("Expression is required");
    await expect(designer.publishButton).toBeDisabled();
    await designer.connect("webhook", "transform");
    await expect(designer.stepIssues("transform")).not.toContainText("Cannot be reached");

    // Its output in one place — its settings, no Mapping tab: fields over the webhook's sample, or
    // one expression in developer mode, with autocomplete and the value as you type.
    await designer.openStep("transform", "settings");
    await expect(designer.page.getByTestId("panel-tab-mapping")).toHaveCount(0);
    await expect(designer.fieldError("expression")).toHaveText("Required");
    await designer.panel.getByTestId("developer-mode").check();
    const expression = designer.panel.getByTestId("mapping-expression");
    await expression.click();
    await expression.pressSequentially('{ "orderId": id, "customer": customer.na');
    await expect(designer.autocompleteOption("customer.name")).toContainText('"Ada Lovelace"');
    await page.keyboard.press("Enter");
    await expression.pressSequentially(', "total": $sum(items.(price * quantity)) }');
    await expect(designer.panel.getByTestId("mapping-expression-preview")).toHaveText('→ Preview: {"orderId":42,"customer":"Ada Lovelace","total":10}');
    await expect(designer.step("transform")).not.toHaveAttribute("data-invalid", "true");
    await expect(designer.fieldError("expression")).toBeHidden();

    // The same expression as fields: one model, edited either way; a field added is part of it.
    await designer.panel.getByTestId("developer-mode").uncheck();
    await expect(designer.mappingKey(0)).toHaveValue("orderId");
    await expect(designer.mappingKey(2)).toHaveValue("total");
    await expect(designer.mappingPreview(2)).toHaveText("→ Preview: 10");
    await designer.addMappingField.click();
    await designer.mappingKey(3).fill("via");
    await designer.mappingValue(3).pressSequentially("$headers.method");
    await expect(designer.mappingPreview(3)).toHaveText('→ Preview: "POST"');
    await designer.panel.getByTestId("developer-mode").check();
    await expect(expression).toHaveValue('{\n  "orderId": id,\n  "customer": customer.name,\n  "total": $sum(items.(price * quantity)),\n  "via": $headers.method\n}');
    await expect(designer.step("transform")).not.toHaveAttribute("data-invalid", "true");

    // An expression that never ends (a flow someone else wrote, say) is stopped at the runners' time
    // limit, off the page's thread: the page answers meanwhile; the expression back, its value too.
    const typed = await expression.inputValue();
    await expression.fill("($f := function($x){ $f($x) }; $f(1))");
    await page.waitForTimeout(400);
    const asked = Date.now();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(Date.now() - asked).toBeLessThan(500);
    await expect(designer.panel.getByTestId("mapping-expression-error")).toContainText("expression stopped after 1000 ms", LIVE);
    await expression.fill(typed);
    await expect(designer.panel.getByTestId("mapping-expression-preview")).toHaveText('→ Preview: {"orderId":42,"customer":"Ada Lovelace","total":10,"via":"POST"}');

    // Its sample: it runs once, in the worker, on the webhook's sample.
    await designer.page.getByTestId("panel-tab-sample").click();
    await designer.panel.getByTestId("run-step").click();
    await expect(designer.sampleBody).toContainText('"orderId": 42', LIVE);

    // "+" after it: an http action, connected; its URL is required, at the field.
    await designer.addAfter("transform", "http", "http");
    await expect(designer.panel).toContainText("HTTP: Send an HTTP request");
    await expect(designer.fieldError("url")).toHaveText("Required");
    await designer.field("url").getByRole("textbox").fill(`${sink.url}/orders`);
    await expect(designer.fieldError("url")).toBeHidden();

    // Three fields mapped: picked from the autocomplete, pressed in the sample's field list, typed.
    await designer.page.getByTestId("panel-tab-mapping").click();
    await expect(designer.sampleField("customer")).toBeVisible();
    await designer.addMappingField.click();
    await designer.mappingKey(0).fill("customer");
    await designer.mappingValue(0).pressSequentially("cust");
    await designer.autocompleteOption("customer").click();
    await expect(designer.mappingValue(0)).toHaveValue("customer");
    await expect(designer.mappingPreview(0)).toHaveText('→ Preview: "Ada Lovelace"');
    await designer.sampleField("orderId").click();
    await expect(designer.mappingKey(1)).toHaveValue("orderId");
    await expect(designer.mappingPreview(1)).toHaveText("→ Preview: 42");
    await designer.addMappingField.click();
    await designer.mappingKey(2).fill("email");
    await designer.mappingValue(2).pressSequentially("$lowercase($steps.webhook.customer.em");
    await designer.autocompleteOption("$steps.webhook.customer.email").click();
    await designer.mappingValue(2).pressSequentially(")");
    await expect(designer.mappingPreview(2)).toHaveText('→ Preview: "ada@example.com"');
    await designer.saved();
    await saveDocsScreenshot(page, platform, "designer-mapping", { fullPage: false });

    // Developer mode shows the same mapping as one JSONata object.
    await designer.panel.getByTestId("developer-mode").check();
    await expect(designer.panel.getByTestId("mapping-expression")).toHaveValue('{\n  "customer": customer,\n  "orderId": orderId,\n  "email": $lowercase($steps.webhook.customer.email)\n}');
    await designer.panel.getByTestId("developer-mode").uncheck();

    // Publish: version 2. Start it from the designer and send it an order.
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText("Published version 2");
    await expect(designer.version).toHaveText("version 2");
    // the note covers nothing the person reads: not the open step's title
    const note = await designer.publishOutcome.boundingBox();
    const title = await designer.panel.getByRole("heading").first().boundingBox();
    if (!note || !title) throw new Error("the publish note or the panel's title is not on the page");
    const overlaps = note.x < title.x + title.width && title.x < note.x + note.width && note.y < title.y + title.height && title.y < note.y + note.height;
    expect(overlaps).toBe(false);
    await designer.page.keyboard.press("Escape");
    await designer.canvas.getByRole("button", { name: /fit view/i }).click();
    await expect(designer.publishOutcome).toBeHidden({ timeout: 10_000 });
    await saveDocsScreenshot(page, platform, "designer-canvas", { fullPage: false });
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const webhookUrl = (await designer.webhookUrl.textContent()) ?? "";
    const posted = await fetch(webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: 7, customer: { name: "Grace Hopper", email: "GRACE@NAVY.MIL" }, items: [{ price: 10, quantity: 3 }] }),
    });
    expect(posted.status).toBe(202);
    await expect.poll(() => sink.deliveries, LIVE).toEqual([{ customer: "Grace Hopper", orderId: 7, email: "grace@navy.mil" }]);

    // Stop it, restore version 1 on the flow's page: the designer shows the trigger alone again.
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);
    const flowUrl = page.url().replace(/\/designer$/, "");
    await page.goto(flowUrl);
    await flowDetailPage.versions.restore(1);
    await expect(flowDetailPage.versions.numbers).toHaveText(["v3", "v2", "v1"], LIVE);
    await flowDetailPage.page.getByTestId("open-designer").click();
    await expect(designer.version).toHaveText("version 3");
    await expect(designer.step("webhook")).toBeVisible();
    await expect(designer.step("transform")).toHaveCount(0);
    await expect(designer.step("http")).toHaveCount(0);
  } finally {
    await sink.close();
  }
});

test("an invalid graph and an invalid expression show their messages where they are; undo, redo and Delete edit the canvas", async ({ page, signInAsOwner, designerPage: designer }) => {
  test.setTimeout(120_000);
  await signInAsOwner();
  await designer.createFlow(`Broken ${Date.now().toString(36)}`);
  await designer.dragOntoCanvas("webhook.receive", { x: 220, y: 300 });
  await expect(designer.step("webhook")).toBeVisible();

  // The palette by keyboard: Enter on an action adds it after the selected step, connected.
  await designer.step("webhook").click();
  await designer.paletteItem("transform.map").focus();
  await page.keyboard.press("Enter");
  await expect(designer.step("transform")).toBeVisible();
  await expect(designer.panel).toContainText("Transform: Map");
  await expect(designer.stepIssues("transform")).toHaveText("Expression is required");
  await designer.panel.getByTestId("remove-step").click();
  await expect(designer.step("transform")).toHaveCount(0);

  // An action nobody connected: the reason on the node, in the list of problems, publishing refused.
  await designer.dragOntoCanvas("http.request", { rightOf: "webhook", dx: 200 });
  await expect(designer.stepIssues("http")).toContainText('Cannot be reached from the trigger "webhook"; connect it or remove it');
  await expect(designer.stepIssues("http")).toContainText("URL is required");
  await expect(designer.problemsButton).toHaveText("2 problems");
  await expect(designer.publishButton).toBeDisabled();

  // Undo and redo the drop (keyboard and buttons).
  await page.getByTestId("canvas").click({ position: { x: 20, y: 20 } });
  await page.keyboard.press("Control+z");
  await expect(designer.step("http")).toHaveCount(0);
  await designer.redoButton.click();
  await expect(designer.step("http")).toBeVisible();

  // Delete the trigger: the flow has none, the palette offers triggers again.
  await designer.step("webhook").click();
  await page.keyboard.press("Escape");
  await designer.step("webhook").click();
  await page.keyboard.press("Delete");
  await expect(designer.step("webhook")).toHaveCount(0);
  await designer.problemsButton.click();
  await expect(designer.problemList).toContainText("The flow has no trigger; its first step must be a trigger");
  // the list closes with Escape, and with a click outside it
  await page.keyboard.press("Escape");
  await expect(designer.problemList).toBeHidden();
  await designer.problemsButton.click();
  await expect(designer.problemList).toBeVisible();
  await page.getByTestId("canvas").click({ position: { x: 20, y: 20 } });
  await expect(designer.problemList).toBeHidden();
  await designer.problemsButton.click();
  await expect(designer.paletteItem("webhook.receive")).not.toHaveAttribute("aria-disabled", "true");
  await designer.undoButton.click();
  await expect(designer.step("webhook")).toBeVisible();

  // Connected, mapped with an expression that does not parse: the error under the field, at once.
  await designer.connect("webhook", "http");
  await expect(designer.stepIssues("http")).not.toContainText("Cannot be reached");
  await designer.openStep("webhook", "sample");
  await designer.panel.getByTestId("type-sample").click();
  await designer.panel.getByTestId("typed-sample").fill('{ "id": 1, "tags": ["a", "b"] }');
  await designer.panel.getByTestId("save-typed-sample").click();
  await expect(designer.sampleBody).toContainText('"tags"');
  await designer.openStep("http", "mapping");
  await designer.addMappingField.click();
  await designer.mappingKey(0).fill("count");
  await designer.mappingValue(0).fill("$count(tags");
  await expect(designer.mappingError(0)).toContainText("at character");
  await expect(designer.stepIssues("http")).toContainText("Mapping is not valid JSONata");
  await designer.mappingValue(0).fill("$count(tags)");
  await expect(designer.mappingError(0)).toBeHidden();
  await expect(designer.mappingPreview(0)).toHaveText("→ Preview: 2");
  await expect(designer.stepIssues("http")).not.toContainText("Mapping is not valid JSONata");
  await designer.saved();
});

test("an action placed before the trigger stays, with its settings, once the trigger is dropped: the trigger comes before it", async ({ page, signInAsOwner, designerPage: designer }) => {
  test.setTimeout(120_000);
  await signInAsOwner();
  await designer.createFlow(`Action first ${Date.now().toString(36)}`);
  await designer.dragOntoCanvas("http.request", { x: 520, y: 300 });
  await expect(designer.step("http")).toBeVisible();
  await designer.openStep("http", "settings");
  // the panel covers where the step was: the canvas moves only as far as it takes to show it (no jump to its center)
  const fromRightEdge = async () => {
    const canvas = await designer.canvas.boundingBox();
    const step = await designer.step("http").boundingBox();
    if (!canvas || !step) throw new Error("the canvas or the step is not shown");
    // 48 px (the room kept for the "+" after it), give or take a pixel of rounding
    return Math.abs(canvas.x + canvas.width - (step.x + step.width) - 48) <= 2;
  };
  await expect.poll(fromRightEdge).toBe(true);
  await designer.canvasSettled();
  expect(await fromRightEdge()).toBe(true);
  await designer.field("url").getByRole("textbox").fill("https://example.org/orders");

  await designer.dragOntoCanvas("webhook.receive", { x: 160, y: 300 });
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]+\/designer$/);
  await expect(designer.step("webhook")).toBeVisible();
  await expect(designer.step("http")).toBeVisible();
  // connected after the trigger, and complete: the step has no problem to show
  await expect(designer.stepIssues("http")).toHaveCount(0);
  await designer.openStep("http", "settings");
  await expect(designer.field("url").getByRole("textbox")).toHaveValue("https://example.org/orders");
  // and after a reload: it is the flow's, not the page's
  await page.reload();
  await expect(designer.step("http")).toBeVisible();
  await designer.openStep("http", "settings");
  await expect(designer.field("url").getByRole("textbox")).toHaveValue("https://example.org/orders");
});

test("Start while the draft holds unpublished changes says so: publish and start, or start the published version (the draft's problems keep it from being published)", async ({
  page,
  signInAsOwner,
  designerPage: designer,
}) => {
  test.setTimeout(180_000);
  const sink = await new Sink().start();
  try {
    await signInAsOwner();
    await designer.createFlow(`Start with a draft ${Date.now().toString(36)}`);
    await designer.dragOntoCanvas("webhook.receive", { x: 220, y: 300 });
    await expect(designer.version).toHaveText("version 1");
    // a complete change, not published: Start asks
    await designer.step("webhook").click();
    await designer.paletteItem("http.request").focus();
    await page.keyboard.press("Enter");
    await designer.openStep("http", "settings");
    await designer.field("url").getByRole("textbox").fill(sink.url);
    await designer.saved();
    await expect(designer.version).toHaveText("draft of version 1");
    await designer.toolbar.getByTestId("flow-start").click();
    const asking = page.getByTestId("start-with-draft");
    await expect(asking).toContainText("The draft has changes that are not published. Start runs version 1 as it was published, without them.");
    // Escape: nothing started
    await page.keyboard.press("Escape");
    await expect(asking).toBeHidden();
    await expect(designer.state).toHaveText(/Stopped/);
    await designer.toolbar.getByTestId("flow-start").click();
    await asking.getByTestId("publish-and-start").click();
    await expect(designer.version).toHaveText("version 2");
    await expect(designer.state).toHaveText(/Running/, LIVE);
    const posted = await fetch((await designer.webhookUrl.textContent()) ?? "", { method: "POST", headers: { "content-type": "application/json" }, body: '{"n":1}' });
    expect(posted.status).toBe(202);
    await expect.poll(() => sink.deliveries.length, LIVE).toBe(1);
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);

    // a change with a problem: it cannot be published; the published version starts on request
    await designer.step("http").click();
    await designer.paletteItem("transform.map").focus();
    await page.keyboard.press("Enter");
    await designer.saved();
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(asking.getByTestId("start-with-draft-problems")).toHaveText("The draft has 1 problem: fix it to publish it.");
    await expect(asking.getByTestId("publish-and-start")).toBeDisabled();
    await asking.getByTestId("start-published").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);
    await expect(designer.version).toHaveText("draft of version 2");
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);

    // started from the flow's page, the draft's changes are not asked about, but said
    await page.goto(page.url().replace(/\/designer$/, ""));
    await page.getByTestId("flow-start").click();
    await expect(page.getByTestId("flow-action-note")).toHaveText("Version 2 runs as it was published: the draft's changes are not in it until you publish them.");
    await expect(page.getByTestId("flow-stop")).toBeEnabled(LIVE);
    await page.getByTestId("flow-stop").click();
    await expect(page.getByTestId("flow-start")).toBeEnabled(LIVE);
  } finally {
    await sink.close();
  }
});

test("at 1440×900, the sample's fields stay in sight while the person scrolls to a field far down, and drop onto it", async ({ page, platform, signInAsOwner, designerPage: designer }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAsOwner();
  await designer.createFlow(`Many fields ${Date.now().toString(36)}`);
  await designer.dragOntoCanvas("webhook.receive", { x: 220, y: 300 });
  await designer.openStep("webhook", "sample");
  await designer.panel.getByTestId("type-sample").click();
  await designer.panel.getByTestId("typed-sample").fill('{ "id": 1, "name": "Ada", "email": "ada@example.org", "city": "London" }');
  await designer.panel.getByTestId("save-typed-sample").click();
  await designer.addAfter("webhook", "http", "http");
  await designer.page.getByTestId("panel-tab-mapping").click();
  for (let i = 0; i < 8; i++) await designer.addMappingField.click();
  const last = designer.mappingValue(7);
  await last.scrollIntoViewIfNeeded();
  const chip = designer.sampleField("city");
  await expect(chip).toBeInViewport();
  await expect(last).toBeInViewport();
  await chip.dragTo(last);
  await expect(last).toHaveValue("city");
  await expect(designer.mappingPreview(7)).toHaveText('→ Preview: "London"');
  await saveDocsScreenshot(page, platform, "designer-mapping-many-fields", { fullPage: false });
});
