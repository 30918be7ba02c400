import { childMessage, handOverOnce, outputJobId, type Redis, type Route, STEP_JOB, StepRecords, type StepStats, stepJobOptions } from "@interflow/queue";
import type { Queue } from "bullmq";
import type { Backlog } from "./backlog";
import type { BatchWrite, Queued } from "./enqueue-batcher";

/**
 * The built-in webhook trigger only passes its message on, so for a route with `entry` the gateway
 * does what the trigger's runner would, in one hand-over per batch: the trigger step's record (the
 * message entering its execution) and the next steps' backlog in one script, then each message's
 * child — the very message the runner would emit, same id, `$steps` — as one job per next queue.
 * One hop less per message: no job on the trigger's queue, no runner taking it. The trigger's
 * runner still takes what is put on its own queue (a replay from it, an error flow's notices).
 */
export function directWrite(p: {
  /** the connection BullMQ's queues use: the hand-over goes ahead of the adds on it, in order */
  redis: Redis;
  route: Route & { entry: NonNullable<Route["entry"]> };
  queues: Queue[];
  backlogs: Backlog[];
  stats: StepStats;
}): BatchWrite {
  const { route, queues } = p;
  const stepId = route.triggerStepId;
  const records = new StepRecords({ stepId, replica: 0, flowVersion: route.flowVersion, next: route.entry.next.length, mode: route.entry.executions });
  return async (batch: Queued[]) => {
    const startedAt = Date.now();
    const children = batch.map(({ message }) => childMessage(message, stepId, 0, { body: message.body, headers: message.headers }));
    const recorded = batch.flatMap(({ message }) => records.of({ message, status: "ok", startedAt, durationMs: 0, outputs: [{ body: message.body, headers: message.headers }] }) ?? []);
    // a child weighs what its request did (the bytes the queue's limit counts)
    const bytes = batch.reduce((sum, q) => sum + q.bytes, 0);
    const jobId = (batch[0] as Queued).message.id;
    const deltas = queues.flatMap((queue) => [[`${queue.name}.messages`, children.length] as const, [`${queue.name}.bytes`, bytes] as const]);
    await Promise.all([
      handOverOnce(p.redis, { flowId: route.flowId, stepId, jobId, deltas, records: recorded }),
      ...queues.map((queue) => queue.add(STEP_JOB.name, { messages: children, bytes }, stepJobOptions(outputJobId(jobId, stepId, queue.name)))),
    ]);
    for (const backlog of p.backlogs) backlog.noted(children.length, bytes);
    p.stats.add("in", batch.length);
    p.stats.add("out", children.length);
    for (let i = 0; i < batch.length; i++) p.stats.observe(0);
  };
}
