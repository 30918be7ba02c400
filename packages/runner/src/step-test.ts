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
  type VerifyCredentialResult,
} from "@interflow/queue";
import type { ComponentDefinition, StepLogger } from "@interflow/sdk";
import { type Job, Worker } from "bullmq";
import { fieldOptionsOnce } from "./field-options";
import { runStepOnce } from "./run-step-once";
import { NO_ENCRYPTION_KEY, type OpenSecrets, openTestCredential } from "./test-credential";
import { verifyCredentialOnce } from "./verify-credential";

const notInstalled = (test: StepTestJobData) =>
  `component ${test.component}${"function" in test ? `.${test.function}` : ""} is not installed in this worker`;

/** A step test that did not run, as its kind answers: `message` says why; `timedOut` when time ran out. */
export function failedStepTest(test: StepTestJobData, message: string, timedOut = false): RunStepTestResult | FieldOptionsTestResult | VerifyCredentialResult {
  switch (test.kind) {
    case "run-step":
      return { ok: false, error: { kind: timedOut ? "timeout" : "step-error", message }, logs: [] };
    case "field-options":
      return { ok: false, error: { message } };
    case "verify-credential":
      return { verified: false, message, ...(timedOut ? { timedOut: true } : {}) };
    default:
      return assertExhaustive(test, "step test");
  }
}

/** Carries out one step test (a job of the step-test queue). */
export async function runStepTest(p: {
  test: StepTestJobData;
  components: readonly ComponentDefinition[];
  openSecrets?: OpenSecrets;
}): Promise<RunStepTestResult | FieldOptionsTestResult | VerifyCredentialResult> {
  const { test } = p;
  const component = p.components.find((c) => c.name === test.component);
  switch (test.kind) {
    case "run-step": {
      const fn = component?.functions[test.function];
      if (!fn) return { ok: false, error: { kind: "step-error", message: notInstalled(test) }, logs: [] };
      const opened = openTestCredential({ credential: test.credential, openSecrets: p.openSecrets });
      if (!opened.ok) return { ok: false, error: { kind: "step-error", message: opened.message }, logs: [] };
      const meta = { flowId: test.flowId, flowVersion: test.flowVersion, stepId: test.stepId, parentMessageId: null, attempt: 0 };
      const executionId = `step-test-${Date.now()}`;
      return runStepOnce({
        fn,
        config: test.config,
        message: { ...test.message, meta: { ...meta, executionId, traceId: executionId } },
        credential: opened.credential,
        timeLimitMs: test.timeLimitMs,
      });
    }
    case "field-options": {
      if (!component) return { ok: false, error: { message: notInstalled(test) } };
      const opened = openTestCredential({ credential: test.credential, openSecrets: p.openSecrets });
      if (!opened.ok) return { ok: false, error: { message: opened.message } };
      return fieldOptionsOnce({ component, function: test.function, field: test.field, config: test.config, credential: opened.credential, timeLimitMs: test.timeLimitMs });
    }
    case "verify-credential": {
      if (!component) return { verified: false, message: notInstalled(test) };
      if (test.sealed !== null && !p.openSecrets) {
        return { verified: false, message: NO_ENCRYPTION_KEY };
      }
      const secrets = test.sealed !== null && p.openSecrets ? p.openSecrets(test.sealed) : {};
      return verifyCredentialOnce({ component, authKind: test.authKind, fields: { ...test.values, ...secrets }, timeLimitMs: test.timeLimitMs });
    }
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
  /** opens credentials' sealed secrets (verifying a credential, running a step that signs in); without it such tests are refused */
  openSecrets?: OpenSecrets;
  /**
   * runs a test of a component not among `components` elsewhere (a custom component, in a runner of
   * its own image); undefined: it knows none of that name either
   */
  elsewhere?: (test: StepTestJobData) => Promise<RunStepTestResult | FieldOptionsTestResult | VerifyCredentialResult | undefined>;
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
      logger.warn("step test skipped: nobody waits for it any more", { jobId: job.id, kind: test.kind, component: test.component });
      const what = test.kind === "run-step" ? "test" : test.kind === "verify-credential" ? "check" : "request";
      return failedStepTest(test, `no worker took the ${what} in time`, true);
    }
    if (options.elsewhere && !components.some((c) => c.name === test.component)) {
      const answer = await options.elsewhere(test);
      if (answer) return answer;
    }
    return runStepTest({ test, components, openSecrets: options.openSecrets });
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
