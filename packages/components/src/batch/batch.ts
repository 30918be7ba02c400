import { defineAction } from "@interflow/sdk";
import { z } from "zod";
import { jsonataField } from "../transform/expression";

export const BATCH_MAX_SIZE = 1_000;
export const BATCH_MAX_SECONDS = 3_600;

export const batchConfigSchema = z.object({
  /** a batch closes when it holds this many messages */
  size: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(BATCH_MAX_SIZE, `at most ${BATCH_MAX_SIZE}`).default(100),
  /** … or this long after its first message came in */
  maxWaitSeconds: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(BATCH_MAX_SECONDS, `at most ${BATCH_MAX_SECONDS} (an hour)`).default(10),
  /** JSONata over each message: messages with the same value go into the same batch */
  key: jsonataField("a JSONata expression").optional(),
  /**
   * the batch's body: `{ items: [...] }` (the default), or the bare list — what a batch step made
   * before it was `batch/collect` sent, kept for those steps by the upgrade so the steps after
   * them get what they were built for
   */
  body: z.enum(["items", "list"], { error: 'must be "items" or "list"' }).default("items"),
});
export type BatchConfig = z.infer<typeof batchConfigSchema>;

/**
 * Collects messages into one for a bulk API: up to `size`, or what came within `maxWaitSeconds` of the
 * first, per key. The runner keeps each batch in Redis as it fills (it survives restarts and kills)
 * and sends it on as one message whose body is `{ items }`: the list of bodies, in the order they came.
 */
export const batch = defineAction<BatchConfig>({
  pure: true,
  title: "Batch",
  description: "Collects messages into one ({ items: their bodies }) by count and time, optionally per key, for bulk APIs.",
  config: batchConfigSchema,
  help: {
    description:
      "Sends one message per batch: its body is { \"items\": [...] }, the collected bodies in the order they came; $headers.batch has its size, key, and whether it closed full (size), at the end of its time (time) or at 5 MB (bytes). A batch in progress is kept in Redis: a restart or a crash loses none of it.",
    link: "components/batch#collect",
  },
  fields: [
    { key: "size", label: "At most", type: "number", unit: "messages", min: 1, max: BATCH_MAX_SIZE, default: 100, help: { description: "A batch is sent as soon as it holds this many messages." } },
    { key: "maxWaitSeconds", label: "Or after", type: "number", unit: "s", min: 1, max: BATCH_MAX_SECONDS, default: 10, help: { description: "A batch is sent this long after its first message came in, however many it holds." } },
    {
      key: "key",
      label: "One batch per",
      type: "code",
      language: "jsonata",
      placeholder: "customer.id",
      help: { description: "Optional: JSONata over each message; messages with the same value are batched together (one batch per customer, per region …). Empty: one batch for all." },
    },
    {
      key: "body",
      label: "Sends",
      type: "select",
      options: [
        { value: "items", label: '{ "items": [the bodies] }' },
        { value: "list", label: "The list of bodies" },
      ],
      default: "items",
      help: { description: "The batch's message body: an object whose items are the collected bodies (most bulk APIs take one), or the bare list." },
    },
  ],
  collect: (config) => ({ size: config.size, windowMs: config.maxWaitSeconds * 1000, body: config.body, ...(config.key !== undefined ? { key: config.key } : {}) }),
  // a single test run (the designer's): the message as a batch of one
  process: async (ctx) => {
    const now = new Date().toISOString();
    ctx.emit.data(ctx.config.body === "list" ? [ctx.message.body] : { items: [ctx.message.body] }, { headers: { batch: { id: ctx.message.id, size: 1, key: "", closedBy: "size", openedAt: now, closedAt: now } } });
  },
});
