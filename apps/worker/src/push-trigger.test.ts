// A flow that starts with a push trigger (MQTT subscribe), end to end on real PostgreSQL, Redis,
// runner processes and a real broker (Debian's mosquitto): each message published to the topic is
// delivered; the flow stays running with nothing to do (a subscription does not sleep); what is
// published while it is stopped is delivered once it starts again; webhooks are refused, saying why.
import { afterAll, beforeAll, expect, it } from "vitest";
import mqtt from "mqtt";
import { type MqttBroker, startMosquitto } from "../../../packages/components/src/mqtt/test-server";
import { type Harness, postOrder, startHarness, waitForState } from "./testing/harness";
import { Sink } from "./testing/sink";

const IDLE_SECONDS = 1.5;
let h: Harness;
let broker: MqttBroker;

beforeAll(async () => {
  [h, broker] = await Promise.all([
    startHarness({ database: "interflow_worker_push_test", redisDb: 12, workerEnv: { INTERFLOW_IDLE_SECONDS: String(IDLE_SECONDS), INTERFLOW_MONITOR_INTERVAL_MS: "100" } }),
    startMosquitto(),
  ]);
});
afterAll(async () => {
  await h?.close();
  await broker?.stop();
});

it("delivers every message of the subscribed topic, does not sleep, and delivers what came while it was stopped once started again", async () => {
  const sink = await new Sink().start();
  const device = await mqtt.connectAsync(broker.url, { username: "ada", password: "ada-secret", protocolVersion: 4 });
  try {
    const credential = await h.caller.credentials.create({ name: "Plant broker", component: "mqtt", authKind: "basic", values: { url: broker.url, username: "ada" }, secrets: { password: "ada-secret" } });
    const { id } = await h.caller.flows.import({
      document: {
        schema: "interflow/flow@1",
        name: "Readings to the archive",
        type: "ordinary",
        nodes: [
          { id: "readings", component: "mqtt", function: "subscribe", config: { topic: "plant/+/reading" }, credentialId: credential.id, position: { x: 0, y: 0 } },
          { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/readings` }, mapping: '$merge([$, { "topic": $headers."mqtt.topic" }])', position: { x: 280, y: 0 } },
        ],
        edges: [{ source: "readings", target: "deliver" }],
      },
    });
    await h.caller.flows.start({ id });
    await waitForState(h.caller, id, "running");
    // the subscription is made by the trigger's runner, which reports as up once subscribed: the broker keeps the step's messages from then on
    const triggerUp = async () => (await h.caller.flows.status({ id })).steps.find((s) => s.id === "readings")?.replicas.up ?? 0;
    await expect.poll(triggerUp, { timeout: 30_000 }).toBe(1);
    for (let i = 0; i < 10; i++) await device.publishAsync(`plant/line-${i % 2}/reading`, JSON.stringify({ i, celsius: 20 + i }), { qos: 1 });
    await expect.poll(() => sink.deliveries.length, { timeout: 30_000 }).toBe(10);
    expect(sink.deliveries.map((d) => d.body.i as number).sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(sink.deliveries.find((d) => d.body.i === 3)).toMatchObject({ path: "/readings", body: { celsius: 23, topic: "plant/line-1/reading" } });

    // nothing to do for longer than an ordinary flow stays awake: still running, still subscribed
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000 * 2 + 500));
    expect((await h.caller.flows.status({ id })).state).toBe("running");
    // its trigger takes no webhooks
    expect(await postOrder(h.gateway.url, id, 1)).toBe(404);

    // stopped: the broker keeps what comes for it
    await h.caller.flows.stop({ id });
    await waitForState(h.caller, id, "stopped");
    for (let i = 10; i < 15; i++) await device.publishAsync("plant/line-0/reading", JSON.stringify({ i }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.deliveries.length).toBe(10);
    await h.caller.flows.start({ id });
    await waitForState(h.caller, id, "running");
    await expect.poll(() => sink.deliveries.length, { timeout: 30_000 }).toBe(15);
    await h.caller.flows.stop({ id });
    await waitForState(h.caller, id, "stopped");
  } finally {
    await device.endAsync();
    await sink.close();
  }
});
