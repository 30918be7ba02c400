import { type MessageEnvelope, messageEnvelopeSchema } from "@interflow/flow";
import { appendRecords, type ExecutionMode, FLUSH_JOB, flowQueuePrefix, type Redis, STEP_JOB } from "@interflow/queue";
import { StepRecords } from "@interflow/runner";
import { Queue } from "bullmq";

const PAGE = 500;
const QUEUED = ["waiting", "delayed", "prioritized", "active", "waiting-children"] as const;

interface FlowShape {
  id: string;
  document: { nodes: ReadonlyArray<{ id: string }>; edges: ReadonlyArray<{ source: string; target: string }>; settings?: { executions?: ExecutionMode } };
}

/**
 * A flow's step queues as a whole: how many messages wait in them, and dropping them. A dropped
 * message is never silent: each becomes a "dropped" step record of its execution, with the cause.
 */
export class FlowQueues {
  constructor(private readonly redis: Redis) {}

  /** How many messages wait in the flow's step queues (only `steps`, when given). */
  async count(flow: FlowShape, steps?: string[]): Promise<number> {
    let count = 0;
    await this.visit(flow, steps, (messages) => {
      count += messages;
    });
    return count;
  }

  /**
   * Empties the flow's step queues (only `steps`, when given) and hands over a dropped record for
   * each message in them, saying `cause`; returns how many messages were dropped. Reads the jobs a
   * page at a time: queues at their limits hold tens of thousands.
   */
  async drop(flow: FlowShape, cause: string, steps?: string[]): Promise<number> {
    let dropped = 0;
    const mode = flow.document.settings?.executions ?? "all";
    await this.visit(
      flow,
      steps,
      async (messages, stepId, envelopes) => {
        dropped += messages;
        if (mode === "none" || envelopes.length === 0) return;
        const records = new StepRecords({ stepId, replica: -1, flowVersion: 0, next: 0, mode });
        const now = Date.now();
        const texts = envelopes.flatMap((message) => {
          const record = records.of({ message, status: "dropped", flowVersion: message.meta.flowVersion, startedAt: now, durationMs: 0, errorKind: "dropped", failure: { kind: "step-error", message: cause } });
          return record ? [record.json] : [];
        });
        await appendRecords(this.redis, flow.id, texts, PAGE);
      },
      true,
    );
    // what obliterate leaves: the step jobs' deduplication keys, the runners' counted-once marks and
    // a collecting step's added-once marks
    for (const match of [`${flowQueuePrefix(flow.id)}:*:de:*`, `${flowQueuePrefix(flow.id)}:counted:*`, `${flowQueuePrefix(flow.id)}:batched:*`]) {
      for await (const found of this.redis.scanStream({ match, count: 500 })) {
        if ((found as string[]).length > 0) await this.redis.unlink(...(found as string[]));
      }
    }
    return dropped;
  }

  private async visit(
    flow: FlowShape,
    steps: string[] | undefined,
    onPage: (messages: number, stepId: string, envelopes: MessageEnvelope[]) => unknown,
    drop = false,
  ): Promise<void> {
    for (const stepId of steps ?? flow.document.nodes.map((n) => n.id)) {
      const queue = new Queue(stepId, { connection: this.redis, prefix: flowQueuePrefix(flow.id) });
      try {
        for (const type of QUEUED) {
          for (let start = 0; ; start += PAGE) {
            const jobs = await queue.getJobs([type], start, start + PAGE - 1, true);
            let messages = 0;
            const envelopes: MessageEnvelope[] = [];
            for (const job of jobs) {
              if (!job || job.name !== STEP_JOB.name) {
                // a batch's timer is no message
                messages += job && job.name !== FLUSH_JOB.name ? 1 : 0;
                continue;
              }
              const list = (job.data as { messages?: unknown } | undefined)?.messages;
              messages += Array.isArray(list) ? list.length : 1;
              if (drop && Array.isArray(list)) for (const m of list) envelopes.push(...parsedEnvelope(m));
            }
            await onPage(messages, stepId, envelopes);
            if (jobs.length < PAGE) break;
          }
        }
        await this.visitBatches(flow.id, stepId, onPage, drop);
        if (drop) await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
    }
  }

  /** A collecting step's messages in its open and closed batches (in Redis, not in its queue): counted, and dropped with them. */
  private async visitBatches(flowId: string, stepId: string, onPage: (messages: number, stepId: string, envelopes: MessageEnvelope[]) => unknown, drop: boolean): Promise<void> {
    const prefix = flowQueuePrefix(flowId);
    for (const match of [`${prefix}:batch:${stepId}:*:messages`, `${prefix}:sealed:${stepId}:*:messages`]) {
      for await (const found of this.redis.scanStream({ match, count: 500 })) {
        for (const key of found as string[]) {
          const texts = await this.redis.lrange(key, 0, -1);
          const envelopes = drop ? texts.flatMap((t) => parsedEnvelope(JSON.parse(t))) : [];
          await onPage(texts.length, stepId, envelopes);
          if (drop) await this.redis.unlink(key, key.replace(/:messages$/, ":meta"));
        }
      }
    }
    if (drop) await this.redis.unlink(`${prefix}:sealed:${stepId}`);
  }
}

function parsedEnvelope(value: unknown): MessageEnvelope[] {
  const parsed = messageEnvelopeSchema.safeParse(value);
  return parsed.success ? [parsed.data] : [];
}
