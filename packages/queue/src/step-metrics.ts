// What a flow's stats hash (keys.stats) holds for monitoring, besides each step's counters
// (`<step>.in|out|errors|retries|failedBatches`): the time of each step's tries as histogram
// buckets, and the gateway's answers to the flow's webhooks by status.

/** upper bounds (ms) of the buckets a try's duration is counted in */
export const STEP_LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const;

/** the bucket (its upper bound, or "inf") a try of `ms` is counted in; non-cumulative */
export function latencyBucketOf(ms: number): string {
  for (const le of STEP_LATENCY_BUCKETS_MS) if (ms <= le) return String(le);
  return "inf";
}

/** stats fields (after `<step>.`) that are kept only in the lifetime hash, not the time buckets */
export const LIFETIME_ONLY_PREFIX = "latency.";

/** the stats hash field of the gateway's answers with `status` to the flow's webhooks */
export const webhookAnswersField = (status: number) => `webhook.answers.${status}`;
