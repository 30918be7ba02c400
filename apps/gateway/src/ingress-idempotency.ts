import { createHash } from "node:crypto";
import { keys, type Redis } from "@interflow/queue";

/** How long a sender's Idempotency-Key is remembered with the message it was queued as. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** How long a key is held while its message is being queued (a gateway that died meanwhile lets a retry through after this). */
const PENDING_TTL_MS = 30_000;
const PENDING = "pending";
const MAX_KEY_LENGTH = 255;

export type IdempotencyClaim =
  | { kind: "none" }
  | { kind: "new"; key: string }
  | { kind: "duplicate"; messageId: string }
  | { kind: "pending" }
  | { kind: "invalid"; message: string };

/**
 * Idempotent ingress: a webhook that carries an `Idempotency-Key` header is queued once per flow and
 * key for 24 hours; a retry with the same key is answered with the first 202's message id instead of
 * queuing a copy. The key (its sha256: the header's text never names a Redis key) is held as
 * "pending" while its message is queued — a retry meanwhile gets 409 with Retry-After — then holds
 * the message id; when queuing fails it is let go, so the sender's retry is taken.
 */
export class IngressIdempotency {
  constructor(private readonly redis: Redis) {}

  async claim(flowId: string, header: string | string[] | undefined): Promise<IdempotencyClaim> {
    const text = Array.isArray(header) ? header[0] : header;
    if (text === undefined || text === "") return { kind: "none" };
    if (text.length > MAX_KEY_LENGTH) return { kind: "invalid", message: `Idempotency-Key: at most ${MAX_KEY_LENGTH} characters; it has ${text.length}` };
    const key = keys.ingressIdempotency(flowId, createHash("sha256").update(text).digest("base64url"));
    if ((await this.redis.set(key, PENDING, "PX", PENDING_TTL_MS, "NX")) !== null) return { kind: "new", key };
    const held = await this.redis.get(key);
    if (held === null) return this.claim(flowId, text); // let go meanwhile: try again
    return held === PENDING ? { kind: "pending" } : { kind: "duplicate", messageId: held };
  }

  /** The key's message was queued: retries are answered with its id for the next 24 hours. */
  async confirm(key: string, messageId: string): Promise<void> {
    await this.redis.set(key, messageId, "PX", IDEMPOTENCY_TTL_MS);
  }

  /** Its message was not queued: the sender's retry is taken. */
  async abandon(key: string): Promise<void> {
    await this.redis.del(key).catch(() => undefined);
  }
}
