import mqtt from "mqtt";
import { startMosquitto } from "../packages/components/src/mqtt/test-server";
import { expect, test } from "./fixtures";
import { saveDocsScreenshot } from "./support/screenshots";
import { Sink } from "./support/sink";

const LIVE = { timeout: 30_000 };

test("a person starts a flow with each MQTT message: the broker's credential verified, a topic filter, readings delivered as they are published", async ({
  page,
  platform,
  signInAsOwner,
  designerPage: designer,
}) => {
  test.setTimeout(240_000);
  const [broker, sink] = await Promise.all([startMosquitto(), new Sink().start()]);
  const device = await mqtt.connectAsync(broker.url, { username: "ada", password: "ada-secret", protocolVersion: 4 });
  try {
    await signInAsOwner();
    await designer.createFlow(`Plant readings ${Date.now().toString(36)}`);
    await designer.dragOntoCanvas("mqtt.subscribe", { x: 220, y: 300 });
    await expect(designer.step("mqtt")).toBeVisible();
    await designer.openStep("mqtt");
    await expect(designer.panel.getByTestId("push-trigger-note")).toContainText("each message starts the flow as it arrives");

    // the broker's credential, made inline: a wrong password is refused at the field, the right one verified
    await designer.panel.getByTestId("new-credential-inline").click();
    const wizard = page.getByTestId("credential-wizard");
    await wizard.getByLabel("Name", { exact: true }).fill(`Plant broker ${Date.now().toString(36)}`);
    await wizard.getByLabel(/^Broker/).fill(broker.url);
    await wizard.getByLabel(/^User name/).fill("ada");
    await wizard.getByLabel(/^Password/).fill("not-the-password");
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("field-error-password")).toContainText("refused the sign-in", LIVE);
    await wizard.getByLabel(/^Password/).fill("ada-secret");
    await wizard.getByTestId("credential-verify").click();
    await expect(wizard.getByTestId("credential-verified")).toBeVisible(LIVE);
    await wizard.getByTestId("credential-save").click();
    await expect(wizard).toBeHidden(LIVE);
    await designer.field("topic").getByRole("textbox").fill("plant/+/reading");
    await designer.saved();
    await saveDocsScreenshot(page, platform, "designer-mqtt", { fullPage: false });

    await designer.addAfter("mqtt", "http request", "http");
    await designer.field("url").getByRole("textbox").fill(`${sink.url}/readings`);
    await designer.mapFields([
      ["line", '$split($headers."mqtt.topic", "/")[1]'],
      ["celsius", "celsius"],
    ]);
    await designer.saved();
    await designer.publishButton.click();
    await expect(designer.publishOutcome).toHaveText(/Published version \d+/);
    await designer.toolbar.getByTestId("flow-start").click();
    await expect(designer.state).toHaveText(/Running/, LIVE);

    // readings published until the subscription has them (it is made once the trigger's runner is up)
    await expect
      .poll(
        async () => {
          await device.publishAsync("plant/line-1/reading", JSON.stringify({ celsius: 21.5 }), { qos: 1 });
          return sink.deliveries.length;
        },
        { ...LIVE, intervals: [1_000] },
      )
      .toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await device.publishAsync(`plant/line-${i}/reading`, JSON.stringify({ celsius: 20 + i }), { qos: 1 });
    // the readings (not the probes: 21.5 °C), each once, in the order published
    const readings = () => sink.deliveries.filter((d) => (d as { celsius: number }).celsius !== 21.5);
    await expect.poll(() => readings().length, LIVE).toBe(5);
    expect(readings()).toEqual([0, 1, 2, 3, 4].map((i) => ({ line: `line-${i}`, celsius: 20 + i })));
    expect(sink.deliveries.every((d) => (d as { line: string }).line.startsWith("line-"))).toBe(true);
    expect(await page.content()).not.toContain("ada-secret");
    await designer.toolbar.getByTestId("flow-stop").click();
    await expect(designer.state).toHaveText(/Stopped/, LIVE);
  } finally {
    await device.endAsync();
    await Promise.all([broker.stop(), sink.close()]);
  }
});
