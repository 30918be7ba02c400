import { STEP_DEDUPLICATION_TTL_MS } from "./catalog";
import { HAND_OVER_ONCE, RECORDS_STREAM_CAP, recordsEntry } from "./executions";
import { flowQueuePrefix, keys } from "./names";
import type { Redis } from "./redis";
import type { RecordText } from "./step-records";

/**
 * A job's backlog changes and step records, written once per job however often it is processed
 * (HAND_OVER_ONCE): by a step's runner before its job completes, and by the gateway for a webhook
 * it hands straight to the trigger's next steps. Resolves without writing when there is nothing to
 * write. Sent on `redis` ahead of the job's emits, so a record is in the stream before anything the
 * message emitted can be processed.
 */
export function handOverOnce(
  redis: Redis,
  h: { flowId: string; stepId: string; jobId: string; deltas: ReadonlyArray<readonly [string, number]>; records: readonly RecordText[] },
): Promise<unknown> {
  const entry = h.records.length > 0 ? recordsEntry(h.records.map((r) => r.json)) : "";
  if (h.deltas.length === 0 && entry === "") return Promise.resolve();
  return redis.eval(
    HAND_OVER_ONCE,
    4,
    `${flowQueuePrefix(h.flowId)}:counted:${h.stepId}:${h.jobId}`,
    keys.backlog(h.flowId),
    keys.records(h.flowId),
    keys.stats(h.flowId),
    String(STEP_DEDUPLICATION_TTL_MS),
    String(RECORDS_STREAM_CAP),
    entry,
    h.records.some((r) => r.failed) ? "1" : "0",
    String(h.records.length),
    ...h.deltas.flat().map(String),
  );
}
