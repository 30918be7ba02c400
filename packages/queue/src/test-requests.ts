import { z } from "zod";
import { keys } from "./names";
import type { Redis } from "./redis";
import { routeAuthSchema } from "./route-auth";

/** How long the designer listens for test requests after "Retrieve sample", and how many it keeps. */
export const TEST_REQUESTS = { listenMs: 15 * 60_000, kept: 10 } as const;

/** Which trigger the designer listens with: the gateway parses test requests as this trigger would. */
export const webhookListenerSchema = z.object({
  stepId: z.string(),
  component: z.string(),
  function: z.string(),
  config: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  /** the draft trigger's sender authentication, sealed for the gateways (a test request must pass it as a webhook would) */
  auth: routeAuthSchema.optional(),
});
export type WebhookListener = z.infer<typeof webhookListenerSchema>;

/** A request sent to the flow's test URL, as the trigger turned it into a message. */
export const testRequestSchema = z.object({
  body: z.unknown(),
  headers: z.record(z.string(), z.unknown()),
  receivedAt: z.string(),
});
export type TestRequest = z.infer<typeof testRequestSchema>;

function parseJson<T>(schema: z.ZodType<T>, raw: string | null): T | null {
  if (raw === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Starts (or restarts) listening: test requests received before are dropped. */
export async function listenForTestRequests(p: { redis: Redis; flowId: string; listener: WebhookListener }): Promise<void> {
  await p.redis
    .multi()
    .set(keys.webhookListener(p.flowId), JSON.stringify(webhookListenerSchema.parse(p.listener)), "PX", TEST_REQUESTS.listenMs)
    .del(keys.webhookTestRequests(p.flowId))
    .exec();
}

export async function readWebhookListener(p: { redis: Redis; flowId: string }): Promise<WebhookListener | null> {
  return parseJson(webhookListenerSchema, await p.redis.get(keys.webhookListener(p.flowId)));
}

/** Stops listening; test requests not taken yet are dropped. */
export async function stopListeningForTestRequests(p: { redis: Redis; flowId: string }): Promise<void> {
  await p.redis.del(keys.webhookListener(p.flowId), keys.webhookTestRequests(p.flowId));
}

/** Keeps a test request for the designer (the newest ones, for as long as one listens). */
export async function addTestRequest(p: { redis: Redis; flowId: string; request: TestRequest }): Promise<void> {
  const key = keys.webhookTestRequests(p.flowId);
  await p.redis
    .multi()
    .rpush(key, JSON.stringify(p.request))
    .ltrim(key, -TEST_REQUESTS.kept, -1)
    .pexpire(key, TEST_REQUESTS.listenMs)
    .exec();
}

/**
 * Takes the oldest test request, waiting up to `timeoutMs` for one to arrive. The wait blocks a
 * connection of its own (a duplicate of `redis`), closed before this returns.
 */
export async function takeTestRequest(p: { redis: Redis; flowId: string; timeoutMs: number }): Promise<TestRequest | null> {
  const blocking = p.redis.duplicate({ enableAutoPipelining: false });
  // should Redis stop answering, the wait still ends: closing the connection fails the command
  const guard = setTimeout(() => blocking.disconnect(), p.timeoutMs + 5_000);
  try {
    const popped = await blocking.blpop(keys.webhookTestRequests(p.flowId), p.timeoutMs / 1000);
    return popped ? parseJson(testRequestSchema, popped[1]) : null;
  } finally {
    clearTimeout(guard);
    await blocking.quit().catch(() => blocking.disconnect());
  }
}
