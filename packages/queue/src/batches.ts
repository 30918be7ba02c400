import { z } from "zod";

/** A collecting step's timer: its batch closes when the window since its first message is over. */
export const FLUSH_JOB = {
  name: "flush",
  schema: z.object({ batchId: z.string(), keyHash: z.string() }),
  options: { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 5, backoff: { type: "exponential", delay: 1_000 } },
} as const;

/** The most one batch may weigh: it closes when its messages reach this (its message must fit a queue). */
export const BATCH_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Adds messages to a step's open batch of one key, each once, closing the batch the moment it is
 * full (or its bytes reach the limit) and opening the next: a batch never holds more than its size,
 * however many jobs add at once. A closed batch's messages and meta move to the sealed keys
 * (`<sealed prefix><id>:messages|meta`, in the flow's hash slot) and its id into the sealed set.
 * KEYS: batch messages (list), batch meta (hash), sealed set, then a key per message that says it was
 * added (kept ARGV[1] ms). ARGV: ttl, a base for new batch ids, now, key text, size, max bytes,
 * sealed prefix, then per message its JSON and bytes.
 * Returns { the open batch's id ("" when none), ids of batches opened, ids of batches closed,
 * whether the open batch has its timer ("1" or ""), when it opened (ms) }.
 */
export const BATCH_APPEND = `local opened = {}
local sealed = {}
local n = 0
local function open()
  n = n + 1
  local id = ARGV[2] .. "-" .. n
  redis.call("hset", KEYS[2], "id", id, "bytes", 0, "openedAt", ARGV[3], "key", ARGV[4])
  table.insert(opened, id)
end
local function seal(by)
  local id = redis.call("hget", KEYS[2], "id")
  local p = ARGV[7] .. id
  redis.call("rename", KEYS[1], p .. ":messages")
  redis.call("hset", p .. ":meta", unpack(redis.call("hgetall", KEYS[2])))
  redis.call("hset", p .. ":meta", "closedBy", by, "closedAt", ARGV[3])
  redis.call("del", KEYS[2])
  redis.call("sadd", KEYS[3], id)
  table.insert(sealed, id)
end
for i = 4, #KEYS do
  local at = 8 + (i - 4) * 2
  if redis.call("set", KEYS[i], "1", "NX", "PX", ARGV[1]) then
    if redis.call("exists", KEYS[2]) == 0 then open() end
    redis.call("rpush", KEYS[1], ARGV[at])
    local bytes = redis.call("hincrby", KEYS[2], "bytes", ARGV[at + 1])
    if redis.call("llen", KEYS[1]) >= tonumber(ARGV[5]) then
      seal("size")
    elseif bytes >= tonumber(ARGV[6]) then
      seal("bytes")
    end
  end
end
local open = redis.call("hmget", KEYS[2], "id", "timed", "openedAt")
return { open[1] or "", opened, sealed, open[2] or "", open[3] or "" }`;

/**
 * Marks the open batch `ARGV[1]` as having its timer job, when it is still the open one (a batch
 * closed meanwhile needs none; its meta must not be written again). KEYS: batch meta.
 */
export const BATCH_TIMED = `if redis.call("hget", KEYS[1], "id") == ARGV[1] then redis.call("hset", KEYS[1], "timed", "1") end
return 0`;

/** Where a step's closed batches are kept until emitted (BATCH_APPEND builds the keys from it, as keys.sealedMessages does). */
export const sealedPrefix = (flowQueuePrefix: string, stepId: string) => `${flowQueuePrefix}:sealed:${stepId}:`;

/**
 * Closes the open batch `ARGV[1]` when it is still the open one: its messages and meta move to the
 * sealed keys and its id into the step's set of sealed batches, in one step. KEYS: batch messages,
 * batch meta, sealed messages, sealed meta, sealed set. ARGV: batch id, why it closed, now.
 * Returns 1 when it closed it, 0 when it was no longer open (closed already).
 */
export const BATCH_SEAL = `if redis.call("hget", KEYS[2], "id") ~= ARGV[1] then return 0 end
if redis.call("exists", KEYS[1]) == 1 then redis.call("rename", KEYS[1], KEYS[3]) end
local meta = redis.call("hgetall", KEYS[2])
redis.call("hset", KEYS[4], unpack(meta))
redis.call("hset", KEYS[4], "closedBy", ARGV[2], "closedAt", ARGV[3])
redis.call("del", KEYS[2])
redis.call("sadd", KEYS[5], ARGV[1])
return 1`;
