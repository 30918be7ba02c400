import { builtinComponents } from "@interflow/components";
import { assertExhaustive } from "@interflow/flow";
import {
  createRedis,
  type FieldOptionsTestResult,
  type RunStepTestResult,
  STEP_TEST_JOB,
  STEP_TEST_QUEUE,
  type StepTestJobData,
  stepTestWaitMs,
} from "@interflow/queue";
import type { ComponentDefinition, StepLogger } from "@interflow/sdk";
import { type Job, Worker } from "bullmq";
import { fieldOptionsOnce } from "./field-options";
import { runStepOnce } from "./run-step-once";

const notInstalled = (test: StepTestJobData) => `component ${test.component}.${test.function} is not installed in this worker`;

/** Carries out one step test (a job of the step-test queue). */
export async function runStepTest(p: {
  test: StepTestJobData;
  components: readonly ComponentDefinition[];
}): Promise<RunStepTestResult | FieldOptionsTestResult> {
  const { test } = p;
  const component = p.components.find((c) => c.name === test.component);
  switch (test.kind) {
    case "run-step": {
      const fn = component?.functions[test.function];
      if (!fn) return { ok: false, error: { kind: "step-error", message: notInstalled(test) }, logs: [] };
      const meta = { flowId: test.flowId, flowVersion: test.flowVersion, stepId: test.stepId, parentMessageId: null, attempt: 0 };
      const executionId = `step-test-${Date.now()}`;
      return runStepOnce({
        fn,
        config: test.config,
        message: { ...test.message, meta: { ...meta, executionId, traceId: executionId } },
        timeLimitMs: test.timeLimitMs,
      });
    }
    case "field-options":
      if (!component) return { ok: false, error: { message: notInstalled(test) } };
      return fieldOptionsOnce({ component, function: test.function, field: test.field, config: test.config, timeLimitMs: test.timeLimitMs });
    default:
      return assertExhaustive(test, "step test");
  }
}

export interface StepTestProcessorOptions {
  redisUrl: string;
  logger: StepLogger;
  /** the components tests may run (default: the built-ins) */
  components?: readonly ComponentDefinition[];
  /** tests run at once by this process */
  concurrency?: number;
}

export interface StepTestProcessor {
  close(): Promise<void>;
}

/**
 * Takes the designer's step tests from their queue and runs them, in this process. Every worker
 * process runs one (not only the leader): tests are short, independent and need no lease.
 */
export async function startStepTestProcessor(options: StepTestProcessorOptions): Promise<StepTestProcessor> {
  const components = options.components ?? builtinComponents;
  const { logger } = options;
  // a connection of its own, quit on close: BullMQ does not close a connection it was given
  const connection = createRedis(options.redisUrl, { enableAutoPipelining: false });
  const processTest = async (job: Job) => {
    const test = STEP_TEST_JOB.schema.parse(job.data);
    if (Date.now() - job.timestamp > stepTestWaitMs(test.timeLimitMs)) {
      // the API stopped waiting for it: running it now would only call the target for nobody
      logger.warn("step test skipped: nobody waits for it any more", { jobId: job.id, component: test.component, function: test.function });
      return test.kind === "run-step"
        ? { ok: false, error: { kind: "timeout", message: "no worker took the test in time" }, logs: [] }
        : { ok: false, error: { message: "no worker took the request in time" } };
    }
    return runStepTest({ test, components });
  };
  const worker = new Worker(STEP_TEST_QUEUE.name, processTest, { connection, prefix: STEP_TEST_QUEUE.prefix, concurrency: options.concurrency ?? 8 });
  worker.on("error", (error) => logger.error("step test queue error", { error: error.message }));
  worker.on("failed", (job, error) => logger.error("step test refused", { jobId: job?.id, error: error.message }));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await connection.quit().catch(() => {});
    },
  };
}
