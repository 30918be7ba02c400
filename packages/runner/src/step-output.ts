import type { MessageEnvelope } from "@interflow/flow";
import { handOverOnce, outputJobId, type RecordText, type Redis, STEP_JOB, safeJson, stepJobOptions, waitJobId } from "@interflow/queue";
import type { Job, Queue } from "bullmq";
import type { Routed } from "./step-routes";

/** What a batch of messages weighs in its queue (UTF-8 bytes of their JSON). */
export function jsonBytes(messages: MessageEnvelope[]): number {
  return Buffer.byteLength(safeJson(messages));
}

/** A message put back on the step's own queue: a retry (delayed) or one message of a split batch. */
export interface Requeued {
  message: MessageEnvelope;
  jobId: string;
  delayMs?: number;
}

export interface HandOver {
  job: Job;
  /** what the job took out of this step's queue (its messages, the bytes they counted for, those that had waited there); none for a poll run */
  taken?: { messages: number; bytes?: number; waiting?: number };
  /** emitted to the next steps' queues (each to those it is routed to), as one batch job per queue */
  children: Routed[];
  requeued?: Requeued[];
  records: RecordText[];
  /** other backlog changes that go with this hand-over, once (a collecting step's: messages held in a batch, or let go with it) */
  backlog?: Array<[string, number]>;
}

/**
 * Everything a processed job leaves behind, written before the job completes: the step records
 * and backlog changes once per job (however often the job is processed), then the emits and
 * requeues with deterministic job ids (a re-processed job re-emits into deduplicated jobs). The
 * records go first, so a message's record is in the stream before anything it emitted can be
 * processed (an execution never looks over while its messages are on their way).
 */
export class StepOutput {
  constructor(
    private readonly p: { redis: Redis; flowId: string; stepId: string; next: Queue[]; ownQueue: Queue },
  ) {}

  async handOver(h: HandOver): Promise<void> {
    const { redis, flowId, stepId, next, ownQueue } = this.p;
    const deltas: Array<[string, number]> = [];
    if (h.taken) {
      deltas.push([`${stepId}.messages`, -h.taken.messages]);
      if (h.taken.bytes) deltas.push([`${stepId}.bytes`, -h.taken.bytes]);
      if (h.taken.waiting) deltas.push([`${stepId}.waiting`, -h.taken.waiting]);
    }
    if (h.backlog) deltas.push(...h.backlog);
    const adds: Array<() => Promise<unknown>> = [];
    // a message that waits (a delay step's) is a delayed job of its own on each queue it goes to
    const now = Date.now();
    const waiting = h.children.filter((c) => c.message.meta.waitUntil !== undefined);
    for (const c of waiting) {
      const bytes = jsonBytes([c.message]);
      for (const queue of next) {
        if (c.to !== undefined && !c.to.includes(queue.name)) continue;
        const delay = Math.max(0, (c.message.meta.waitUntil as number) - now);
        adds.push(() => queue.add(STEP_JOB.name, { messages: [c.message], bytes }, stepJobOptions(waitJobId(h.job.id as string, stepId, queue.name, c.message.id), { delay })));
        deltas.push([`${queue.name}.messages`, 1], [`${queue.name}.bytes`, bytes], [`${queue.name}.waiting`, 1]);
      }
    }
    const immediate = waiting.length > 0 ? h.children.filter((c) => c.message.meta.waitUntil === undefined) : h.children;
    if (immediate.length > 0) {
      const everywhere = immediate.every((c) => c.to === undefined) ? immediate.map((c) => c.message) : undefined;
      const everywhereBytes = everywhere && jsonBytes(everywhere);
      for (const queue of next) {
        const messages = everywhere ?? immediate.filter((c) => c.to === undefined || c.to.includes(queue.name)).map((c) => c.message);
        if (messages.length === 0) continue;
        const bytes = everywhereBytes ?? jsonBytes(messages);
        adds.push(() => queue.add(STEP_JOB.name, { messages, bytes }, stepJobOptions(outputJobId(h.job.id as string, stepId, queue.name))));
        deltas.push([`${queue.name}.messages`, messages.length], [`${queue.name}.bytes`, bytes]);
      }
    }
    for (const r of h.requeued ?? []) {
      const bytes = jsonBytes([r.message]);
      adds.push(() => ownQueue.add(STEP_JOB.name, { messages: [r.message], bytes }, stepJobOptions(r.jobId, r.delayMs ? { delay: r.delayMs } : {})));
      deltas.push([`${stepId}.messages`, 1], [`${stepId}.bytes`, bytes]);
    }
    const writes: Array<Promise<unknown>> = [handOverOnce(redis, { flowId, stepId, jobId: h.job.id as string, deltas, records: h.records })];
    // one connection: Redis runs these in the order they are sent
    for (const add of adds) writes.push(add());
    // The job completes only after all of it is durably in Redis; a crash before that hands the
    // job to another replica, and the deterministic job ids keep the re-emit from duplicating.
    await Promise.all(writes);
  }
}
