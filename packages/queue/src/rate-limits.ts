import { z } from "zod";
import { flowQueuePrefix } from "./names";

/** A flow's webhook rates (its document's settings.webhookRate, in its route). */
export const webhookRateSchema = z.object({
  /** requests a second the flow takes from everyone together, and how many at once above that */
  perSecond: z.number().positive().optional(),
  burst: z.number().int().min(1).optional(),
  /** requests a second it takes from one sender (by address; behind proxies see INTERFLOW_TRUSTED_PROXIES) */
  perSenderPerSecond: z.number().positive().optional(),
  senderBurst: z.number().int().min(1).optional(),
});
export type WebhookRate = z.infer<typeof webhookRateSchema>;

/**
 * Token buckets in Redis, shared by every gateway: KEYS the flow's bucket and the sender's (either
 * may be absent: pass ""). ARGV: flow rate, flow burst, sender rate, sender burst (0: no limit).
 * Takes a token from each only when both have one; otherwise returns how many milliseconds until
 * they do, and which was empty ("flow" or "sender"). Time is Redis's (one clock for all gateways).
 */
export const TAKE_WEBHOOK_TOKEN = `local t = redis.call("time")
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function look(key, rate, burst)
  if rate <= 0 then return nil end
  local b = redis.call("hmget", key, "tokens", "at")
  local tokens = tonumber(b[1]) or burst
  local at = tonumber(b[2]) or now
  return math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
end
local function keep(key, rate, burst, tokens)
  redis.call("hset", key, "tokens", tostring(tokens), "at", now)
  redis.call("pexpire", key, math.ceil(burst / rate * 1000) + 1000)
end
local fr, fb, sr, sb = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local flow = look(KEYS[1], fr, fb)
local sender = look(KEYS[2], sr, sb)
if flow ~= nil and flow < 1 then return { math.ceil((1 - flow) / fr * 1000), "flow" } end
if sender ~= nil and sender < 1 then return { math.ceil((1 - sender) / sr * 1000), "sender" } end
if flow ~= nil then keep(KEYS[1], fr, fb, flow - 1) end
if sender ~= nil then keep(KEYS[2], sr, sb, sender - 1) end
return { 0, "" }`;

/** The keys of a flow's webhook buckets: everyone's, and one sender's (in the flow's hash slot). */
export const webhookRateKeys = (flowId: string, sender: string) => [`${flowQueuePrefix(flowId)}:rate:flow`, `${flowQueuePrefix(flowId)}:rate:sender:${sender}`] as const;
