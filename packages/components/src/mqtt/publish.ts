import { createHash } from "node:crypto";
import { defineAction } from "@interflow/sdk";
import type { MqttClient } from "mqtt";
import { z } from "zod";
import { connected, type MqttAccount, mqttAccountOfCredential, mqttClient, mqttError } from "./connection";

export const publishConfig = z.object({
  topic: z
    .string({ error: "write the topic to publish to" })
    .trim()
    .min(1, "write the topic to publish to")
    .refine((topic) => !/[+#]/.test(topic), "a topic to publish to has no wildcards (+ or #)"),
  qos: z.coerce.number().pipe(z.union([z.literal(0), z.literal(1)], { error: "qos: 0 or 1" })).default(1),
  retain: z.boolean().default(false),
});
export type PublishConfig = z.infer<typeof publishConfig>;

/** One connected client per broker and account in this process: every message of a step reuses it. */
const clients = new Map<string, MqttClient>();
const keyOf = (account: MqttAccount) => createHash("sha256").update(JSON.stringify(account)).digest("hex");

async function clientFor(account: MqttAccount): Promise<MqttClient> {
  const key = keyOf(account);
  let client = clients.get(key);
  if (!client) {
    const made = await mqttClient(account, { clean: true });
    // another message may have made one meanwhile
    client = clients.get(key);
    if (client) made.end(true);
    else {
      client = made;
      // errors reach the message being published (it waits for its PUBACK); the client reconnects by itself
      client.on("error", () => {});
      clients.set(key, client);
    }
  }
  try {
    await connected(client);
  } catch (error) {
    // a refused sign-in or an unreachable broker: the next message starts over
    clients.delete(key);
    client.end(true);
    throw error;
  }
  return client;
}

/** Ends every publishing client (when the runner shuts down). */
export async function closeMqttClients(): Promise<void> {
  const closing = [...clients.values()];
  clients.clear();
  await Promise.all(closing.map((client) => client.endAsync().catch(() => {})));
}

/** The payload a message body becomes: text as it is, anything else as JSON. */
export const payloadOf = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body ?? null));

/**
 * Publishes each message to a topic; with QoS 1 the step completes only when the broker has it
 * (its PUBACK), so a broker that is down is retried and nothing is dropped on the way.
 */
export const publish = defineAction<PublishConfig>({
  title: "Publish a message",
  description: "Publishes each message to an MQTT topic (QoS 0 or 1).",
  help: { description: "The message's body is the payload: text as it is, anything else as JSON. With QoS 1 the broker confirms each message before the step goes on.", link: "components/mqtt#publish" },
  fields: [
    { key: "topic", label: "Topic", type: "text", required: true, placeholder: "factory/line-1/orders", help: { description: "Where the message goes; no wildcards." } },
    {
      key: "qos",
      label: "QoS",
      type: "select",
      default: "1",
      options: [
        { value: "1", label: "1: at least once (the broker confirms)" },
        { value: "0", label: "0: at most once (fire and forget)" },
      ],
      help: { description: "1 waits for the broker to confirm each message; 0 does not, and a broker that is down loses it." },
    },
    { key: "retain", label: "Retain", type: "checkbox", default: false, help: { description: "The broker keeps the last message of the topic for subscribers that come later." } },
  ],
  config: publishConfig,
  process: async ({ config, credential, message, emit }) => {
    const account = mqttAccountOfCredential(credential);
    const payload = payloadOf(message.body);
    try {
      const client = await clientFor(account);
      await client.publishAsync(config.topic, payload, { qos: config.qos, retain: config.retain });
    } catch (error) {
      throw mqttError(error, account);
    }
    emit.data({ topic: config.topic, qos: config.qos, bytes: Buffer.byteLength(payload) });
  },
});
