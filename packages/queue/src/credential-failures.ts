import { z } from "zod";
import { keys } from "./names";
import type { Redis } from "./redis";

/**
 * The application refused a step's credential while the flow ran. A runner records it in
 * `keys.credentialFailures(flowId)` under its step id (a newer refusal replaces an older one); the
 * worker's monitor marks the credential failed in the database and clears the field.
 */
export const credentialFailureSchema = z.object({
  credentialId: z.string(),
  /** why, in a few words (e.g. "HTTP 401"); never a secret */
  message: z.string(),
  at: z.iso.datetime(),
});
export type CredentialFailure = z.infer<typeof credentialFailureSchema>;

/** A step's recorded failure as read; `raw` clears exactly this one. Unreadable: `failure` undefined. */
export interface RecordedCredentialFailure {
  stepId: string;
  failure: CredentialFailure | undefined;
  raw: string;
}

const DELETE_IF_SAME = `if redis.call("hget", KEYS[1], ARGV[1]) == ARGV[2] then return redis.call("hdel", KEYS[1], ARGV[1]) end
return 0`;

export async function recordCredentialFailure(redis: Redis, p: { flowId: string; stepId: string; failure: CredentialFailure }): Promise<void> {
  await redis.hset(keys.credentialFailures(p.flowId), p.stepId, JSON.stringify(credentialFailureSchema.parse(p.failure)));
}

export async function readCredentialFailures(redis: Redis, p: { flowId: string }): Promise<RecordedCredentialFailure[]> {
  const recorded = await redis.hgetall(keys.credentialFailures(p.flowId));
  return Object.entries(recorded).map(([stepId, raw]) => {
    let failure: CredentialFailure | undefined;
    try {
      failure = credentialFailureSchema.parse(JSON.parse(raw));
    } catch {
      failure = undefined;
    }
    return { stepId, failure, raw };
  });
}

/** Clears a step's failure once it is stored, unless a newer one replaced it meanwhile (that one waits for the next look). */
export async function clearCredentialFailure(redis: Redis, p: { flowId: string; recorded: RecordedCredentialFailure }): Promise<void> {
  await redis.eval(DELETE_IF_SAME, 1, keys.credentialFailures(p.flowId), p.recorded.stepId, p.recorded.raw);
}
