import { safeJson, type StepStats, type RecordText, type StepRecords } from "@interflow/queue";
import { createHash, randomUUID } from "node:crypto";
import { type MessageEnvelope, messageEnvelopeSchema } from "@interflow/flow";
import { type ExpressionSandbox, sharedSandbox } from "@interflow/flow/sandbox";
import { BATCH_APPEND, BATCH_MAX_BYTES, BATCH_SEAL, BATCH_TIMED, FLUSH_JOB, flowQueuePrefix, keys, type Redis, STEP_DEDUPLICATION_TTL_MS, type StepJobData, sealedPrefix } from "@interflow/queue";
import type { CollectPolicy, StepLogger } from "@interflow/sdk";
import type { Job, Queue } from "bullmq";
import { jsonBytes, type StepOutput } from "./step-output";
import type { StepRouter } from "./step-routes";

/** How long a runner's claim to emit a closed batch lasts unless renewed (a killed runner's lapses). */
const EMIT_CLAIM_MS = 15_000;
/** How often a runner emitting a batch renews its claim. */
const EMIT_RENEW_MS = 5_000;
/** How often a collecting step looks for closed batches not emitted (a claim that lapsed). */
const EMIT_SWEEP_MS = 5_000;

const hash = (text: string) => createHash("sha1").update(text).digest("hex").slice(0, 32);

/** What `$headers.batch` says of a batch in the next steps. */
export interface BatchHeader {
  id: string;
  size: number;
  /** the key's value it was collected for ("" when the step has no key) */
  key: string;
  /** why it closed: it was full, its window was over, or its bytes reached the limit */
  closedBy: "size" | "time" | "bytes";
  openedAt: string;
  closedAt: string;
}

export interface StepCollectorContext {
  redis: Redis;
  flowId: string;
  stepId: string;
  flowVersion: number;
  policy: CollectPolicy;
  output: StepOutput;
  router: StepRouter;
  records: StepRecords;
  stats: StepStats;
  logger: StepLogger;
  ownQueue: Queue;
  sandbox?: () => ExpressionSandbox;
}

/**
 * A collecting step (batch): each message it takes is added, once, to the open batch of its key in
 * Redis — so a batch in progress survives a kill — and the batch closes when it is full, when its
 * bytes reach BATCH_MAX_BYTES, or when a timer job on the step's own queue says its window is over.
 * A closed batch is moved aside in one step (sealed) and then emitted as one message (deterministic
 * ids: a crash between sealing and emitting re-emits it at the next start, into the same jobs). The
 * messages a batch holds count in the step's backlog until it is emitted, so the flow neither
 * sleeps on them nor forgets them in its limits.
 */
export class StepCollector {
  private readonly sandbox: () => ExpressionSandbox;
  private readonly instance = randomUUID();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: StepCollectorContext) {
    this.sandbox = ctx.sandbox ?? sharedSandbox;
  }

  /** Whether the step evaluates its key (its runner warms the evaluator). */
  get evaluates(): boolean {
    return this.ctx.policy.key !== undefined;
  }

  /** Takes a job's messages into their batches, closing each that is full. */
  async take(job: Job, data: StepJobData): Promise<void> {
    const { stepId, records } = this.ctx;
    const startedAt = Date.now();
    const groups = new Map<string, { key: string; messages: MessageEnvelope[] }>();
    const failed: RecordText[] = [];
    for (const message of data.messages) {
      let key: string;
      try {
        key = await this.keyOf(message);
      } catch (error) {
        const failure = { kind: "step-error" as const, message: `the batch key could not be worked out: ${(error as Error).message}`, details: { key: this.ctx.policy.key } };
        const record = records.of({ message, status: "failed", startedAt, durationMs: Date.now() - startedAt, failure, attempts: message.meta.attempt + 1 });
        if (record) failed.push(record);
        continue;
      }
      const group = groups.get(key) ?? { key, messages: [] };
      group.messages.push(message);
      groups.set(key, group);
    }
    const recordsOut: RecordText[] = [...failed];
    let collected = 0;
    let heldBytes = 0;
    for (const { key, messages } of groups.values()) {
      const keyHash = hash(key);
      const sizes = messages.map((m) => jsonBytes([m]));
      const [openId, opened, sealed, timed, openedAt] = (await this.ctx.redis.eval(
        BATCH_APPEND,
        3 + messages.length,
        keys.batchMessages(this.ctx.flowId, stepId, keyHash),
        keys.batchMeta(this.ctx.flowId, stepId, keyHash),
        keys.sealedBatches(this.ctx.flowId, stepId),
        ...messages.map((m) => keys.batched(this.ctx.flowId, stepId, hash(`${m.meta.executionId}/${m.id}/${m.meta.attempt}`))),
        String(STEP_DEDUPLICATION_TTL_MS * 4),
        randomUUID(),
        String(startedAt),
        key,
        String(this.ctx.policy.size),
        String(BATCH_MAX_BYTES),
        sealedPrefix(flowQueuePrefix(this.ctx.flowId), stepId),
        ...messages.flatMap((m, i) => [safeJson(m) ?? "null", String(sizes[i])]),
      )) as [string, string[], string[], string, string];
      collected += messages.length;
      heldBytes += sizes.reduce((a, b) => a + b, 0);
      const into = [...opened, ...sealed];
      for (const message of messages) {
        const record = records.of({ message, status: "ok", startedAt, durationMs: Date.now() - startedAt, outputs: [{ body: { batch: into.length === 1 ? into[0] : openId || into } }], deliveries: 0 });
        if (record) recordsOut.push(record);
      }
      // the batch left open without its timer (this call opened it, or a runner killed before it
      // added the timer — its job comes back here): the timer, for the rest of its window
      if (openId !== "" && timed === "" && this.ctx.policy.windowMs !== undefined) {
        const delay = Math.max(0, (Number(openedAt) || startedAt) + this.ctx.policy.windowMs - Date.now());
        await this.ctx.ownQueue.add(FLUSH_JOB.name, { batchId: openId, keyHash }, { ...FLUSH_JOB.options, jobId: `flush-${openId}`, delay });
        await this.ctx.redis.eval(BATCH_TIMED, 1, keys.batchMeta(this.ctx.flowId, stepId, keyHash), openId);
      }
    }
    // held messages stay counted in the step's backlog until their batch is emitted (bytes as each counts alone)
    await this.ctx.output.handOver({
      job,
      taken: {
        messages: data.messages.length - collected,
        bytes: data.bytes === undefined ? undefined : data.bytes - heldBytes,
        // those that waited for a Wait step's time are taken: no longer waiting
        waiting: data.messages.filter((m) => m.meta.waitUntil !== undefined).length,
      },
      children: [],
      records: recordsOut,
      backlog: [[`${stepId}.collected`, collected], ...(data.bytes === undefined ? ([[`${stepId}.bytes`, heldBytes]] as Array<[string, number]>) : [])],
    });
    this.ctx.stats.add("in", data.messages.filter((m) => m.meta.attempt === 0).length);
    this.ctx.stats.add("errors", failed.length);
    await this.emitSealed();
  }

  /** A batch's timer: closes it when it is still open (a full one closed before). */
  async flush(job: Job): Promise<void> {
    const { batchId, keyHash } = FLUSH_JOB.schema.parse(job.data);
    await this.seal(keyHash, batchId, "time");
    await this.emitSealed();
  }

  /**
   * Emits every closed batch not emitted yet, each by one runner at a time (a claim that lapses
   * after EMIT_CLAIM_MS: a runner killed while emitting leaves it to the next sweep).
   */
  async emitSealed(): Promise<void> {
    const { redis, flowId, stepId } = this.ctx;
    for (const batchId of await redis.smembers(keys.sealedBatches(flowId, stepId))) {
      const claim = `${keys.sealedMeta(flowId, stepId, batchId)}:emitting`;
      if ((await redis.set(claim, this.instance, "PX", EMIT_CLAIM_MS, "NX")) === null) continue;
      // renewed while emitting: a slow emission keeps it, a killed runner's lapses within EMIT_CLAIM_MS
      const renew = setInterval(() => void redis.pexpire(claim, EMIT_CLAIM_MS).catch(() => undefined), EMIT_RENEW_MS);
      try {
        // emitted meanwhile by the claim's last holder: nothing left to do
        if ((await redis.sismember(keys.sealedBatches(flowId, stepId), batchId)) === 0) continue;
        await this.emit(batchId);
      } finally {
        clearInterval(renew);
        await redis.del(claim);
      }
    }
  }

  /** Sweeps for closed batches left by a runner that stopped while emitting them, every EMIT_SWEEP_MS until closed. */
  startSweeping(): void {
    this.sweeper ??= setInterval(() => void this.emitSealed().catch((error) => this.ctx.logger.warn("closed batches could not be emitted; tried again later", { error: (error as Error).message })), EMIT_SWEEP_MS);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private async seal(keyHash: string, batchId: string, closedBy: BatchHeader["closedBy"]): Promise<boolean> {
    const { redis, flowId, stepId } = this.ctx;
    const sealed = await redis.eval(
      BATCH_SEAL,
      5,
      keys.batchMessages(flowId, stepId, keyHash),
      keys.batchMeta(flowId, stepId, keyHash),
      keys.sealedMessages(flowId, stepId, batchId),
      keys.sealedMeta(flowId, stepId, batchId),
      keys.sealedBatches(flowId, stepId),
      batchId,
      closedBy,
      String(Date.now()),
    );
    return sealed === 1;
  }

  private async emit(batchId: string): Promise<void> {
    const { redis, flowId, stepId, records, output, router, logger } = this.ctx;
    const [texts, meta] = await Promise.all([redis.lrange(keys.sealedMessages(flowId, stepId, batchId), 0, -1), redis.hgetall(keys.sealedMeta(flowId, stepId, batchId))]);
    const messages = texts.map((t) => messageEnvelopeSchema.parse(JSON.parse(t)));
    const id = hash(`batch/${flowId}/${stepId}/${batchId}`);
    const header: BatchHeader = {
      id: batchId,
      size: messages.length,
      key: meta.key ?? "",
      closedBy: (meta.closedBy as BatchHeader["closedBy"]) ?? "time",
      openedAt: new Date(Number(meta.openedAt) || Date.now()).toISOString(),
      closedAt: new Date(Number(meta.closedAt) || Date.now()).toISOString(),
    };
    const bodies = messages.map((m) => m.body);
    const body = this.ctx.policy.body === "list" ? bodies : { items: bodies };
    const batch: MessageEnvelope = {
      id,
      body,
      headers: { batch: header },
      attachments: [],
      steps: { [stepId]: body },
      meta: { flowId, flowVersion: this.ctx.flowVersion, executionId: id, stepId, parentMessageId: null, traceId: id, attempt: 0 },
    };
    const bytes = Number(meta.bytes) || 0;
    const done = async (route: Awaited<ReturnType<StepRouter["routeChildren"]>>) => {
      const startedAt = Number(meta.closedAt) || Date.now();
      const record =
        route.kind === "routed"
          ? records.of({ message: batch, status: "ok", startedAt, durationMs: Date.now() - startedAt, outputs: [{ body, headers: batch.headers }], deliveries: route.deliveries, noInput: true })
          : records.of({ message: batch, status: "failed", startedAt, durationMs: 0, failure: route.failure, noInput: true });
      await output.handOver({
        job: { id: `batch-${batchId}` } as Job,
        children: route.kind === "routed" ? route.children : [],
        records: record ? [record] : [],
        backlog: [
          [`${stepId}.messages`, -messages.length],
          [`${stepId}.bytes`, -bytes],
          [`${stepId}.collected`, -messages.length],
        ],
      });
      if (route.kind === "routed") {
        this.ctx.stats.add("out", route.children.length);
        this.ctx.stats.add("filtered", route.filtered);
      } else this.ctx.stats.add("errors", 1);
    };
    await done(await router.routeChildren([batch]));
    await redis.multi().del(keys.sealedMessages(flowId, stepId, batchId), keys.sealedMeta(flowId, stepId, batchId)).srem(keys.sealedBatches(flowId, stepId), batchId).exec();
    logger.info("batch emitted", { batchId, messages: messages.length, closedBy: header.closedBy, key: header.key });
  }

  private async keyOf(message: MessageEnvelope): Promise<string> {
    const source = this.ctx.policy.key;
    if (source === undefined) return "";
    const value = await this.sandbox().evaluate(source, message.body, { headers: message.headers, steps: message.steps });
    if (value === undefined || value === null) return "";
    return typeof value === "string" ? value : (safeJson(value) ?? "");
  }
}
