// The MQTT component against a real broker (Debian's mosquitto, started here in a directory of
// its own): publish waits for the broker's PUBACK; the subscription emits each message and
// acknowledges it only once the flow has it, so a message whose hand-over did not finish comes
// again from the broker; a closed subscription (a stopped or suspended flow) finds what was
// published meanwhile; wrong password, closed port and the form's mistakes are named.
import { AuthenticationError, credentialDefinitionOf, RetryableError, type StepCredential, type Subscription } from "@interflow/sdk";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runStep } from "../testing";
import { mqttComponent } from "./mqtt";
import { closeMqttClients, publish } from "./publish";
import { subscribe } from "./subscribe";
import { type MqttBroker, startMosquitto } from "./test-server";

let broker: MqttBroker;
let credential: StepCredential;

beforeAll(async () => {
  broker = await startMosquitto();
  credential = { authKind: "basic", fields: { url: broker.url, username: "ada", password: "ada-secret" } };
}, 60_000);

afterAll(async () => {
  await closeMqttClients();
  await broker?.stop();
});

/** A plain client of the test's own, as a device would be. */
async function device() {
  return mqtt.connectAsync(broker.url, { username: "ada", password: "ada-secret", protocolVersion: 4 });
}

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The subscription as a runner opens it, handing each message to `emit`. */
function open(config: Record<string, unknown>, emit: (body: unknown, options?: { headers?: Record<string, unknown> }) => Promise<void>, subscriberId: string): Promise<Subscription> {
  const start = subscribe.subscribe;
  if (!start) throw new Error("subscribe does not push");
  return start({ config: subscribe.config.parse(config), credential, emit, logger: quiet, fetch, signal: new AbortController().signal, subscriberId });
}

const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("publish", () => {
  it("publishes the body (JSON, or text as it is) and waits for the broker", async () => {
    const listener = await device();
    const got: Array<[string, string]> = [];
    listener.on("message", (topic, payload) => got.push([topic, payload.toString()]));
    await listener.subscribeAsync("orders/#", { qos: 1 });
    const sent = await runStep(publish, { config: { topic: "orders/new" }, body: { id: 7, total: 9.5 }, credential });
    expect(sent.emitted).toEqual([{ topic: "orders/new", qos: 1, bytes: 20 }]);
    await runStep(publish, { config: { topic: "orders/note", qos: "0" }, body: "plain text", credential });
    await until(() => got.length === 2);
    expect(got).toEqual([
      ["orders/new", '{"id":7,"total":9.5}'],
      ["orders/note", "plain text"],
    ]);
    await listener.endAsync();
  });

  it("refuses a topic with wildcards; a wrong password is an authentication error, a closed port is retried", async () => {
    expect(publish.config.safeParse({ topic: "orders/#" }).error?.issues[0]?.message).toBe("a topic to publish to has no wildcards (+ or #)");
    expect(publish.config.safeParse({ topic: "a", qos: 2 }).error?.issues[0]?.message).toBe("qos: 0 or 1");
    const wrong = await runStep(publish, { config: { topic: "x" }, body: 1, credential: { ...credential, fields: { ...credential.fields, password: "nope" } } }).catch((e: Error) => e);
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong as Error).message).toMatch(/^127\.0\.0\.1:\d+ refused the sign-in/);
    const closed = await runStep(publish, { config: { topic: "x" }, body: 1, credential: { ...credential, fields: { ...credential.fields, url: "mqtt://127.0.0.1:1" } } }).catch((e: Error) => e);
    expect(closed).toBeInstanceOf(RetryableError);
    expect((closed as Error).message).toBe("127.0.0.1:1 refused the connection: is the broker running there?");
  });
});

describe("subscribe (push trigger)", () => {
  it("emits each message (JSON when it parses) with its topic; what is published while it is closed comes when it opens again", async () => {
    const emitted: Array<{ body: unknown; headers?: Record<string, unknown> }> = [];
    let subscription = await open({ topic: "sensors/+/temperature" }, async (body, options) => void emitted.push({ body, headers: options?.headers }), "sub-a");
    const sensor = await device();
    await sensor.publishAsync("sensors/hall/temperature", '{"c":21.5}', { qos: 1 });
    await sensor.publishAsync("sensors/roof/temperature", "not json", { qos: 1 });
    await sensor.publishAsync("sensors/roof/humidity", "55", { qos: 1 });
    await until(() => emitted.length === 2);
    expect(emitted).toEqual([
      { body: { c: 21.5 }, headers: { "mqtt.topic": "sensors/hall/temperature", "mqtt.retain": false, "mqtt.qos": 1 } },
      { body: "not json", headers: { "mqtt.topic": "sensors/roof/temperature", "mqtt.retain": false, "mqtt.qos": 1 } },
    ]);

    // closed (the flow stopped or suspended): the broker keeps what comes for the same subscriber
    await subscription.close();
    for (let i = 0; i < 20; i++) await sensor.publishAsync("sensors/cellar/temperature", JSON.stringify({ i }), { qos: 1 });
    subscription = await open({ topic: "sensors/+/temperature" }, async (body) => void emitted.push({ body }), "sub-a");
    await until(() => emitted.length === 22);
    expect(emitted.slice(2).map((e) => (e.body as { i: number }).i)).toEqual([...Array(20).keys()]);
    await subscription.close();
    await sensor.endAsync();
  });

  it("acknowledges a message only once the flow has it: one whose hand-over never finished comes again", async () => {
    const first: unknown[] = [];
    // the runner is killed while the flow takes the message: the emit never resolves
    const subscription = await open({ topic: "jobs" }, (body) => {
      first.push(body);
      return new Promise(() => {});
    }, "sub-b");
    const sender = await device();
    await sender.publishAsync("jobs", '{"job":1}', { qos: 1 });
    await until(() => first.length === 1);
    // gone without a word, as a killed runner is: the connection drops, no PUBACK was sent
    const closing = subscription.close();
    await Promise.race([closing, new Promise((r) => setTimeout(r, 500))]);
    const again: unknown[] = [];
    const next = await open({ topic: "jobs" }, async (body) => void again.push(body), "sub-b");
    await until(() => again.length >= 1);
    expect(again[0]).toEqual({ job: 1 });
    await next.close();
    await sender.endAsync();
  });
});

describe("credential", () => {
  const verify = (fields: Record<string, unknown>) => credentialDefinitionOf(mqttComponent, "basic")?.verify?.({ fields, signal: new AbortController().signal, fetch });

  it("verifies a broker, and names the field that is wrong", async () => {
    expect(await verify(credential.fields)).toEqual({ verified: true });
    expect(await verify({ ...credential.fields, password: "nope" })).toMatchObject({ verified: false, field: "password", message: expect.stringMatching(/refused the sign-in/) });
    expect(await verify({ ...credential.fields, url: "mqtt://127.0.0.1:1" })).toEqual({ verified: false, field: "url", message: "127.0.0.1:1 refused the connection: is the broker running there?" });
    expect(await verify({ url: "http://broker" })).toEqual({ verified: false, field: "url", message: "url: write it as mqtt://broker.example.com:1883 (mqtts:// for TLS)" });
  });
});
