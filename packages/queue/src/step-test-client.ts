import { Queue, QueueEvents } from "bullmq";
import type { z } from "zod";
import { STEP_TEST_QUEUE } from "./names";
import type { Redis } from "./redis";
import {
  type FieldOptionsTest,
  type FieldOptionsTestResult,
  fieldOptionsTestResultSchema,
  type RunStepTest,
  type RunStepTestResult,
  runStepTestResultSchema,
  STEP_TEST_JOB,
  stepTestWaitMs,
  type VerifyCredentialResult,
  type VerifyCredentialTest,
  verifyCredentialResultSchema,
} from "./step-test";

/** A worker's answer, or none within the test's time limit and grace. */
export type StepTestAnswer<T> = { answered: true; result: T } | { answered: false; waitedMs: number };

/**
 * The API's side of step tests: adds the job, waits for a worker to finish it. A test nobody took
 * in time is removed, so a worker started later does not run it when nobody waits any more.
 */
export class StepTestClient {
  private readonly queue: Queue;
  private events: QueueEvents | undefined;

  constructor(private readonly redis: Redis) {
    this.queue = new Queue(STEP_TEST_QUEUE.name, { connection: redis, prefix: STEP_TEST_QUEUE.prefix });
  }

  runStep(test: Omit<RunStepTest, "kind">): Promise<StepTestAnswer<RunStepTestResult>> {
    return this.ask({ ...test, kind: "run-step" }, runStepTestResultSchema);
  }

  fieldOptions(test: Omit<FieldOptionsTest, "kind">): Promise<StepTestAnswer<FieldOptionsTestResult>> {
    return this.ask({ ...test, kind: "field-options" }, fieldOptionsTestResultSchema);
  }

  verifyCredential(test: Omit<VerifyCredentialTest, "kind">): Promise<StepTestAnswer<VerifyCredentialResult>> {
    return this.ask({ ...test, kind: "verify-credential" }, verifyCredentialResultSchema);
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.queue.close();
  }

  /**
   * the finished-job events, listened to from the first test on: BullMQ reads them on a duplicate
   * of `redis` that it owns and closes
   */
  private queueEvents(): QueueEvents {
    this.events ??= new QueueEvents(STEP_TEST_QUEUE.name, { connection: this.redis, prefix: STEP_TEST_QUEUE.prefix });
    return this.events;
  }

  private async ask<T>(data: z.input<typeof STEP_TEST_JOB.schema>, schema: z.ZodType<T>): Promise<StepTestAnswer<T>> {
    const payload = STEP_TEST_JOB.schema.parse(data);
    const waitMs = stepTestWaitMs(payload.timeLimitMs);
    const queueEvents = this.queueEvents();
    await queueEvents.waitUntilReady();
    const job = await this.queue.add(STEP_TEST_JOB.name, payload, STEP_TEST_JOB.options);
    let returned: unknown;
    try {
      returned = await job.waitUntilFinished(queueEvents, waitMs);
    } catch (error) {
      // the worker refused the job itself (a broken contract, not a failing step)
      if ((await job.getState().catch(() => "unknown")) === "failed") throw new Error(`a worker failed the step test: ${(error as Error).message}`);
      // nobody answered in time: take it back unless a worker holds it (then it finishes unobserved)
      await job.remove().catch(() => {});
      return { answered: false, waitedMs: waitMs };
    }
    return { answered: true, result: schema.parse(returned) };
  }
}
