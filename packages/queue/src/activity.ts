import { keys } from "./names";
import type { Redis } from "./redis";
import { webhookAnswersField } from "./step-metrics";

export interface StepCounts {
  in: number;
  out: number;
  errors: number;
  retries: number;
  /** messages the step emitted that none of its connections' conditions took */
  filtered: number;
}

export interface StepActivity {
  stepId: string;
  /** what waits in the step's queue (messages taken but not finished included); `waiting`: of those, messages a delay step holds until their time */
  queued: { messages: number; bytes: number; waiting: number; collected: number };
  lastMinute: StepCounts;
  /** the window health is judged on (HEALTH_WINDOW_MINUTES) */
  lastFiveMinutes: StepCounts;
  lastHour: StepCounts;
}

export interface FlowActivity {
  steps: StepActivity[];
  /** messages of a suspended flow dropped after the retention period, all time */
  droppedAfterRetention: number;
  /** webhook requests the gateways refused because the sender did not authenticate (401), all time */
  webhookRefused: number;
}

const zero = (): StepCounts => ({ in: 0, out: 0, errors: 0, retries: 0, filtered: 0 });

function addInto(target: Map<string, StepCounts>, hash: Record<string, string>): void {
  for (const [field, value] of Object.entries(hash)) {
    const dot = field.lastIndexOf(".");
    const counter = field.slice(dot + 1);
    if (counter !== "in" && counter !== "out" && counter !== "errors" && counter !== "retries" && counter !== "filtered") continue;
    const stepId = field.slice(0, dot);
    const counts = target.get(stepId) ?? zero();
    counts[counter] += Number(value) || 0;
    target.set(stepId, counts);
  }
}

/**
 * What a flow's steps hold and did lately, from the counters its gateway and runners keep in Redis:
 * the last minute is the six 10-second buckets before now plus the current one, the last hour the
 * sixty minute buckets before now plus the current one (so each window covers up to one bucket more).
 */
export async function readFlowActivity(redis: Redis, flowId: string, stepIds: string[], now = Date.now()): Promise<FlowActivity> {
  const seconds = Math.floor(now / 1000);
  const tens = Array.from({ length: 7 }, (_, i) => keys.statsBucket(flowId, 10, Math.floor(seconds / 10) - i));
  const minutes = Array.from({ length: 61 }, (_, i) => keys.statsBucket(flowId, 60, Math.floor(seconds / 60) - i));
  const pipeline = redis.pipeline();
  pipeline.hgetall(keys.backlog(flowId));
  pipeline.hmget(keys.stats(flowId), "retention.dropped", webhookAnswersField(401));
  for (const key of [...tens, ...minutes]) pipeline.hgetall(key);
  const replies = ((await pipeline.exec()) ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
  const backlog = (replies[0] ?? {}) as Record<string, string>;
  const minute = new Map<string, StepCounts>();
  const five = new Map<string, StepCounts>();
  const hour = new Map<string, StepCounts>();
  for (const hash of replies.slice(2, 2 + tens.length)) addInto(minute, hash as Record<string, string>);
  for (const hash of replies.slice(2 + tens.length, 2 + tens.length + HEALTH_WINDOW_MINUTES + 1)) addInto(five, hash as Record<string, string>);
  for (const hash of replies.slice(2 + tens.length)) addInto(hour, hash as Record<string, string>);
  return {
    steps: stepIds.map((stepId) => ({
      stepId,
      queued: {
        messages: Math.max(0, Number(backlog[`${stepId}.messages`] ?? 0)),
        bytes: Math.max(0, Number(backlog[`${stepId}.bytes`] ?? 0)),
        waiting: Math.max(0, Number(backlog[`${stepId}.waiting`] ?? 0)),
        collected: Math.max(0, Number(backlog[`${stepId}.collected`] ?? 0)),
      },
      lastMinute: minute.get(stepId) ?? zero(),
      lastFiveMinutes: five.get(stepId) ?? zero(),
      lastHour: hour.get(stepId) ?? zero(),
    })),
    droppedAfterRetention: Number((replies[1] as Array<string | null>)[0] ?? 0),
    webhookRefused: Number((replies[1] as Array<string | null>)[1] ?? 0),
  };
}

/** Health is judged on the last minutes of tries: the current minute and these before it. */
export const HEALTH_WINDOW_MINUTES = 5;
/** A step fails when at least this many of its tries failed in the window… */
export const FAILING_MIN_FAILED_TRIES = 3;
/** …and at least this share of them. */
export const FAILING_MIN_SHARE = 0.25;

export type FlowHealth = "ok" | "failing";

/**
 * Whether a flow's deliveries fail: a step whose tries in the last minutes failed (to be retried,
 * or for good) at least FAILING_MIN_FAILED_TRIES times and in at least FAILING_MIN_SHARE of its
 * tries. A try is a message's first try (processed) or a retry.
 */
export function healthOf(steps: readonly StepActivity[]): { health: FlowHealth; failingSteps: Array<{ stepId: string; failedTries: number; tries: number }> } {
  const failingSteps = steps.flatMap(({ stepId, lastFiveMinutes: c }) => {
    const tries = c.in + c.retries;
    const failedTries = c.retries + c.errors;
    return failedTries >= FAILING_MIN_FAILED_TRIES && failedTries >= FAILING_MIN_SHARE * tries ? [{ stepId, failedTries, tries }] : [];
  });
  return { health: failingSteps.length > 0 ? "failing" : "ok", failingSteps };
}
