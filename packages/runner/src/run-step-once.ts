import { asJson } from "@interflow/queue";
import { randomUUID } from "node:crypto";
import { platformFetch } from "@interflow/components";
import type { MessageEnvelope } from "@interflow/flow";
import { type RunStepTestResult, STEP_TEST_MAX_EMITTED } from "@interflow/queue";
import type { ComponentFunction, StepCredential } from "@interflow/sdk";
import { classifyFailure } from "./classify";
import { collectLogs } from "./collected-logs";
import { withTimeLimit } from "./time-limit";

export interface RunStepOnceOptions {
  fn: ComponentFunction;
  /** the step's config as the draft has it: parsed here with the function's schema */
  config: unknown;
  /** the incoming message (its body already mapped) */
  message: Pick<MessageEnvelope, "body" | "headers" | "steps" | "meta">;
  /** the step's credential, opened (none: its node names none) */
  credential?: StepCredential;
  timeLimitMs: number;
}

/**
 * Runs a component function once on one message for the designer: collects what it emits (the
 * first STEP_TEST_MAX_EMITTED messages) and logs, and classifies a failure the way a runner does.
 * Nothing goes to any queue.
 */
export async function runStepOnce({ fn, config, message, credential, timeLimitMs }: RunStepOnceOptions): Promise<RunStepTestResult> {
  const { logger, lines } = collectLogs();
  const parsed = fn.config.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `config${issue.path.map((p) => `.${String(p)}`).join("")}: ${issue.message}`);
    return { ok: false, error: { kind: "step-error", message: problems.join("; ") }, logs: lines };
  }
  const emitted: Array<{ body: unknown; headers: Record<string, unknown> }> = [];
  let emittedCount = 0;
  let filtered = false;
  let finished = false;
  const data = (body: unknown, options?: { headers?: Record<string, unknown> }) => {
    // a step still running after its time limit emits into nothing
    if (finished) return;
    emittedCount++;
    if (emitted.length < STEP_TEST_MAX_EMITTED) emitted.push({ body, headers: options?.headers ?? {} });
  };
  const filter = () => {
    if (!finished) filtered = true;
  };
  const id = randomUUID();
  try {
    const outcome = await withTimeLimit(timeLimitMs, (signal) =>
      fn.process({ config: parsed.data, credential, message: { ...message, id, attachments: [] }, emit: { data, filtered: filter }, logger, fetch: platformFetch, signal }),
    );
    if (!outcome.done) return { ok: false, error: { kind: "timeout", message: `the step did not finish within its time limit of ${timeLimitMs} ms` }, logs: [...lines] };
    return { ok: true, emitted: asJson(emitted) as typeof emitted, emittedCount, filtered: filtered && emittedCount === 0, logs: [...lines] };
  } catch (error) {
    const failure = classifyFailure(error);
    return { ok: false, error: { kind: failure.kind, message: failure.message, details: asJson(failure.details) }, logs: [...lines] };
  } finally {
    finished = true;
  }
}
