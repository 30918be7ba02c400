import { defineTrigger } from "@interflow/sdk";
import { z } from "zod";
import { connected, mqttAccountOfCredential, mqttClient, mqttError } from "./connection";

export const subscribeConfig = z.object({
  topic: z.string({ error: "write the topic (filter) to subscribe to" }).trim().min(1, "write the topic (filter) to subscribe to").max(1024),
  qos: z.coerce.number().pipe(z.union([z.literal(0), z.literal(1)], { error: "qos: 0 or 1" })).default(1),
  /** json: a payload that parses as JSON is the body, else its text; text: always the text */
  payload: z.enum(["json", "text"]).default("json"),
});
export type SubscribeConfig = z.infer<typeof subscribeConfig>;

function bodyOf(payload: Buffer, as: SubscribeConfig["payload"]): unknown {
  const text = payload.toString("utf8");
  if (as === "text") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Subscribes to a topic filter with a durable session (the same client id across restarts, clean
 * session off) and emits each message. With QoS 1 a message is acknowledged (PUBACK) only once it
 * is in the flow's queue: a runner killed before that gets it again from the broker, and while the
 * flow is stopped or suspended the broker keeps what arrives for it.
 */
export const subscribe = defineTrigger<SubscribeConfig>({
  title: "Receive messages",
  description: "Subscribes to an MQTT topic and starts the flow with each message, as it arrives.",
  help: {
    description:
      "Use + and # in the topic for several topics (sensors/+/temperature). With QoS 1 nothing is lost: a message is confirmed to the broker only once the flow has it, and the broker keeps messages while the flow is stopped or suspended (up to its own limits).",
    link: "components/mqtt#subscribe",
  },
  fields: [
    { key: "topic", label: "Topic", type: "text", required: true, placeholder: "sensors/+/temperature", help: { description: "A topic, or a filter with + (one level) and # (all below)." } },
    {
      key: "qos",
      label: "QoS",
      type: "select",
      default: "1",
      options: [
        { value: "1", label: "1: at least once (nothing lost; a message may come twice)" },
        { value: "0", label: "0: at most once" },
      ],
      help: { description: "1 confirms each message only once the flow has it; 0 takes what comes while connected." },
    },
    {
      key: "payload",
      label: "Payload",
      type: "select",
      default: "json",
      options: [
        { value: "json", label: "JSON when it parses, else text" },
        { value: "text", label: "text" },
      ],
      help: { description: "What the message's body is." },
    },
  ],
  config: subscribeConfig,
  subscribe: async (ctx) => {
    const account = mqttAccountOfCredential(ctx.credential);
    const client = await mqttClient(account, { clientId: ctx.subscriberId, clean: false });
    // a message is acknowledged only when the flow has it: the PUBACK waits for the emit
    client.handleMessage = (packet, done) => {
      const payload = typeof packet.payload === "string" ? Buffer.from(packet.payload) : Buffer.from(packet.payload);
      ctx
        .emit(bodyOf(payload, ctx.config.payload), { headers: { "mqtt.topic": packet.topic, "mqtt.retain": packet.retain, "mqtt.qos": packet.qos } })
        .then(
          () => done(),
          (error: Error) => {
            ctx.logger.error("a message could not be handed to the flow: the broker gets it back", { error: error.message });
            done(error);
          },
        );
    };
    client.on("error", (error) => ctx.logger.warn("MQTT connection", { error: error.message }));
    try {
      await connected(client);
      await client.subscribeAsync(ctx.config.topic, { qos: ctx.config.qos });
    } catch (error) {
      client.end(true);
      throw mqttError(error, account);
    }
    return { close: () => client.endAsync().then(() => {}) };
  },
});
